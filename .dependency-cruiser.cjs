/**
 * Which capability folder of app/domain may import which (and, through them, what they may):
 * one way, never back. A new folder, or a new edge, is added here; CONTRIBUTING.md draws it.
 */
const CAPABILITIES = {
  audit: [],
  people: ["audit", "organisations"],
  organisations: ["audit"],
  notifications: [],
  "rate-limits": [],
  catalogue: ["audit"],
  completions: ["audit", "people", "notifications"],
  // A certificate waits for its session's evaluation where the course asks for one (issue 21).
  certificates: ["completions", "people", "evaluations"],
  "kept-coverage": ["audit"],
  requirements: ["kept-coverage"],
  sessions: ["catalogue", "certificates", "completions", "notifications", "requirements", "working-days", "charges"],
  compliance: ["sessions"],
  coverage: ["compliance", "organisations"],
  kpis: ["coverage", "evaluations"],
  imports: ["people", "organisations", "completions", "catalogue", "audit", "kept-coverage"],
  accounts: ["audit", "notifications", "people", "organisations", "rate-limits"],
  // Hosted SCORM courses: packages, the runtime's attempts, and the completion they record.
  elearning: ["catalogue", "completions", "audit", "notifications", "people", "kept-coverage"],
  // Evidence of training done elsewhere and its verification queue.
  evidence: ["catalogue", "completions", "audit", "notifications", "people", "kept-coverage"],
  // Scheduled messages: session reminders, joining instructions, expiry notices, managers' digests.
  // Issue 21: England and Wales bank holidays and working-day arithmetic.
  "working-days": ["audit"],
  // Evaluation forms, responses and results (reads bookings and sessions by SQL, not through sessions).
  evaluations: ["audit", "notifications", "catalogue", "people", "completions"],
  // Charges for no-shows and late cancellations, per sector, and the invoicing report. Sessions
  // charge a booking in the transaction that records the no-show or late cancellation, so charges
  // sits below sessions and reads bookings by its own SQL.
  charges: ["organisations", "audit"],
  reminders: ["notifications", "sessions", "compliance", "completions", "people", "organisations"],
};

/** Everything a folder may import: its edges, and theirs. Throws on a cycle, so the graph stays one-way. */
function reachable(folder, path = []) {
  if (path.includes(folder)) throw new Error(`Capability cycle: ${[...path, folder].join(" → ")}`);
  const edges = CAPABILITIES[folder];
  if (!edges) throw new Error(`Unknown capability folder in CAPABILITIES: ${folder}`);
  return [...new Set(edges.flatMap((to) => [to, ...reachable(to, [...path, folder])]))];
}

const capabilityRules = [
  ...Object.keys(CAPABILITIES).map((folder) => ({
    name: `capability-${folder}`,
    comment: `app/domain/${folder} may import only the capability folders below it (CAPABILITIES).`,
    severity: "error",
    from: { path: `^app/domain/${folder}/` },
    to: { path: `^app/domain/(?!(${[folder, ...reachable(folder)].join("|")})/)[^/]+/` },
  })),
  {
    name: "capability-listed",
    comment: "Every folder of app/domain has its place in CAPABILITIES.",
    severity: "error",
    from: { path: `^app/domain/(?!(${Object.keys(CAPABILITIES).join("|")})/)[^/]+/` },
    to: {},
  },
];

/**
 * The one-way flow of DESIGN.md: routes → auth → domain → db. Run by `npm run lint`.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    ...capabilityRules,
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
      comment: "The database layer knows nothing above it, the demo council included.",
      severity: "error",
      from: { path: "^app/db/" },
      to: { path: "^app/(routes|domain|auth|demo|components|pdf)/" },
    },
    {
      name: "demo-builds-on-the-layers",
      comment:
        "The demo council (app/demo) writes through app/db, may use the domain, app/lib, password hashing and two-step secret encryption, " +
        "and knows nothing of pages or the rest of app/auth.",
      severity: "error",
      from: { path: "^app/demo/" },
      to: {
        path: "^app/(routes|components|pdf)/|^app/auth/(?!password\\.server|two-step-secret\\.server)|^app/(root|entry\\.server)\\.tsx$|@remix-run",
      },
    },
    {
      name: "demo-seed-on-demand",
      comment:
        "The app reaches the demo only through prepare-database.server.ts, which loads the seed with import() " +
        "when it is about to run, so a server that does not seed never loads it.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/demo/" },
      to: { path: "^app/demo/", pathNot: "^app/demo/prepare-database\\.server\\.ts$" },
    },
    {
      name: "demo-seed-loaded-dynamically",
      severity: "error",
      from: { path: "^app/demo/(prepare-database|demo-accounts-check|accounts)\\." },
      to: {
        path: "^app/demo/",
        pathNot: "^app/demo/(demo-accounts-check\\.server|accounts)\\.ts$",
        dynamic: false,
        dependencyTypesNot: ["type-only"],
      },
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
      name: "kept-coverage-tables",
      comment:
        "The kept state's tables (person_requirements, coverage_figures, person_statuses, person_quarter_courses, the stale marks, the checks) " +
        "are read and refreshed only in app/domain/kept-coverage/, which brings them up to date first (decision 009). " +
        "tests/unit/kept-tables-owned.test.ts finds their names in SQL text elsewhere.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/(domain/kept-coverage|db)/" },
      to: { path: "^app/db/schema/kept-coverage\\.ts$" },
    },
    {
      name: "kept-coverage-internals",
      comment:
        "kept-rows.ts and stale-marks.ts build and refresh the kept rows without bringing them up to date: other " +
        "capabilities read through kept-coverage/readers.ts, whose fragments need the proof keptCoverageUpToDate returns.",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/domain/kept-coverage/" },
      to: { path: "^app/domain/kept-coverage/(kept-rows|stale-marks)\\.ts$" },
    },
    {
      name: "storage-is-a-leaf",
      comment: "app/storage keeps files (imports, evidence) for the domain and knows nothing above it.",
      severity: "error",
      from: { path: "^app/storage/" },
      to: { path: "^app/(?!(storage|lib)/|env\\.server\\.ts$)" },
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
