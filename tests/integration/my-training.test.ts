/**
 * My training's next steps for e-learning: a hosted course is started or resumed here
 * (/elearning/:courseId), "Resume" once an open attempt has saved something; a course run elsewhere
 * (the Home Office's, on GOV.UK) is started there, then its certificate sent as evidence.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { openAttempt } from "../../app/domain/elearning/attempts/attempts";
import { uploadPackage } from "../../app/domain/elearning/packages/upload-package";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import * as myTraining from "../../app/routes/my-training";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { goodScormPackage } from "../support/scorm-packages";
import { memoryStorage } from "../support/storage";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t?.close());
beforeEach(() => t.reset());

type Loaded = {
  myRequirements: Array<{
    name: string;
    next: { elearning: Array<{ courseId: number; hosted: boolean; externalUrl: string | null }> } | null;
  }>;
  startedCourseIds: number[];
};

async function myTrainingOf(accountId: string): Promise<Loaded> {
  const request = await signedInRequest(t.db, accountId, "/my-training");
  return (await call(() => myTraining.loader({ request, params: {}, context: {} }))) as Loaded;
}

describe("My training's e-learning next steps", () => {
  it("offers a hosted course to start here, and to resume once an attempt has begun; one run elsewhere to start there and send its certificate", async () => {
    const { council, service } = await make.councilAndSchool(t.db);
    const lee = await make.person(t.db, { organisationId: service.id });
    const account = await make.account(t.db, { personId: lee.id });
    const coordinator = await make.account(t.db, {
      personId: (await make.person(t.db, { organisationId: council.id })).id,
      roles: ["coordinator"],
    });
    const hosted = await make.course(t.db, { title: "Safeguarding e-learning", deliveryMode: "hosted_elearning" });
    const elsewhere = await make.course(t.db, {
      title: "Prevent awareness",
      deliveryMode: "external_elearning",
      externalUrl: "https://www.example.gov.uk/prevent",
    });
    for (const [name, courseId] of [
      ["Safeguarding", hosted.id],
      ["Prevent", elsewhere.id],
    ] as const) {
      await createRequirement(
        t.db,
        {
          name,
          description: "",
          source: "",
          courseIds: [courseId],
          audienceSectors: ["council"],
          audienceOrganisationIds: [],
          audienceTags: [],
          audienceEmploymentTypes: [],
          dueWithinDays: 90,
          renewalMonths: 36,
          reminderDays: 60,
        },
        null,
      );
    }
    await uploadPackage(t.db, memoryStorage(), {
      courseId: hosted.id,
      fileName: "package.zip",
      bytes: await goodScormPackage(),
      actorAccountId: coordinator.id,
      now: new Date(),
    });

    const before = await myTrainingOf(account.id);
    const stepOf = (loaded: Loaded, name: string) =>
      loaded.myRequirements.find((r) => r.name === name)?.next?.elearning;
    expect(stepOf(before, "Safeguarding")).toEqual([expect.objectContaining({ courseId: hosted.id, hosted: true })]);
    expect(stepOf(before, "Prevent")).toEqual([
      expect.objectContaining({
        courseId: elsewhere.id,
        hosted: false,
        externalUrl: "https://www.example.gov.uk/prevent",
      }),
    ]);
    expect(before.startedCourseIds).toEqual([]);

    // Opened but nothing saved yet: still "Start".
    const attempt = await openAttempt(t.db, {
      personId: lee.id,
      courseId: hosted.id,
      actorAccountId: account.id,
      now: new Date(),
    });
    expect((await myTrainingOf(account.id)).startedCourseIds).toEqual([]);
    await t.db.execute(
      sql`update elearning_attempts set cmi = '{"cmi":{"core":{"lesson_location":"page-2"}}}'::jsonb
          where id = ${attempt.id}`,
    );
    expect((await myTrainingOf(account.id)).startedCourseIds).toEqual([hosted.id]);
  });
});
