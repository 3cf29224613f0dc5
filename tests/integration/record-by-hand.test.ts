import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { storeEvidenceFile } from "../../app/domain/completions/evidence-file";
import { listCompletionsForPerson } from "../../app/domain/completions/list-completions-for-person";
import {
  checkHandRecord,
  describeRefusedLines,
  matchPeopleList,
  recordCompletionsByHand,
} from "../../app/domain/completions/record-by-hand";
import { DomainError } from "../../app/domain/errors";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { coverageFigures } from "../../app/domain/kept-coverage/readers";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { addDaysToDate, addMonthsToDate, todayInLondon } from "../../app/lib/dates";
import * as newPage from "../../app/routes/admin.completions.new";
import * as evidencePage from "../../app/routes/completions.$completionId.evidence";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { samplePdf } from "../support/evidence-files";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { memoryStorage } from "../support/storage";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
});

async function world() {
  const orgs = await make.councilAndSchool(t.db);
  const coordinatorPerson = await make.person(t.db, { organisationId: orgs.council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const ann = await make.person(t.db, {
    organisationId: orgs.service.id,
    givenName: "Ann",
    familyName: "Archer",
    externalRef: "000123",
    email: "Ann.Archer@example.test",
  });
  const bob = await make.person(t.db, {
    organisationId: orgs.service.id,
    givenName: "Bob",
    familyName: "Baker",
    externalRef: "E-77",
    email: "bob@example.test",
  });
  const cat = await make.person(t.db, {
    organisationId: orgs.school.id,
    givenName: "Cat",
    familyName: "Cole",
    externalRef: "456",
  });
  const course = await make.course(t.db, { title: "WRAP", validityMonths: 36, introducedOn: "2020-04-01" });
  return { orgs, coordinator, ann, bob, cat, course };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("a list of people", () => {
  it("matches employee numbers (leading zeros aside) and e-mail addresses (any case), one a line, blank lines passed over", async () => {
    const w = await world();
    const { matched, refused } = await matchPeopleList(t.db, "123\r\n\n  BOB@example.test  \n456\n");
    expect(refused).toEqual([]);
    expect(matched.map((m) => [m.line, m.personId, m.name])).toEqual([
      [1, w.ann.id, "Ann Archer"],
      [3, w.bob.id, "Bob Baker"],
      [4, w.cat.id, "Cat Cole"],
    ]);
    expect((await matchPeopleList(t.db, "000123")).matched[0]?.personId).toBe(w.ann.id);
    expect((await matchPeopleList(t.db, "E-77")).matched[0]?.personId).toBe(w.bob.id);
  });

  it("refuses each line that names no one, is not an address, or names someone twice, with its line number", async () => {
    const w = await world();
    const { matched, refused } = await matchPeopleList(
      t.db,
      ["ann.archer@example.test", "99999", "nobody@example.test", "not@an address", "000123", "456"].join("\n"),
    );
    expect(matched.map((m) => m.personId)).toEqual([w.ann.id, w.cat.id]);
    expect(refused).toEqual([
      { line: 2, text: "99999", reason: "matches no one's employee number or e-mail address" },
      { line: 3, text: "nobody@example.test", reason: "matches no one's employee number or e-mail address" },
      { line: 4, text: "not@an address", reason: "is not an e-mail address" },
      { line: 5, text: "000123", reason: "is Ann Archer, already on line 1" },
    ]);
    expect(describeRefusedLines(refused.slice(0, 1))).toBe(
      "Line 2 (“99999”) matches no one's employee number or e-mail address. Correct or remove that line.",
    );
  });

  it("refuses an empty list and one longer than 500 lines", async () => {
    await world();
    expect((await refusal(matchPeopleList(t.db, " \n \n"))).field).toBe("people");
    const long = Array.from({ length: 501 }, (_, i) => `x${i}`).join("\n");
    expect((await refusal(matchPeopleList(t.db, long))).message).toMatch(/at most 500/);
  });
});

describe("the details", () => {
  const today = "2026-12-07";

  it("refuses a date in the future and one before the course was introduced; accepts today and the day it was introduced", async () => {
    const w = await world();
    const base = {
      courseId: w.course.id,
      provider: "Eastshire Council",
      evidenceNote: "Paper register, HR file",
      evidenceFileKey: null,
    };
    const future = await refusal(checkHandRecord(t.db, { ...base, completedOn: "2026-12-08" }, today));
    expect([future.field, future.message]).toEqual([
      "completedOn",
      "The date of the training must be today or in the past",
    ]);
    const early = await refusal(checkHandRecord(t.db, { ...base, completedOn: "2020-03-31" }, today));
    expect([early.field, early.message]).toEqual([
      "completedOn",
      "The date of the training must be on or after 1 April 2020, when WRAP was introduced",
    ]);
    expect((await checkHandRecord(t.db, { ...base, completedOn: today }, today)).expiresOn).toBe("2029-12-07");
    expect((await checkHandRecord(t.db, { ...base, completedOn: "2020-04-01" }, today)).expiresOn).toBe("2023-04-01");
  });

  it("needs a course, a provider, and evidence attached or a note of where it is kept", async () => {
    const w = await world();
    const base = {
      courseId: w.course.id,
      completedOn: "2026-01-05",
      provider: "Eastshire Council",
      evidenceNote: null,
      evidenceFileKey: null,
    };
    expect((await refusal(checkHandRecord(t.db, { ...base, courseId: 999999 }, today))).field).toBe("courseId");
    expect((await refusal(checkHandRecord(t.db, { ...base, provider: "  ", evidenceNote: "x" }, today))).field).toBe(
      "provider",
    );
    const none = await refusal(checkHandRecord(t.db, base, today));
    expect([none.field, none.message]).toEqual(["evidenceFile", "Attach the evidence, or say where it is kept"]);
    const forged = await refusal(checkHandRecord(t.db, { ...base, evidenceFileKey: "imports/abc.csv" }, today));
    expect(forged.field).toBe("evidenceFile");
    const key = (await storeEvidenceFile(memoryStorage(), samplePdf(), "c.pdf")).key;
    expect((await checkHandRecord(t.db, { ...base, evidenceFileKey: key }, today)).evidenceFileKey).toBe(key);
  });
});

describe("recording", () => {
  it("records one completion a person from outside evidence, audited, the learner told, and coverage agrees", async () => {
    const w = await world();
    const requirementId = await createRequirement(
      t.db,
      {
        name: "WRAP for council staff",
        description: "Council staff hold WRAP.",
        source: "Prevent duty guidance",
        courseIds: [w.course.id],
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
    const today = todayInLondon();
    const current = async () =>
      (await coverageFigures(t.db, [today]))
        .filter((f) => f.requirementId === requirementId)
        .reduce((n, f) => n + f.current, 0);
    const before = await current();
    const key = (await storeEvidenceFile(memoryStorage(), samplePdf(), "register.pdf")).key;
    const completedOn = addDaysToDate(today, -10);
    const { completionIds, record } = await recordCompletionsByHand(t.db, {
      personIds: [w.ann.id, w.bob.id],
      courseId: w.course.id,
      completedOn,
      provider: "  Eastshire Council  ",
      evidenceNote: null,
      evidenceFileKey: key,
      actorAccountId: w.coordinator.id,
    });
    expect(completionIds).toHaveLength(2);
    expect(record.provider).toBe("Eastshire Council");
    const rows = await queryRows<{
      person_id: number;
      source: string;
      provider: string;
      evidence_file_key: string;
      expires_on: string;
    }>(
      t.db,
      sql`select person_id, source, provider, evidence_file_key, expires_on::text from completions order by person_id`,
    );
    const expiresOn = addMonthsToDate(completedOn, 36);
    expect(rows).toEqual([
      {
        person_id: w.ann.id,
        source: "external_evidence",
        provider: "Eastshire Council",
        evidence_file_key: key,
        expires_on: expiresOn,
      },
      {
        person_id: w.bob.id,
        source: "external_evidence",
        provider: "Eastshire Council",
        evidence_file_key: key,
        expires_on: expiresOn,
      },
    ]);
    const audit = await queryRows<{
      subject_person_id: number;
      actor_account_id: string;
      after: Record<string, unknown>;
    }>(
      t.db,
      sql`select subject_person_id, actor_account_id, after from audit_events where action = 'completion.record' order by subject_person_id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      subject_person_id: w.ann.id,
      actor_account_id: w.coordinator.id,
      after: { source: "external_evidence", provider: "Eastshire Council", evidenceFileKey: key, completedOn },
    });
    const told = await queryRows<{ recipient_person_id: number }>(
      t.db,
      sql`select recipient_person_id from notifications where kind = 'certificate.issued' order by recipient_person_id`,
    );
    expect(told.map((r) => r.recipient_person_id)).toEqual([w.ann.id, w.bob.id]);
    // Both are council staff: both now hold the requirement, in the kept figures and by the engine.
    expect(await current()).toBe(before + 2);
    expect((await checkKeptCoverage(t.db, { today })).differences).toBe(0);
  });

  it("refuses the whole list when someone already has that course on that date, and records nothing", async () => {
    const w = await world();
    await make.completion(t.db, { personId: w.bob.id, courseId: w.course.id, completedOn: "2026-01-05" });
    const error = await refusal(
      recordCompletionsByHand(t.db, {
        personIds: [w.ann.id, w.bob.id],
        courseId: w.course.id,
        completedOn: "2026-01-05",
        provider: "Eastshire Council",
        evidenceNote: "HR file",
        evidenceFileKey: null,
        actorAccountId: w.coordinator.id,
        today: "2026-12-07",
      }),
    );
    expect([error.field, error.message]).toEqual([
      "people",
      "Bob Baker already has a completion of WRAP on 5 January 2026",
    ]);
    const [count] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from completions`);
    expect(count!.n).toBe(1);
    expect((await checkKeptCoverage(t.db, { today: "2026-12-07" })).differences).toBe(0);
  });
});

describe("the pages", () => {
  const storage = memoryStorage();
  beforeAll(() => {
    provideDatabaseForTests(t.db);
    provideFileStorageForTests(storage);
  });

  async function post(accountId: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
    const body = new FormData();
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    body.append(
      "evidenceFile",
      file ? new File([new Uint8Array(file.bytes)], file.name) : new File([], "", { type: "application/octet-stream" }),
    );
    const request = await signedInRequest(t.db, accountId, "/admin/completions/new", { method: "POST", body });
    return call(() => newPage.action({ request, params: {}, context: {} }));
  }

  function payload(result: unknown): { status: number; data: Record<string, unknown> } {
    if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
      const wrapped = result as unknown as { data: Record<string, unknown>; init: { status?: number } | null };
      return { status: wrapped.init?.status ?? 200, data: wrapped.data };
    }
    if (result instanceof Response) return { status: result.status, data: {} };
    return { status: 200, data: result as Record<string, unknown> };
  }

  const details = (courseId: number) => ({
    courseId: String(courseId),
    "completedOn-day": "5",
    "completedOn-month": "1",
    "completedOn-year": "2026",
    provider: "Eastshire Council",
  });

  it("checks a list, confirms it, records it, and the evidence file is downloaded by those who may see the record", async () => {
    const w = await world();
    // Each problem on its field; a refused line by its number.
    const empty = payload(await post(w.coordinator.id, { step: "check" }));
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.data.errors as object).sort()).toEqual(["completedOn", "courseId", "people", "provider"]);
    const refused = payload(
      await post(
        w.coordinator.id,
        { step: "check", people: "123\n999", ...details(w.course.id) },
        {
          name: "register.pdf",
          bytes: samplePdf(),
        },
      ),
    );
    expect(refused.status).toBe(400);
    expect((refused.data.errors as Record<string, string>).people).toMatch(/^Line 2 \(“999”\) matches no one's/);
    // The file was checked and kept: the form carries its key, so it need not be attached again.
    const kept = refused.data.values as Record<string, string>;
    expect(kept.evidenceFileKey).toMatch(/^evidence\/[0-9a-f]{64}\.pdf$/);
    const notAFile = payload(
      await post(
        w.coordinator.id,
        { step: "check", people: "123", ...details(w.course.id) },
        {
          name: "register.pdf",
          bytes: new TextEncoder().encode("not a pdf"),
        },
      ),
    );
    expect((notAFile.data.errors as Record<string, string>).evidenceFile).toMatch(/must be a PDF, PNG or JPEG/);

    const fields = { people: "123\nbob@example.test", ...details(w.course.id), evidenceFileKey: kept.evidenceFileKey! };
    const confirm = payload(await post(w.coordinator.id, { step: "check", ...fields }));
    expect(confirm.status).toBe(200);
    const shown = confirm.data.confirm as { people: Array<{ name: string }>; record: { courseTitle: string } };
    expect(shown.people.map((p) => p.name)).toEqual(["Ann Archer", "Bob Baker"]);
    expect(shown.record.courseTitle).toBe("WRAP");
    const [before] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from completions`);
    expect(before!.n).toBe(0);

    const done = await post(w.coordinator.id, { step: "record", ...fields });
    expect(done).toBeInstanceOf(Response);
    const location = (done as Response).headers.get("Location")!;
    expect(location).toMatch(/^\/admin\/completions\/new\?recorded=\d+&count=2$/);
    const page = await newPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, location),
      params: {},
      context: {},
    });
    expect(page.done).toMatchObject({ count: 2, courseTitle: "WRAP", completedOn: "2026-01-05", certificate: true });
    // The person's record lists it with its provider and its file.
    expect(await listCompletionsForPerson(t.db, w.ann.id)).toMatchObject([
      { source: "external_evidence", provider: "Eastshire Council", evidenceNote: null, hasEvidenceFile: true },
    ]);
    expect((await checkKeptCoverage(t.db, { today: "2026-12-07" })).differences).toBe(0);

    // The evidence: the person themselves, and the coordinator (audited); a learner not theirs gets a 404.
    const [ann] = await queryRows<{ id: number }>(
      t.db,
      sql`select id::int from completions where person_id = ${w.ann.id}`,
    );
    const annAccount = await make.account(t.db, { personId: w.ann.id });
    const bobAccount = await make.account(t.db, { personId: w.bob.id });
    const download = (accountId: string) =>
      signedInRequest(t.db, accountId, `/completions/${ann!.id}/evidence`).then((request) =>
        call(() => evidencePage.loader({ request, params: { completionId: String(ann!.id) }, context: {} })),
      );
    const own = (await download(annAccount.id)) as Response;
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(samplePdf());
    const coordinators = (await download(w.coordinator.id)) as Response;
    expect(coordinators.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="evidence-.+-2026-01-05\.pdf"$/,
    );
    const reads = await queryRows<{ action: string; subject_person_id: number }>(
      t.db,
      sql`select action, subject_person_id from audit_events where action = 'evidence.downloaded'`,
    );
    expect(reads).toEqual([{ action: "evidence.downloaded", subject_person_id: w.ann.id }]);
    expect(((await download(bobAccount.id)) as Response).status).toBe(404);
  });

  it("preselects one person from their record, and refuses the page to anyone but the coordinator", async () => {
    const w = await world();
    const page = await newPage.loader({
      request: await signedInRequest(t.db, w.coordinator.id, `/admin/completions/new?person=${w.cat.id}`),
      params: {},
      context: {},
    });
    expect(page.preselected).toMatchObject({ personId: w.cat.id, name: "Cat Cole" });
    const missing = await call(async () =>
      newPage.loader({
        request: await signedInRequest(t.db, w.coordinator.id, "/admin/completions/new?person=999999"),
        params: {},
        context: {},
      }),
    );
    expect((missing as Response).status).toBe(404);
    const recorded = (await post(w.coordinator.id, {
      step: "record",
      personId: String(w.cat.id),
      ...details(w.course.id),
      evidenceNote: "School's training log",
    })) as Response;
    expect(recorded.status).toBe(302);
    const [row] = await queryRows<{ person_id: number; evidence_note: string; source: string }>(
      t.db,
      sql`select person_id, evidence_note, source from completions`,
    );
    expect(row).toEqual({ person_id: w.cat.id, evidence_note: "School's training log", source: "external_evidence" });
    const learner = await make.account(t.db, { personId: w.ann.id });
    expect(((await post(learner.id, { step: "check" })) as Response).status).toBe(403);
  });
});

describe("the page for one person", () => {
  it("says on the page when the person already has that completion on that date", async () => {
    provideDatabaseForTests(t.db);
    provideFileStorageForTests(memoryStorage());
    const w = await world();
    await make.completion(t.db, { personId: w.cat.id, courseId: w.course.id, completedOn: "2026-01-05" });
    const body = new FormData();
    for (const [key, value] of Object.entries({
      step: "check",
      personId: String(w.cat.id),
      courseId: String(w.course.id),
      "completedOn-day": "5",
      "completedOn-month": "1",
      "completedOn-year": "2026",
      provider: "Eastshire Council",
      evidenceNote: "HR file",
    }))
      body.append(key, value);
    const request = await signedInRequest(t.db, w.coordinator.id, `/admin/completions/new?person=${w.cat.id}`, {
      method: "POST",
      body,
    });
    const result = (await call(() => newPage.action({ request, params: {}, context: {} }))) as unknown as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    // The check step says so before the confirmation page, not only when recording.
    expect(result.init.status).toBe(400);
    expect(result.data.errors.people).toBe("Cat Cole already has a completion of WRAP on 5 January 2026");
  });
});
