// The matched route's pattern (/people/:personId), never the raw path and query: what logs and
// metrics name a request by, so that no name, e-mail address or search reaches them (issue 24).
import { matchRoutes } from "@remix-run/react";

/** The route objects of a Remix build, nested as matchRoutes takes them. */
function routeTree(build) {
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
  return tree(undefined);
}

/** Single fetch asks for a page's data at /page.data (and the root's at /_root.data). */
function pagePath(pathname) {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  return path === "/_root" || path === "" ? "/" : path;
}

/** The pattern of a path with a broken percent escape (/%E0%A4%A): no route's, and refused (server/app.mjs). */
export const MALFORMED_PATH = "malformed";

function decodable(path) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Paths of routes without parameters remembered at most: a bound, though the app has ~60 such. */
const REMEMBERED_PATHS = 1000;

/**
 * A function from a URL path to the pattern of the Remix route it reaches, "unmatched", or
 * MALFORMED_PATH.
 * matchRoutes ranks all ~110 routes on every call (~0.7 ms of CPU a request, issue 22), so the
 * answer for a path that reaches a route without parameters (/team, /dashboard) is remembered;
 * a path with an id or a token in it is matched every time, and never kept.
 */
export function routePatterns(build, { remember = true } = {}) {
  const routes = routeTree(build);
  const remembered = new Map();
  return (pathname) => {
    const path = pagePath(pathname);
    const known = remembered.get(path);
    if (known) return known;
    // Not handed to the router, which would log a warning quoting the path.
    if (!decodable(path)) return MALFORMED_PATH;
    const matches = matchRoutes(routes, path);
    if (!matches) return "unmatched";
    const segments = matches.map((match) => match.route.path).filter((segment) => segment);
    const pattern = `/${segments.join("/")}`;
    if (remember && !/[:*]/.test(pattern)) {
      if (remembered.size >= REMEMBERED_PATHS) remembered.clear();
      remembered.set(path, pattern);
    }
    return pattern;
  };
}

/** Labels each request (res.locals.route) before anything answers it; static files relabel themselves. */
export function labelRoute(patternOf) {
  return (req, res, next) => {
    res.locals.route = patternOf(req.path);
    next();
  };
}
