/**
 * The one-way flow of DESIGN.md: routes → auth → domain → db. Run by `npm run lint`.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "domain-not-to-routes-auth-or-ui",
      comment: "The domain is plain functions over a database handle: no HTTP, no JSX, no permission module.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { path: "^app/(routes|auth|components|pdf)/|^app/root\\.tsx|@remix-run" },
    },
    {
      name: "db-not-upwards",
      comment: "The database layer knows nothing above it (the demo seed may hash its password).",
      severity: "error",
      from: { path: "^app/db/" },
      to: { path: "^app/(routes|domain|components|pdf)/|^app/auth/(?!password\\.server)" },
    },
    {
      name: "routes-no-sql",
      comment: "Routes call the domain; only the domain and app/db build queries (schema constants are fine).",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "^app/db/(?!schema)|drizzle-orm|postgres|@electric-sql" },
    },
    {
      name: "pages-take-values-not-the-schema",
      comment:
        "Route modules and their components run in the browser too: value lists come from app/lib/values " +
        "(or a capability's values.ts), so the client bundle carries no drizzle. Only *.server files reach app/db.",
      severity: "error",
      from: { path: "^app/(routes|components)/", pathNot: "\\.server\\.tsx?$" },
      to: { path: "^app/db/" },
    },
    {
      name: "values-have-no-server-code",
      comment: "A capability's values.ts is what pages may import from the domain: constants, with no database.",
      severity: "error",
      from: { path: "^app/domain/[^/]+/values\\.ts$" },
      to: { path: "^app/(db|auth|routes|components|pdf)/|drizzle-orm|postgres|@electric-sql|lucia|@node-rs" },
    },
    {
      name: "components-are-presentational",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/(routes|domain|db|auth)/" },
    },
    {
      name: "lib-is-a-leaf",
      comment: "app/lib holds pure helpers (dates, labels, forms) that any layer may use.",
      severity: "error",
      from: { path: "^app/lib/" },
      to: { path: "^app/(?!lib/)" },
    },
    {
      name: "not-to-tests",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
