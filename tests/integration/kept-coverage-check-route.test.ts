import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { action as dashboardAction, loader as dashboardLoader } from "../../app/routes/dashboard._index/route";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { buildCoverageCouncil } from "./coverage-fixtures";

/** Issue 15: the coordinator sees when the figures were last checked against the records, and can check them now. */
let t: TestDatabase;
const accounts = {} as Record<"manager" | "coordinator", string>;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
  accounts.manager = (
    await make.account(t.db, { personId: f.p.a8.id, roles: ["manager"], managesOrganisationId: f.a1s.id })
  ).id;
  accounts.coordinator = (await make.account(t.db, { personId: f.p.a7.id, roles: ["coordinator"] })).id;
});
afterAll(() => t?.close());

type DashboardData = Awaited<ReturnType<typeof dashboardLoader>>;
const args = (request: Request) => ({ request, params: {}, context: {} });
const view = async (who: keyof typeof accounts) => {
  const request = await signedInRequest(t.db, accounts[who], "/dashboard");
  return (await call(() => dashboardLoader(args(request)))) as DashboardData;
};
const post = async (who: keyof typeof accounts) => {
  const request = await signedInRequest(t.db, accounts[who], "/dashboard", { method: "POST" });
  return call(() => dashboardAction(args(request)));
};

describe("the figures' check on the dashboard", () => {
  it("is the coordinator's: a manager neither sees it nor runs it", async () => {
    const seen = await view("manager");
    expect(seen.canCheck).toBe(false);
    expect(seen.figuresCheck).toBeNull();
    const refused = await post("manager");
    expect(refused instanceof Response ? refused.status : 200).toBe(403);
    expect(await queryRows(t.db, sql`select 1 from kept_coverage_checks`)).toEqual([]);
  });

  it("says the figures were never checked, then when they were and what was found, audited", async () => {
    const before = await view("coordinator");
    expect(before.canCheck).toBe(true);
    expect(before.figuresCheck).toBeNull();

    const done = await post("coordinator");
    expect(done).toBeInstanceOf(Response);
    expect((done as Response).status).toBe(302);
    expect((done as Response).headers.get("Location")).toBe("/dashboard");

    const after = await view("coordinator");
    expect(after.figuresCheck).toMatchObject({ differences: 0 });
    expect(after.figuresCheck!.rowsCompared).toBeGreaterThan(0);
    const audited = await queryRows<{ actor_account_id: string; after: { differences: number } }>(
      t.db,
      sql`select actor_account_id, after from audit_events where action = 'kept_coverage.check'`,
    );
    expect(audited).toEqual([
      { actor_account_id: accounts.coordinator, after: expect.objectContaining({ differences: 0 }) },
    ]);
  });
});
