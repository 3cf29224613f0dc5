// The matched route's pattern (/people/:personId), never the raw path and query: what logs and
// metrics name a request by, so that no name, e-mail address or search reaches them (issue 24).
//
// The route tree is flattened, ranked and compiled once, as @remix-run/router's matchRoutes would
// on every call (it flattens and ranks all ~110 routes and compiles a regular expression per branch
// tried, each time: ~0.7 ms of CPU a request, issue 22). Same order, same expressions, same nested
// matching; tests/unit/route-pattern.test.ts compares the two on every route and more.
import { matchRoutes } from "@remix-run/react";

const joinPaths = (paths) => paths.join("/").replace(/\/\/+/g, "/");

/** As the router decodes a path before matching it (a malformed escape leaves it as it is). */
function decodePath(value) {
  try {
    return value
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return value;
  }
}

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

/** The pattern of a route match: its routes' paths, joined. */
function patternOfMatches(matches) {
  const segments = matches.map((match) => match.route.path).filter((segment) => segment);
  return `/${segments.join("/")}`;
}

// --- @remix-run/router 1.x's flattenRoutes, rankRouteBranches, compilePath and matchRouteBranch,
// --- kept to what a label needs (no optional segments: routeMatcher falls back to matchRoutes).

function flatten(routes, branches = [], parentsMeta = [], parentPath = "") {
  routes.forEach((route, index) => {
    const meta = {
      relativePath: route.path || "",
      caseSensitive: route.caseSensitive === true,
      childrenIndex: index,
      route,
    };
    if (meta.relativePath.startsWith("/")) meta.relativePath = meta.relativePath.slice(parentPath.length);
    const path = joinPaths([parentPath, meta.relativePath]);
    const routesMeta = parentsMeta.concat(meta);
    if (route.children && route.children.length > 0) flatten(route.children, branches, routesMeta, path);
    if (route.path == null && !route.index) return;
    branches.push({ path, score: computeScore(path, route.index), routesMeta });
  });
  return branches;
}

const paramRe = /^:[\w-]+$/;
const isSplat = (segment) => segment === "*";
function computeScore(path, index) {
  const segments = path.split("/");
  let initialScore = segments.length;
  if (segments.some(isSplat)) initialScore += -2;
  if (index) initialScore += 2;
  return segments
    .filter((segment) => !isSplat(segment))
    .reduce((score, segment) => score + (paramRe.test(segment) ? 3 : segment === "" ? 1 : 10), initialScore);
}

function compareIndexes(a, b) {
  const siblings = a.length === b.length && a.slice(0, -1).every((n, i) => n === b[i]);
  return siblings ? a[a.length - 1] - b[b.length - 1] : 0;
}

function compilePath(path, caseSensitive, end) {
  const params = [];
  let source = `^${path
    .replace(/\/*\*?$/, "")
    .replace(/^\/*/, "/")
    .replace(/[\\.*+^${}|()[\]]/g, "\\$&")
    .replace(/\/:([\w-]+)(\?)?/g, (_, paramName) => {
      params.push(paramName);
      return "/([^\\/]+)";
    })}`;
  const splat = path.endsWith("*");
  if (splat) source += path === "*" || path === "/*" ? "(.*)$" : "(?:\\/(.+)|\\/*)$";
  else if (end) source += "\\/*$";
  else if (path !== "" && path !== "/") source += "(?:(?=\\/|$))";
  return { regexp: new RegExp(source, caseSensitive ? undefined : "i"), splat };
}

/** matchPath's pathnameBase for a compiled path, or null when it does not match. */
function matchBase(compiled, pathname) {
  const match = compiled.regexp.exec(pathname);
  if (!match) return null;
  const matched = match[0];
  if (compiled.splat) {
    const splatValue = match[match.length - 1] || "";
    return matched.slice(0, matched.length - splatValue.length).replace(/(.)\/+$/, "$1");
  }
  return matched.replace(/(.)\/+$/, "$1");
}

function matchesBranch(branch, pathname) {
  let matchedPathname = "/";
  for (const step of branch.steps) {
    const remaining = matchedPathname === "/" ? pathname : pathname.slice(matchedPathname.length) || "/";
    const base = matchBase(step, remaining);
    if (base === null) return false;
    if (base !== "/") matchedPathname = joinPaths([matchedPathname, base]);
  }
  return true;
}

/** A function from a decoded URL path to the pattern of the route it reaches, or null. */
export function routeMatcher(routes) {
  const hasOptional = (list) => list.some((route) => route.path?.includes("?") || hasOptional(route.children ?? []));
  if (hasOptional(routes)) {
    return (pathname) => {
      const matches = matchRoutes(routes, pathname);
      return matches ? patternOfMatches(matches) : null;
    };
  }
  const branches = flatten(routes);
  branches.sort((a, b) =>
    a.score !== b.score
      ? b.score - a.score
      : compareIndexes(
          a.routesMeta.map((meta) => meta.childrenIndex),
          b.routesMeta.map((meta) => meta.childrenIndex),
        ),
  );
  const compiled = branches.map((branch) => ({
    pattern: patternOfMatches(branch.routesMeta.map((meta) => ({ route: meta.route }))),
    steps: branch.routesMeta.map((meta, i) =>
      compilePath(meta.relativePath, meta.caseSensitive, i === branch.routesMeta.length - 1),
    ),
  }));
  return (pathname) => {
    const decoded = decodePath(pathname);
    for (const branch of compiled) if (matchesBranch(branch, decoded)) return branch.pattern;
    return null;
  };
}

/** Single fetch asks for a page's data at /page.data (and the root's at /_root.data). */
function pagePath(pathname) {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  return path === "/_root" || path === "" ? "/" : path;
}

/** A function from a URL path to the pattern of the Remix route it reaches, or "unmatched". */
export function routePatterns(build) {
  const match = routeMatcher(routeTree(build));
  return (pathname) => match(pagePath(pathname)) ?? "unmatched";
}

/** As routePatterns, through matchRoutes on every call (the tests compare the two). */
export function routePatternsByMatchRoutes(build) {
  const routes = routeTree(build);
  return (pathname) => {
    const matches = matchRoutes(routes, pagePath(pathname));
    return matches ? patternOfMatches(matches) : "unmatched";
  };
}

/** Labels each request (res.locals.route) before anything answers it; static files relabel themselves. */
export function labelRoute(patternOf) {
  return (req, res, next) => {
    res.locals.route = patternOf(req.path);
    next();
  };
}
