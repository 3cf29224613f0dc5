import { sql } from "drizzle-orm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HashedSessionAdapter } from "../../app/auth/hashed-session-adapter.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { prepareKpis } from "../../app/domain/kpis/prepare-kpis";
import { todayInLondon } from "../../app/lib/dates";
import { loader as rootLoader } from "../../app/root";
import { loader as adminLoader } from "../../app/routes/admin._index";
import { loader as auditLoader } from "../../app/routes/admin.audit";
import { loader as kpisLoader } from "../../app/routes/admin.kpis._index";
import { loader as dashboardLoader } from "../../app/routes/dashboard._index/route";
import { loader as myTrainingLoader } from "../../app/routes/my-training";
import { loader as quarterlyLoader } from "../../app/routes/reports.quarterly._index/route";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";

/**
 * Issue 22 item 7: one sign-in check per request (the root loader and the page's share it), and a
 * page view ensures or creates nothing: KPI definitions and the like are the start-up's work.
 */
let t: TestDatabase;
let coordinator: string;

/**
 * Kept state, derived from the records and brought up to date by whoever reads it first
 * (decisions 009 and 017): a view may refresh it; it holds nothing of anyone's.
 */
const DERIVED = new Set([
  "person_requirements",
  "coverage_figures",
  "person_statuses",
  "person_quarter_courses",
  "stale_person_requirements",
  "kpi_running_figures",
]);

const PAGES: Array<[string, (args: LoaderFunctionArgs) => Promise<unknown>]> = [
  ["/dashboard", dashboardLoader],
  ["/reports/quarterly", quarterlyLoader],
  ["/admin", adminLoader],
  ["/admin/kpis", kpisLoader],
  ["/admin/audit", auditLoader],
  ["/my-training", myTrainingLoader],
];

/** Every table's row count but the derived ones. */
async function everyTable(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    t.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (DERIVED.has(name) || name.startsWith("__drizzle")) continue;
    const [row] = await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from "${name}"`));
    counts[name] = row!.n;
  }
  return counts;
}

/**
 * A page request as Remix runs it: the root loader and the page's loader together, each given its
 * own copy of the browser's Request (Remix strips its query parameters into a new one for each).
 */
async function view(path: string, loader: (args: LoaderFunctionArgs) => Promise<unknown>, sent?: Request) {
  const request = sent ?? (await signedInRequest(t.db, coordinator, path));
  const copy = () => new Request(request.url, { headers: request.headers });
  await Promise.all([
    rootLoader({ request: copy(), params: {}, context: {} }),
    loader({ request: copy(), params: {}, context: {} }),
  ]);
}

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const org = await make.organisation(t.db);
  const person = await make.person(t.db, { organisationId: org.id });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
  await make.course(t.db);
  // What the service does when it starts (app/start-up.server.ts): the KPI definitions among it.
  await prepareKpis(t.db, todayInLondon());
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

describe("a page view", () => {
  it.each(PAGES)("%s checks the session once for the root loader and the page together", async (path, loader) => {
    const lookUp = vi.spyOn(HashedSessionAdapter.prototype, "getSessionAndUser");
    await view(path, loader);
    expect(lookUp).toHaveBeenCalledTimes(1);
  });

  it("checks again on the browser's next request: nothing is kept after a request's check", async () => {
    const sent = await signedInRequest(t.db, coordinator, "/dashboard");
    const lookUp = vi.spyOn(HashedSessionAdapter.prototype, "getSessionAndUser");
    await view("/dashboard", dashboardLoader, sent);
    await view("/dashboard", dashboardLoader, sent);
    expect(lookUp).toHaveBeenCalledTimes(2);
  });

  it.each(PAGES)("%s writes nothing, however often it is viewed", async (path, loader) => {
    // The first view since the records changed may bring the derived state up to date; nothing else.
    const before = await everyTable();
    expect(before.kpi_definitions).toBeGreaterThan(0);
    await view(path, loader);
    await view(path, loader);
    // Each view signed in afresh (an auth_sessions row, the test's own doing): nothing else changes.
    const after = await everyTable();
    expect({ ...after, auth_sessions: undefined }).toEqual({ ...before, auth_sessions: undefined });
  });
});
