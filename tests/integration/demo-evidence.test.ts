import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne } from "../../app/db/database";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { readEvidenceFile } from "../../app/domain/completions/evidence-file";
import { listEvidenceQueue } from "../../app/domain/evidence/list-evidence";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { memoryStorage } from "../support/storage";

/** The demo council's evidence of training done elsewhere: one certificate awaiting verification. */

let t: TestDatabase;
const storage = memoryStorage();
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { today: "2026-11-25", storage });
}, 180_000);
afterAll(() => t.close());

describe("the demo's evidence", () => {
  it("has one certificate awaiting verification in the coordinator's queue, from the demo manager's team", async () => {
    const queue = await listEvidenceQueue(t.db, {
      accountId: "demo-coordinator",
      personId: null,
      scope: { kind: "all" },
    });
    expect(queue.total).toBe(1);
    const [evidence] = queue.rows;
    expect(evidence).toMatchObject({
      courseTitle: expect.stringContaining("Channel"),
      completedOn: "2026-11-22",
      kind: "certificate",
      status: "awaiting_verification",
      fileType: "application/pdf",
      hasFile: true,
    });
    const row = await queryOne<{ fileKey: string; inTeam: boolean; theLearner: boolean }>(
      t.db,
      sql`select e.file_key as "fileKey",
            p.line_manager_id = (select person_id from accounts where id = 'demo-manager') as "inTeam",
            p.id = (select person_id from accounts where id = 'demo-learner') as "theLearner"
          from evidence_submissions e join people p on p.id = e.person_id where e.id = ${evidence!.id}`,
    );
    expect(row).toMatchObject({ inTeam: true, theLearner: false });
    const file = await readEvidenceFile(storage, row!.fileKey);
    expect(file?.contentType).toBe("application/pdf");
    expect(new TextDecoder().decode(file!.bytes)).toContain("Certificate of completion");
  });
});
