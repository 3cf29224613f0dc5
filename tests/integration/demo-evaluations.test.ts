import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne } from "../../app/db/database";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { certificateForDownload } from "../../app/domain/certificates/get-certificate";
import { evaluationsForPerson } from "../../app/domain/evaluations/person-evaluations";
import { evaluationResults } from "../../app/domain/evaluations/results";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { memoryStorage } from "../support/storage";

/** The demo council's evaluations: figures on the results page on day one, and one still to do. */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { today: "2026-11-25", storage: memoryStorage() });
}, 240_000);
afterAll(() => t.close());

describe("the demo's evaluations", () => {
  it("gives the results page means, a positive shift and words", async () => {
    const results = await evaluationResults(t.db, { kind: "all" }, {});
    expect(results.responses.after).toBeGreaterThan(20);
    for (const shift of results.shifts) {
      expect(shift.responses).toBeGreaterThan(20);
      expect(shift.shift).toBeGreaterThan(0);
    }
    expect(results.scale.every((q) => q.mean !== null && q.mean >= 1 && q.mean <= 5)).toBe(true);
    expect(results.text.length).toBe(2);
  });

  it("leaves the demo manager's latest workshop to evaluate, its certificate waiting for it", async () => {
    const manager = await queryOne<{ person_id: number }>(
      t.db,
      sql`select person_id from accounts where id = 'demo-manager'`,
    );
    const [todo] = await evaluationsForPerson(t.db, manager!.person_id, "2026-11-25");
    expect(todo).toMatchObject({ afterDone: false, certificateWaits: true });
    const completion = await queryOne<{ id: number }>(
      t.db,
      sql`select id::int as id from completions where booking_id = ${todo!.bookingId}`,
    );
    expect(await certificateForDownload(t.db, { kind: "all" }, completion!.id)).toMatchObject({
      awaitingEvaluation: { bookingId: todo!.bookingId },
    });
  });
});
