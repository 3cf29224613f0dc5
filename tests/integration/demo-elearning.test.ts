import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courses } from "../../app/db/schema";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { currentPackage, packageFile } from "../../app/domain/elearning/packages/packages";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { memoryStorage } from "../support/storage";

/** The demo council's hosted e-learning: a real SCORM 1.2 package, uploaded at seed time, ready to play. */

let t: TestDatabase;
const storage = memoryStorage();
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { today: "2026-11-25", storage });
}, 180_000);
afterAll(() => t.close());

describe("the demo's e-learning", () => {
  it("has a current SCORM 1.2 package for Safeguarding children level 1, with its files kept", async () => {
    const [course] = await t.db.select().from(courses).where(eq(courses.code, "SGC-L1"));
    const pkg = await currentPackage(t.db, course!.id);
    expect(pkg).toMatchObject({
      version: 1,
      scormVersion: "scorm_1_2",
      title: "Safeguarding children level 1",
      launchPath: "index.html",
      fileCount: 4,
      uploadedByAccountId: "demo-coordinator",
      uploadedAt: new Date("2026-10-26T09:00:00Z"),
    });
    for (const path of ["index.html", "lesson.js", "lesson.css", "imsmanifest.xml"]) {
      const file = await packageFile(t.db, pkg!.id, path);
      expect(file, path).not.toBeNull();
      expect(await storage.get(file!.fileKey), path).not.toBeNull();
    }
    const script = new TextDecoder().decode(
      (await storage.get((await packageFile(t.db, pkg!.id, "lesson.js"))!.fileKey))!,
    );
    expect(script).toContain('api.LMSInitialize("")');
    expect(script).toContain("cmi.core.lesson_status");
  });
});
