import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../app/db/database";
import { completions, people, requirements } from "../../app/db/schema";
import {
  COMPLIANCE_STATUSES,
  type ComplianceStatus,
  STATUS_SEVERITY,
} from "../../app/domain/compliance/compliance-query";
import { complianceFor } from "../../app/domain/compliance/status-for-people";
import { type TeamMatrix, type TeamMatrixQuery, teamMatrix } from "../../app/domain/compliance/team-matrix";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { addMonthsToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";

// The team matrix's figures, worked out in SQL from each row's status as a bit, against the
// compliance engine's rows; and its pages by name found each of three ways (walking the name
// index looking up each person's rows, walking it checking people against everyone's figures,
// sorting everyone) the same. Today or later, each person's statuses are read from the kept
// person_statuses: the same as the engine's for any scope or filter, and still as records change.

let t: TestDatabase;
let db: Database;
const ALL = { kind: "all" } as const;
const ON = "2026-06-01";
/** With `now` on the date asked about, the matrix reads the kept rows; without, the engine (a past date). */
const NOW = new Date("2026-06-01T08:00:00Z");
let prevent: number;
let safeguarding: number;
let service: { id: number };
let libraries: { id: number };
let awarenessCourse: number;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const council = await make.organisation(db, { kind: "council", name: "Council" });
  service = await make.organisation(db, { kind: "service", name: "Youth Service", parentId: council.id });
  libraries = await make.organisation(db, { kind: "service", name: "Libraries", parentId: council.id });
  const contractor = await make.organisation(db, { kind: "contractor", name: "Acme Care" });
  const awareness = await make.course(db, { title: "Prevent awareness", validityMonths: 36 });
  awarenessCourse = awareness.id;
  const children = await make.course(db, { title: "Safeguarding children", validityMonths: 12 });
  const base = {
    description: "",
    source: null,
    audienceTags: [],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    reminderDays: 60,
  };
  prevent = await createRequirement(
    db,
    {
      ...base,
      name: "Prevent awareness",
      courseIds: [awareness.id],
      audienceSectors: ["council"],
      audienceOrganisationIds: [],
      renewalMonths: 36,
    },
    null,
  );
  safeguarding = await createRequirement(
    db,
    {
      ...base,
      name: "Safeguarding",
      courseIds: [children.id],
      audienceSectors: [],
      audienceOrganisationIds: [service.id],
      renewalMonths: 12,
    },
    null,
  );
  // Names that tie (told apart by id) or differ only in case, and people with no requirement
  // (the contractor's) among them, so a walk of the name index passes people not on the list.
  const families = ["Adams", "adams", "Brown", "Clark", "Davis", "Evans", "Fisher", "Green", "Hall", "Irwin"];
  const givens = ["Ann", "Bob", "ann", "Cy"];
  for (let n = 1; n <= 40; n++) {
    const organisationId = n % 4 === 0 ? contractor.id : n % 2 === 1 ? service.id : libraries.id;
    // Prevent by n % 5: missing, current, expired, expiring, not yet due (a new starter).
    const kind = n % 5;
    const person = await make.person(db, {
      organisationId,
      givenName: givens[n % 4]!,
      familyName: families[n % 10]!,
      startDate: kind === 4 ? "2026-05-01" : "2020-01-01",
    });
    const trained = [null, "2025-09-01", "2023-01-01", "2023-07-01", null][kind];
    if (trained) {
      await make.completion(db, {
        personId: person.id,
        courseId: awareness.id,
        completedOn: trained,
        expiresOn: addMonthsToDate(trained, 36),
      });
    }
    // Safeguarding (the Youth Service's): expiring for some, missing for the rest.
    if (n % 3 === 0) {
      await make.completion(db, {
        personId: person.id,
        courseId: children.id,
        completedOn: "2025-07-01",
        expiresOn: addMonthsToDate("2025-07-01", 12),
      });
    }
  }
});
afterAll(() => t.close());

/** Every page's rows (name, worst status and cells), walking the pages with `tuning`. */
async function allPages(
  query: Omit<TeamMatrixQuery, "page" | "pageSize">,
  tuning: { nameWalkThrough: number; deepNameWalk?: boolean },
): Promise<{ rows: TeamMatrix["rows"]; totals: number[] }> {
  const rows: TeamMatrix["rows"] = [];
  const totals: number[] = [];
  for (let page = 1; ; page++) {
    const part = await teamMatrix(db, { ...query, page, pageSize: 4 }, tuning);
    // A page past the end shows the last page again: the pages have ended.
    if (part.page !== page) return { rows, totals };
    totals.push(part.total);
    rows.push(...part.rows);
    if (part.rows.length < 4) return { rows, totals };
  }
}

