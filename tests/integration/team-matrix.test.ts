import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../app/db/database";
import {
  COMPLIANCE_STATUSES,
  type ComplianceStatus,
  STATUS_SEVERITY,
} from "../../app/domain/compliance/compliance-query";
import { complianceFor } from "../../app/domain/compliance/status-for-people";
import { type TeamMatrix, type TeamMatrixQuery, teamMatrix } from "../../app/domain/compliance/team-matrix";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { addMonthsToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";

// The team matrix's figures, worked out in SQL from each row's status as a bit, against the
// compliance engine's rows; and its pages by name found each of three ways (walking the name
// index looking up each person's rows, walking it checking people against everyone's figures,
// sorting everyone) the same.

let t: TestDatabase;
let db: Database;
const ALL = { kind: "all" } as const;
const ON = "2026-06-01";
/** With `now` on the date asked about, the matrix reads the kept rows; without, the engine (a past date). */
const NOW = new Date("2026-06-01T08:00:00Z");
let prevent: number;
let safeguarding: number;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const council = await make.organisation(db, { kind: "council", name: "Council" });
  const service = await make.organisation(db, { kind: "service", name: "Youth Service", parentId: council.id });
  const libraries = await make.organisation(db, { kind: "service", name: "Libraries", parentId: council.id });
  const contractor = await make.organisation(db, { kind: "contractor", name: "Acme Care" });
  const awareness = await make.course(db, { title: "Prevent awareness", validityMonths: 36 });
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
    totals.push(part.total);
    rows.push(...part.rows);
    if (part.rows.length < 4) return { rows, totals };
  }
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
