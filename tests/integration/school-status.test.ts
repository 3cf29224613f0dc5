import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { schoolDeclarations } from "../../app/db/schema";
import { schoolsCoverage, shareBasisReason } from "../../app/domain/coverage/schools-coverage";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { loader as schoolLoader } from "../../app/routes/schools.$schoolId._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";
import { type CoverageCouncil, ON, buildCoverageCouncil } from "./coverage-fixtures";

let t: TestDatabase;
let f: CoverageCouncil;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await buildCoverageCouncil(t.db);
});

// W Nursery records one member of staff by name, without current Prevent awareness, and no trained DSL.
async function wNursery(declaration?: { declaredOn: string; headcount: number; declaredTrained: number }) {
  if (declaration) await t.db.insert(schoolDeclarations).values({ organisationId: f.school.w.id, ...declaration });
  return (await schoolsCoverage(t.db, { schoolId: f.school.w.id }, ON)).rows[0]!;
}

describe("a school's status and its declared headcount (decision 018)", () => {
  it("uses a recent declaration that counts more staff than are recorded by name: 21 of 28 declared is not red on 0 of 1", async () => {
    const w = await wNursery({ declaredOn: "2026-03-01", headcount: 28, declaredTrained: 21 });
    expect([w.prevent, w.declaration?.percent, w.shareBasis, w.status]).toEqual([
      { applicable: 1, current: 0, percent: 0 },
      75,
      "declared",
      "amber",
    ]);
    expect(shareBasisReason(w)).toBe(
      "The status uses the declared figures: they count 28 staff, more than the 1 recorded one by one, and are less than 12 months old.",
    );
  });

  it("goes back to the staff recorded by name once the declaration is 12 months old", async () => {
    const w = await wNursery({ declaredOn: "2025-06-30", headcount: 28, declaredTrained: 21 });
    expect([w.shareBasis, w.status]).toEqual(["evidenced", "red"]);
    expect(shareBasisReason(w)).toBe(
      "The status uses the staff recorded one by one: the declared figures are 12 months old or more.",
    );
    const dayLater = await wNursery({ declaredOn: "2025-07-01", headcount: 28, declaredTrained: 21 });
    expect(dayLater.shareBasis).toBe("declared");
  });

  it("keeps to the staff recorded by name when they are as many as the declaration counts", async () => {
    const w = await wNursery({ declaredOn: "2026-06-01", headcount: 1, declaredTrained: 1 });
    expect([w.declaration?.percent, w.shareBasis, w.status]).toEqual([100, "evidenced", "red"]);
    expect(shareBasisReason(w)).toBe(
      "The status uses the staff recorded one by one: they count as many staff as the declared figures, or more.",
    );
  });

  it("the school's page has both figures, and the status on the declared ones", async () => {
    await ensureKpiDefinitions(t.db);
    await t.db
      .insert(schoolDeclarations)
      .values({ organisationId: f.school.w.id, declaredOn: "2026-03-01", headcount: 28, declaredTrained: 21 });
    const officer = await make.person(t.db, { organisationId: f.council.id });
    const account = await make.account(t.db, { personId: officer.id, roles: ["education_officer"] });
    const page = (await schoolLoader({
      request: await signedInRequest(t.db, account.id, `/schools/${f.school.w.id}`),
      params: { schoolId: String(f.school.w.id) },
      context: {},
    })) as Awaited<ReturnType<typeof schoolLoader>>;
    const school = page.detail.school;
    expect([school.prevent.percent, school.declaration?.percent, school.shareBasis]).toEqual([0, 75, "declared"]);
  });
});