/**
 * The matrix read from the kept rows and person_statuses (`now` on the date) equals the engine's
 * (a past date's way): summary, columns, total, and every page's rows, sorted each way.
 */
async function expectKeptAsEngine(query: Omit<TeamMatrixQuery, "page" | "pageSize" | "now">, label: string) {
  for (const [sort, direction] of [
    ["name", "asc"],
    ["status", "desc"],
    ["organisation", "asc"],
  ] as const) {
    const tuning = { nameWalkThrough: 1_000 };
    const kept = await allPages({ ...query, sort, direction, now: NOW }, tuning);
    const engine = await allPages({ ...query, sort, direction }, tuning);
    expect(kept, `${label}, ${sort}`).toEqual(engine);
  }
  const kept = await teamMatrix(db, { ...query, now: NOW });
  const engine = await teamMatrix(db, query);
  expect({ ...kept.summary, requirements: kept.requirements }, label).toEqual({
    ...engine.summary,
    requirements: engine.requirements,
  });
}

/** How many people person_statuses holds on the date (the kept statuses were used, and kept up). */
async function keptStatusesOn(date: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.raw("person_statuses")} where on_date = ${date}::date`,
  );
  return row!.n;
}

describe("the team matrix", () => {
  it("gives the same figures as the compliance engine's rows, from the kept rows and from the engine", async () => {
    for (const now of [NOW, undefined]) {
      const engine = await complianceFor(db, { scope: ALL, onDate: ON, now });
      const byPerson = new Map<number, ComplianceStatus[]>();
      for (const row of engine) byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.status]);
      const worstOf = (statuses: ComplianceStatus[]) =>
        statuses.reduce((a, b) => (STATUS_SEVERITY[b] > STATUS_SEVERITY[a] ? b : a));
      const isCurrent = (s: ComplianceStatus) => s === "current" || s === "expiring";
      const byWorstStatus = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<
        ComplianceStatus,
        number
      >;
      let peopleCurrent = 0;
      let peopleCurrentExpiring = 0;
      for (const statuses of byPerson.values()) {
        byWorstStatus[worstOf(statuses)] += 1;
        if (statuses.every(isCurrent)) {
          peopleCurrent += 1;
          if (statuses.includes("expiring")) peopleCurrentExpiring += 1;
        }
      }
      const label = now ? "kept rows" : "engine";
      // Every status is someone's worst here, so each bit of the sum is checked.
      expect(
        Object.values(byWorstStatus).every((count) => count > 0),
        label,
      ).toBe(true);
      const matrix = await teamMatrix(db, { scope: ALL, onDate: ON, now });
      expect(matrix.summary, label).toEqual({
        people: byPerson.size,
        peopleCurrent,
        peopleCurrentExpiring,
        byWorstStatus,
      });
      expect(matrix.total, label).toBe(byPerson.size);
      for (const requirementId of [prevent, safeguarding]) {
        const rows = engine.filter((r) => r.requirementId === requirementId);
        expect(
          matrix.requirements.find((r) => r.id === requirementId),
          label,
        ).toMatchObject({
          applies: rows.length,
          current: rows.filter((r) => isCurrent(r.status)).length,
        });
      }
      for (const status of COMPLIANCE_STATUSES) {
        const filtered = await teamMatrix(db, { scope: ALL, onDate: ON, now, status });
        const expected = [...byPerson.values()].filter((statuses) => statuses.includes(status)).length;
        expect(filtered.total, `${label}, ${status}`).toBe(expected);
        expect(filtered.summary, `${label}, ${status}`).toEqual(matrix.summary);
      }
      const { rows } = await allPages({ scope: ALL, onDate: ON, now }, { nameWalkThrough: 0, deepNameWalk: true });
      for (const row of rows) {
        expect(row.worstStatus, `${label}, ${row.name}`).toBe(worstOf(byPerson.get(row.personId)!));
      }
    }
  });

  it("reads each person's kept statuses as the engine works them out, for any scope or filter", async () => {
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "everyone");
    expect(await keptStatusesOn(ON)).toBeGreaterThan(20);
    await expectKeptAsEngine({ scope: ALL, onDate: ON, organisationId: service.id }, "the Youth Service");
    await expectKeptAsEngine({ scope: ALL, onDate: ON, personSearch: "adams" }, "a search");
    await expectKeptAsEngine({ scope: ALL, onDate: ON, status: "expiring" }, "expiring");
    await expectKeptAsEngine({ scope: ALL, onDate: ON, requirementId: safeguarding }, "one requirement");
    await expectKeptAsEngine(
      {
        scope: { kind: "some", selfPersonId: null, reportsTo: [], organisationIds: [libraries.id], sectors: [] },
        onDate: ON,
      },
      "a scope of one organisation",
    );
  });

  it("keeps each person's statuses up as their records change", async () => {
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "before");
    const [missing] = await queryRows<{ id: number }>(
      db,
      sql`select p.id from people p where not exists (select 1 from completions c where c.person_id = p.id)
        and p.organisation_id = ${service.id} and p.start_date < '2026-01-01' order by p.id limit 1`,
    );
    await make.completion(db, {
      personId: missing!.id,
      courseId: awarenessCourse,
      completedOn: "2026-05-20",
      expiresOn: "2029-05-20",
    });
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "a completion added");
    const [held] = await queryRows<{ id: number }>(
      db,
      sql`select id from completions where completed_on = '2025-09-01' order by id limit 1`,
    );
    await db
      .update(completions)
      .set({ revokedAt: new Date("2026-05-30T10:00:00Z"), revokeReason: "Recorded against the wrong person" })
      .where(eq(completions.id, held!.id));
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "a completion revoked");
    // One moves out of the Youth Service (Safeguarding no longer applies), one leaves, one joins.
    await db.update(people).set({ organisationId: libraries.id }).where(eq(people.id, missing!.id));
    const [leaver] = await queryRows<{ id: number }>(
      db,
      sql`select id from people where organisation_id = ${libraries.id} and id <> ${missing!.id} order by id limit 1`,
    );
    await db.update(people).set({ leavingDate: "2026-05-31" }).where(eq(people.id, leaver!.id));
    await make.person(db, {
      organisationId: service.id,
      givenName: "Zed",
      familyName: "Young",
      startDate: "2020-01-01",
    });
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "people moved, left and joined");
    await expectKeptAsEngine({ scope: ALL, onDate: ON, organisationId: libraries.id }, "Libraries, after the move");
    // A requirement's reminder window (what counts as expiring) changes: everyone's rows are redone.
    await db.update(requirements).set({ reminderDays: 400 }).where(eq(requirements.id, safeguarding));
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "a requirement changed");
    expect(await keptStatusesOn(ON)).toBeGreaterThan(20);

    // The kept-coverage check recounts person_statuses too, and finds a row that is wrong (this
    // person is current on the one requirement left to them, not missing it).
    const check = await checkKeptCoverage(db, { today: ON });
    expect(check.differences).toBe(0);
    expect(check.compared.person_statuses).toBe(await keptStatusesOn(ON));
    await db.execute(
      sql`update ${sql.raw("person_statuses")} set statuses = 16, worst = 5 where person_id = ${missing!.id}`,
    );
    const wrong = await checkKeptCoverage(db, { today: ON });
    expect(wrong.differences).toBe(1);
    expect(wrong.examples[0]).toMatch(
      new RegExp(`^person_statuses: ${ON}, person ${missing!.id}: kept 16, counted 1$`),
    );
    // Let go, they are counted again when next asked for.
    await db.execute(sql`delete from ${sql.raw("person_statuses")}`);
    await expectKeptAsEngine({ scope: ALL, onDate: ON }, "counted again");
  });

  it("pages by name the same walking the name index either way as sorting everyone", async () => {
    for (const now of [NOW, undefined]) {
      for (const direction of ["asc", "desc"] as const) {
        const query = { scope: ALL, onDate: ON, now, direction };
        const label = `${direction}, ${now ? "kept rows" : "engine"}`;
        const sorted = await allPages(query, { nameWalkThrough: 0, deepNameWalk: false });
        expect(sorted.rows.length, label).toBeGreaterThan(20);
        expect(new Set(sorted.totals), label).toEqual(new Set([sorted.rows.length]));
        expect(await allPages(query, { nameWalkThrough: 1_000 }), label).toEqual(sorted);
        expect(await allPages(query, { nameWalkThrough: 0, deepNameWalk: true }), label).toEqual(sorted);
        // From the walk of each person's rows into the walk of the name index past a few pages.
        expect(await allPages(query, { nameWalkThrough: 8 }), label).toEqual(sorted);
        // Ties in name are told apart by id, the same way each time.
        const names = sorted.rows.map((r) => r.name.toLowerCase());
        expect(new Set(names).size, label).toBeLessThan(names.length);
      }
    }
  });
});
