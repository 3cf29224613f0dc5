import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { describe, expect, it } from "vitest";
import { routePatterns } from "../../server/route-pattern.mjs";

type Routes = Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }
>;

/** The app's routes as its build lists them: app/routes by Remix's flat-routes convention, under root. */
function appRoutes(): Routes {
  const manifest = flatRoutes(path.resolve("app"), [], "routes") as Routes;
  const routes: Routes = { root: { id: "root", path: "" } };
  for (const [id, route] of Object.entries(manifest)) routes[id] = { ...route, parentId: route.parentId ?? "root" };
  return routes;
}

/** A path each route answers, its dynamic segments filled in, and variants around it. */
function pathsFor(pattern: string): string[] {
  const filled = pattern
    .replace(/:[\w-]+/g, "123")
    .replace(/\*$/, "a/b.js")
    .replace(/\/+/g, "/");
  return [
    filled,
    `${filled}/`,
    filled.toUpperCase(),
    `${filled}.data`,
    `${filled}/extra`,
    filled.replace(/123/g, "a%20b"),
  ];
}

describe("a request's route pattern (logs and metrics)", () => {
  it("is the same remembered as matched afresh, for every route of the app and paths around them", () => {
    const build = { routes: appRoutes() };
    const fast = routePatterns(build);
    const slow = routePatterns(build, { remember: false });
    const patterns = new Set(Object.keys(build.routes).map((id) => slow(`/${build.routes[id]?.path ?? ""}`)));
    expect(Object.keys(build.routes).length).toBeGreaterThan(100);
    const paths = [
      "/",
      "",
      "/_root.data",
      "/certificates/1493.pdf",
      "/certificates/bulk.zip",
      "/people/12/edit",
      "/elearning/content/7/index.html",
      "/nowhere/at/all",
      "/%E0%A4%A",
      "//people//12",
      ...[...patterns].flatMap(pathsFor),
      ...Object.values(build.routes).flatMap((route) => (route.path ? pathsFor(`/${route.path}`) : [])),
    ];
    // Twice: the second answer of a path without parameters is the remembered one.
    for (const p of [...paths, ...paths]) expect(fast(p), p).toBe(slow(p));
  });

  it("is the router's, through its ranking and nesting, remembered or not", () => {
    const build = {
      routes: {
        root: { id: "root", path: "" },
        a: { id: "a", parentId: "root", path: "people" },
        b: { id: "b", parentId: "a", index: true },
        c: { id: "c", parentId: "a", path: ":id" },
        d: { id: "d", parentId: "a", path: "new" },
        e: { id: "e", parentId: "root", path: "people/:id/edit" },
        f: { id: "f", parentId: "root", path: "*" },
        g: { id: "g", parentId: "root" },
        h: { id: "h", parentId: "g", path: "x/:y" },
        i: { id: "i", parentId: "root", path: "x/:z" },
        j: { id: "j", parentId: "root", path: "files/*" },
        k: { id: "k", parentId: "root", path: "Case", caseSensitive: true },
        l: { id: "l", parentId: "root", path: "dots.pdf" },
      },
    };
    const fast = routePatterns(build);
    const slow = routePatterns(build, { remember: false });
    for (const p of [
      "/people",
      "/people/",
      "/people/new",
      "/people/7",
      "/people/7/edit",
      "/people/7/other",
      "/x/1",
      "/files",
      "/files/a/b",
      "/Case",
      "/case",
      "/dots.pdf",
      "/dotsXpdf",
      "/",
    ]) {
      expect(fast(p), p).toBe(slow(p));
      expect(fast(p), p).toBe(slow(p));
    }
    expect(fast("/people/new")).toBe("/people/new");
    expect(fast("/people/7")).toBe("/people/:id");
    expect(fast("/x/1")).toBe("/x/:y");
  });
});
