import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts, auditEvents, notifications, requirementCourses, requirements } from "../../app/db/schema";
import { runDailyMessages } from "../../app/domain/reminders/daily-messages";
import { londonDateTimeToInstant } from "../../app/lib/dates";
import * as accountPage from "../../app/routes/account._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { council } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

type Result = { data: Record<string, unknown>; init: { status?: number } | null };

async function page(accountId: string, path = "/account") {
  return (await call(async () =>
    accountPage.loader({ request: await signedInRequest(t.db, accountId, path), params: {}, context: {} }),
  )) as unknown as Result;
}

async function save(accountId: string, form: Record<string, string>) {
  return call(async () =>
    accountPage.action({
      request: await signedInRequest(t.db, accountId, "/account", { form }),
      params: {},
      context: {},
    }),
  );
}

async function world() {
  const { service, people } = await council(t.db, 1);
  const course = await make.course(t.db);
  const [requirement] = await t.db.insert(requirements).values({ name: "Prevent" }).returning();
  await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
  const manager = await make.person(t.db, { organisationId: service.id });
  await make.person(t.db, { organisationId: service.id, lineManagerId: manager.id });
  const managerAccount = await make.account(t.db, { personId: manager.id, roles: ["manager"] });
  const learnerAccount = await make.account(t.db, { personId: people[0]!.id });
  return { manager, managerAccount, learnerAccount };
}

describe("the monthly e-mail about one's team, on the account page", () => {
  it("a manager has it on unless they turn it off; turning it off is audited and stops the digest", async () => {
    const w = await world();
    expect((await page(w.managerAccount.id)).data).toMatchObject({ manages: true, teamDigest: true, saved: false });

    const saved = (await save(w.managerAccount.id, { teamDigest: "no" })) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/account?saved=team-digest");
    expect((await page(w.managerAccount.id, "/account?saved=team-digest")).data).toMatchObject({
      teamDigest: false,
      saved: true,
    });
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, w.managerAccount.id));
    expect(row!.receivesTeamDigest).toBe(false);
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "account.team-digest"), eq(auditEvents.entityId, w.managerAccount.id)));
    expect(audited).toEqual([
      expect.objectContaining({
        actorAccountId: w.managerAccount.id,
        subjectPersonId: w.manager.id,
        before: { receivesTeamDigest: true },
        after: { receivesTeamDigest: false },
      }),
    ]);
    // Saving the same choice again changes (and audits) nothing.
    await save(w.managerAccount.id, { teamDigest: "no" });
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "account.team-digest"))).toHaveLength(1);

    const first = londonDateTimeToInstant("2026-07-01", "08:00");
    expect((await runDailyMessages(t.db, { now: first }))["team.digest"]).toBe(0);
    // Turned on again, the next digest goes.
    await save(w.managerAccount.id, { teamDigest: "yes" });
    expect((await runDailyMessages(t.db, { now: first }))["team.digest"]).toBe(1);
    const [digest] = await t.db.select().from(notifications).where(eq(notifications.kind, "team.digest"));
    expect(digest!.recipientPersonId).toBe(w.manager.id);
  });

  it("is not offered to someone who manages nobody, and a bad answer is a 400 with the error on the field", async () => {
    const w = await world();
    expect((await page(w.learnerAccount.id)).data).toMatchObject({ manages: false, teamDigest: null });
    const refused = (await save(w.managerAccount.id, { teamDigest: "maybe" })) as unknown as Result;
    expect(refused.init?.status).toBe(400);
    expect(refused.data).toEqual({
      errors: { teamDigest: "Select whether you want the monthly e-mail about your team" },
    });
    const [row] = await t.db.select().from(accounts).where(eq(accounts.id, w.managerAccount.id));
    expect(row!.receivesTeamDigest).toBe(true);
  });
});
