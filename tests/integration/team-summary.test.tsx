import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { requirementCourses, requirements } from "../../app/db/schema";
import { addDaysToDate, todayInLondon } from "../../app/lib/dates";
import { loader as teamLoader } from "../../app/routes/team._index/route";
import { TeamSummary } from "../../app/routes/team._index/team-summary";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("My team's summary", () => {
  it("adds up: expiring soon is counted as current, and the rest by their worst status make up the whole team", async () => {
    const today = todayInLondon();
    const root = await make.organisation(t.db, { kind: "council" });
    const service = await make.organisation(t.db, { kind: "service", parentId: root.id });
    const prevent = await make.course(t.db, { title: "Prevent awareness" });
    const safeguarding = await make.course(t.db, { title: "Safeguarding" });
    const [r1, r2] = await t.db
      .insert(requirements)
      .values([
        { name: "Prevent", dueWithinDays: 90, reminderDays: 60 },
        { name: "Safeguarding", dueWithinDays: 365, reminderDays: 60 },
      ])
      .returning();
    await t.db.insert(requirementCourses).values([
      { requirementId: r1!.id, courseId: prevent.id },
      { requirementId: r2!.id, courseId: safeguarding.id },
    ]);
    const manager = await make.person(t.db, { organisationId: service.id, startDate: "2020-01-01" });
    const account = await make.account(t.db, { personId: manager.id, roles: ["manager"] });
    const report = (startDate: string) =>
      make.person(t.db, { organisationId: service.id, lineManagerId: manager.id, startDate });
    const held = (personId: number, courseId: number, expiresOn: string) =>
      make.completion(t.db, { personId, courseId, completedOn: addDaysToDate(expiresOn, -700), expiresOn });
    const upToDate = await report("2020-01-01");
    await held(upToDate.id, prevent.id, addDaysToDate(today, 700));
    await held(upToDate.id, safeguarding.id, addDaysToDate(today, 700));
    const expiring = await report("2020-01-01");
    await held(expiring.id, prevent.id, addDaysToDate(today, 30));
    await held(expiring.id, safeguarding.id, addDaysToDate(today, 700));
    // A new starter: Prevent done and expiring, safeguarding not yet due.
    const starter = await report(addDaysToDate(today, -10));
    await held(starter.id, prevent.id, addDaysToDate(today, 30));
    const expired = await report("2020-01-01");
    await held(expired.id, prevent.id, addDaysToDate(today, -5));
    await held(expired.id, safeguarding.id, addDaysToDate(today, 700));
    await report("2020-01-01"); // nothing done: missing

    const page = await teamLoader({
      request: await signedInRequest(t.db, account.id, "/team"),
      params: {},
      context: {},
    });
    const summary = page.matrix.summary;
    expect(summary).toEqual({
      people: 5,
      peopleCurrent: 2,
      peopleCurrentExpiring: 1,
      byWorstStatus: { current: 1, not_yet_due: 0, expiring: 2, expired: 1, missing: 1 },
    });
    const words = text(renderToStaticMarkup(<TeamSummary summary={summary} today={today} filtered={false} />));
    expect(words).toMatch(
      /^2 of 5 people current On \d+ \w+ \d{4}: 1 up to date and 1 expiring soon, which still counts as current \(2 in all\)\. Of the other 3, by each person’s worst status: 1 new starter not yet due, 1 expired and 1 missing\.$/,
    );
    // Every number said adds up to the headline and to the team.
    const [current, team, , , up, soon, all, others, ...rest] = words.match(/\d+/g)!.map(Number);
    expect(up! + soon!).toBe(all);
    expect(all).toBe(current);
    expect(others).toBe(team! - current!);
    expect(rest.slice(-3).reduce((a, b) => a + b, 0)).toBe(others);
  });
});
