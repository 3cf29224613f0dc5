// The matched route's pattern (/people/:personId), never the raw path and query: what logs and
// metrics name a request by, so that no name, e-mail address or search reaches them (issue 24).
import { matchRoutes } from "@remix-run/react";

/** A function from a URL path to the pattern of the Remix route it reaches, or "unmatched". */
export function routePatterns(build) {
  const children = new Map();
  for (const route of Object.values(build.routes)) {
    const siblings = children.get(route.parentId) ?? [];
    siblings.push(route);
    children.set(route.parentId, siblings);
  }
  const tree = (parentId) =>
    (children.get(parentId) ?? []).map((route) => ({
      id: route.id,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      children: tree(route.id),
    }));
  const routes = tree(undefined);

  return (pathname) => {
    // Single fetch asks for a page's data at /page.data (and the root's at /_root.data).
    let path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
    if (path === "/_root" || path === "") path = "/";
    const matches = matchRoutes(routes, path);
    if (!matches) return "unmatched";
    const segments = matches.map((match) => match.route.path).filter((segment) => segment);
    return `/${segments.join("/")}`;
  };
}

/** Labels each request (res.locals.route) before anything answers it; static files relabel themselves. */
export function labelRoute(patternOf) {
  return (req, res, next) => {
    res.locals.route = patternOf(req.path);
    next();
  };
}
