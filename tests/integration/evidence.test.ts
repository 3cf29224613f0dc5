/**
 * Evidence of training done elsewhere (issue 19, item 4), through the routes' loaders and actions
 * with real requests: a learner sends a certificate (checked by its content, not its name) or,
 * where the course allows, their manager's confirmation; it waits, never counting, until a
 * coordinator (or the learner's manager, where the course allows) accepts it — which records
 * exactly one completion, however often or at once it is asked — or rejects it with a reason the
 * learner sees. Kept coverage agrees with the engine after acceptance.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigationFor } from "../../app/auth/navigation";
import type { CurrentUser } from "../../app/auth/permissions";
import { personScopeFor } from "../../app/auth/permissions";
import { getOptionalUser } from "../../app/auth/session.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne, queryRows } from "../../app/db/database";
import { roleGrants } from "../../app/db/schema";
import { requirementsForPerson } from "../../app/domain/compliance/requirements-for-person";
import { acceptEvidence } from "../../app/domain/evidence/decide-evidence";
import type { Verifier } from "../../app/domain/evidence/verifier";
import { DomainError } from "../../app/domain/errors";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { addDaysToDate, addMonthsToDate, todayInLondon } from "../../app/lib/dates";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import * as coursePage from "../../app/routes/courses.$courseId";
import * as evidenceFile from "../../app/routes/evidence.$evidenceId.file";
import * as evidencePage from "../../app/routes/evidence.$evidenceId._index";
import * as queuePage from "../../app/routes/evidence._index";
import * as myTraining from "../../app/routes/my-training";
import * as newEvidence from "../../app/routes/my-training_.evidence.new";
import * as personPage from "../../app/routes/people.$personId";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { samplePdf, samplePng } from "../support/evidence-files";
import * as make from "../support/factories";
import { withDatabase } from "../support/postgres-url";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";
import { memoryStorage } from "../support/storage";

const concurrent = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDatabase;
let storage: ReturnType<typeof memoryStorage>;
/** A connection of its own that sees who waits for whom (PostgreSQL only). */
let watcher: postgres.Sql | undefined;

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 3 });
  provideDatabaseForTests(t.db);
  if (concurrent) {
    const name = (await queryOne<{ name: string }>(t.db, sql`select current_database() as name`))!.name;
    watcher = postgres(withDatabase(process.env.TEST_DATABASE_URL!, name), { max: 1, onnotice: () => {} });
  }
});
afterAll(async () => {
  await watcher?.end();
  await t?.close();
});

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  provideFileStorageForTests(storage);
  w = await world();
});

const TODAY = todayInLondon();
const DONE_ON = addDaysToDate(TODAY, -10);

/**
 * A service where Lee reports to Mina (a manager); Otto elsewhere reports to Max (another manager);
 * a coordinator. Three external e-learning courses: Prevent awareness (the coordinator verifies),
 * Channel awareness (managers may verify), Prevent referrals (accepts a manager's confirmation).
 * Everyone in the council needs Prevent awareness.
 */
async function world() {
  const { council, service, other } = await make.councilAndSchool(t.db);
  const mina = await make.person(t.db, { organisationId: service.id, givenName: "Mina", familyName: "Manager" });
  const lee = await make.person(t.db, {
    organisationId: service.id,
    lineManagerId: mina.id,
    givenName: "Lee",
    familyName: "Learner",
  });
  const max = await make.person(t.db, { organisationId: other.id, givenName: "Max", familyName: "Manager" });
  const otto = await make.person(t.db, {
    organisationId: other.id,
    lineManagerId: max.id,
    givenName: "Otto",
    familyName: "Outsider",
  });
  const cora = await make.person(t.db, { organisationId: council.id, givenName: "Cora", familyName: "Coordinator" });
  const awareness = await make.course(t.db, {
    title: "Prevent awareness",
    deliveryMode: "external_elearning",
    externalUrl: "https://www.support-people-vulnerable-to-radicalisation.service.gov.uk/",
    validityMonths: 36,
  });
  const channel = await make.course(t.db, {
    title: "Channel awareness",
    deliveryMode: "external_elearning",
    validityMonths: 36,
    managersMayVerifyEvidence: true,
  });
  const referrals = await make.course(t.db, {
    title: "Prevent referrals",
    deliveryMode: "external_elearning",
    validityMonths: null,
    acceptsManagerConfirmation: true,
  });
  const workshop = await make.course(t.db, { title: "Prevent workshop", deliveryMode: "face_to_face" });
  const requirementId = await createRequirement(
    t.db,
    {
      name: "Prevent awareness",
      description: "Everyone holds Prevent awareness.",
      source: "Prevent duty guidance",
      courseIds: [awareness.id],
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
  const accounts = {
    lee: await make.account(t.db, { personId: lee.id }),
    otto: await make.account(t.db, { personId: otto.id }),
    mina: await make.account(t.db, { personId: mina.id, roles: ["manager"] }),
    max: await make.account(t.db, { personId: max.id, roles: ["manager"] }),
    cora: await make.account(t.db, { personId: cora.id, roles: ["coordinator"] }),
  };
  return {
    council,
    service,
    other,
    mina,
    lee,
    max,
    otto,
    cora,
    awareness,
    channel,
    referrals,
    workshop,
    requirementId,
    accounts,
  };
}

type Handler = (args: LoaderFunctionArgs) => Promise<unknown>;

async function get(handler: Handler, accountId: string, path: string, params: Record<string, string> = {}) {
  return call(async () => handler({ request: await signedInRequest(t.db, accountId, path), params, context: {} }));
}

async function post(
  handler: Handler,
  accountId: string,
  path: string,
  params: Record<string, string>,
  form: Record<string, string>,
) {
  return call(async () =>
    handler({ request: await signedInRequest(t.db, accountId, path, { form }), params, context: {} }),
  );
}

/** The evidence form sent as a browser sends it: multipart, with the file as chosen. */
async function submit(
  accountId: string,
  fields: Partial<Record<string, string>>,
  file: { name: string; bytes: Uint8Array; type?: string } | null = { name: "certificate.pdf", bytes: samplePdf() },
) {
  const [year, month, day] = (fields.completedOn ?? DONE_ON).split("-");
  const body = new FormData();
  const values: Record<string, string> = {
    courseId: String(w.awareness.id),
    "completedOn-day": String(Number(day)),
    "completedOn-month": String(Number(month)),
    "completedOn-year": year!,
    kind: "certificate",
    provider: "Home Office (GOV.UK)",
    note: "",
    ...fields,
  };
  delete values.completedOn;
  for (const [key, value] of Object.entries(values)) if (value !== undefined) body.append(key, value);
  body.append(
    "evidenceFile",
    file
      ? new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" })
      : new File([], "", { type: "application/octet-stream" }),
  );
  const request = await signedInRequest(t.db, accountId, "/my-training/evidence/new", { method: "POST", body });
  return call(() => newEvidence.action({ request, params: {}, context: {} }));
}

/** The id of the evidence a successful submission redirected to. */
function sentId(result: unknown): number {
  expect(result, JSON.stringify(result)).toBeInstanceOf(Response);
  const location = (result as Response).headers.get("Location") ?? "";
  const match = /^\/evidence\/(\d+)\?sent=1$/.exec(location);
  expect(match, location).not.toBeNull();
  return Number(match![1]);
}

/** A form's 400: its errors by field. */
function formErrors(result: unknown): Record<string, string> {
  const r = result as { init?: { status?: number }; data?: { errors: Record<string, string> } };
  expect(r.init?.status, JSON.stringify(result)).toBe(400);
  return r.data!.errors;
}

function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
}

const decide = (accountId: string, id: number, form: Record<string, string>) =>
  post(evidencePage.action, accountId, `/evidence/${id}`, { evidenceId: String(id) }, form);
const view = (accountId: string, id: number) =>
  get(evidencePage.loader, accountId, `/evidence/${id}`, { evidenceId: String(id) });

async function evidenceRow(id: number) {
  return queryOne<{
    status: string;
    file_key: string | null;
    file_type: string | null;
    file_name: string | null;
    completion_id: number | null;
    rejection_reason: string | null;
  }>(
    t.db,
    sql`select status::text as status, file_key, file_type, file_name, completion_id::int as completion_id,
          rejection_reason from evidence_submissions where id = ${id}`,
  );
}

async function completionsOf(personId: number) {
  return queryRows<{
    id: number;
    course_id: number;
    source: string;
    completed_on: string;
    expires_on: string | null;
    provider: string | null;
    evidence_file_key: string | null;
  }>(
    t.db,
    sql`select id::int as id, course_id, source::text as source, completed_on::text as completed_on,
          expires_on::text as expires_on, provider, evidence_file_key
        from completions where person_id = ${personId} order by id`,
  );
}

async function awarenessStatus(personId: number) {
  const rows = await requirementsForPerson(t.db, { kind: "all" }, personId, TODAY);
  return rows.find((r) => r.requirement.id === w.requirementId)?.status;
}

async function messagesTo(personId: number) {
  return queryRows<{ kind: string; details: string }>(
    t.db,
    sql`select kind, details::text as details from notifications where recipient_person_id = ${personId} order by id`,
  );
}

async function queueIds(accountId: string): Promise<number[]> {
  const result = (await get(queuePage.loader, accountId, "/evidence")) as { rows: Array<{ id: number }> };
  return result.rows.map((r) => r.id);
}

describe("sending evidence", () => {
  it("keeps a certificate by its content and shows it awaiting verification, never as current", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    const row = await evidenceRow(id);
    expect(row).toMatchObject({
      status: "awaiting_verification",
      file_type: "application/pdf",
      file_name: "certificate.pdf",
    });
    expect(row!.file_key).toMatch(/^evidence\/[0-9a-f]{64}\.pdf$/);
    expect(storage.keys()).toEqual([row!.file_key]);
    expect(await completionsOf(w.lee.id)).toEqual([]);
    expect(await awarenessStatus(w.lee.id)).not.toBe("current");

    const page = (await get(myTraining.loader, w.accounts.lee.id, "/my-training")) as {
      myEvidence: Array<{ id: number; status: string }>;
      completions: unknown[];
      myRequirements: Array<{ status: string }>;
    };
    expect(page.myEvidence).toEqual([expect.objectContaining({ id, status: "awaiting_verification" })]);
    expect(page.completions).toEqual([]);
    expect(page.myRequirements.map((r) => r.status)).not.toContain("current");
    const audit = await queryOne<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'evidence.submit' and entity_id = ${String(id)}`,
    );
    expect(audit?.n).toBe(1);
  });

  it("refuses by content, not by name: a .pdf that is really a PNG is kept as a PNG; an .exe renamed .pdf is refused", async () => {
    const png = sentId(
      await submit(w.accounts.lee.id, {}, { name: "certificate.pdf", bytes: samplePng(), type: "application/pdf" }),
    );
    const row = await evidenceRow(png);
    expect(row!.file_type).toBe("image/png");
    expect(row!.file_key).toMatch(/\.png$/);

    const exe = new Uint8Array(4096);
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
    new TextEncoder().encodeInto("This program cannot be run in DOS mode.", exe.subarray(0x4e));
    exe.set([0x50, 0x45, 0x00, 0x00], 0x80);
    new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
    const refusals: Array<[string, { name: string; bytes: Uint8Array; type?: string }]> = [
      ["an .exe renamed .pdf", { name: "certificate.pdf", bytes: exe }],
      [
        "text named .png",
        { name: "certificate.png", bytes: new TextEncoder().encode("not an image"), type: "image/png" },
      ],
      [
        "a zip named .jpg",
        { name: "photo.jpg", bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), type: "image/jpeg" },
      ],
    ];
    for (const [what, file] of refusals) {
      const errors = formErrors(await submit(w.accounts.otto.id, {}, file));
      expect(errors.evidenceFile, what).toMatch(/must be a PDF, PNG or JPEG/);
    }
    const tooBig = new Uint8Array(10 * 1024 * 1024 + 1);
    tooBig.set(samplePdf());
    expect(formErrors(await submit(w.accounts.otto.id, {}, { name: "big.pdf", bytes: tooBig })).evidenceFile).toMatch(
      /smaller than 10 MB/,
    );
    expect(formErrors(await submit(w.accounts.otto.id, {}, null)).evidenceFile).toMatch(/Select the certificate/);
    // Far too large to be a certificate: refused from its length, before the body is read.
    const huge = await signedInRequest(t.db, w.accounts.otto.id, "/my-training/evidence/new", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(200 * 1024 * 1024) },
      body: "--x--",
    });
    expect(
      formErrors(await call(() => newEvidence.action({ request: huge, params: {}, context: {} }))).evidenceFile,
    ).toMatch(/smaller than 10 MB/);
    // Nothing of Otto's was kept: no rows, no files besides Lee's PNG.
    const ottos = await queryOne<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from evidence_submissions where person_id = ${w.otto.id}`,
    );
    expect(ottos?.n).toBe(0);
    expect(storage.keys()).toEqual([row!.file_key]);
  });

  it("refuses a date in the future, a course not done elsewhere, a manager's confirmation the course does not accept, and a second while one waits", async () => {
    const lee = w.accounts.lee.id;
    expect(formErrors(await submit(lee, { completedOn: addDaysToDate(TODAY, 1) })).completedOn).toMatch(
      /today or in the past/,
    );
    expect(formErrors(await submit(lee, { "completedOn-day": "31", "completedOn-month": "2" })).completedOn).toMatch(
      /real date/,
    );
    expect(formErrors(await submit(lee, { courseId: String(w.workshop.id) })).courseId).toMatch(/Select the course/);
    expect(formErrors(await submit(lee, { courseId: "" })).courseId).toMatch(/Select the course/);
    expect(formErrors(await submit(lee, { kind: "manager_confirmation" }, null)).kind).toMatch(/needs a certificate/);
    sentId(await submit(lee, {}));
    expect(formErrors(await submit(lee, {})).courseId).toMatch(/already sent evidence of Prevent awareness/);
    // A manager's confirmation where the course accepts one: no file needed.
    const confirmed = sentId(
      await submit(lee, { courseId: String(w.referrals.id), kind: "manager_confirmation" }, null),
    );
    expect(await evidenceRow(confirmed)).toMatchObject({ status: "awaiting_verification", file_key: null });
  });
});

describe("the evidence queue", () => {
  it("shows its last page for a page past the end (or too large to be a number), not 'no evidence waiting'", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    for (const page of ["40", "2147483648"]) {
      const past = (await get(queuePage.loader, w.accounts.cora.id, `/evidence?page=${page}`)) as Awaited<
        ReturnType<typeof queuePage.loader>
      >;
      expect([past.page, past.total, past.rows.map((r) => r.id)]).toEqual([1, 1, [id]]);
      const text = pageText(renderPage(queuePage.default, past));
      expect(text).toContain("1 submission awaiting verification");
      expect(text).not.toContain("There is no evidence waiting for you to verify");
    }
  });
});

describe("the course page", () => {
  it("offers a learner to send their certificate of a course run elsewhere, not of one run here", async () => {
    const page = (courseId: number) =>
      get(coursePage.loader, w.accounts.lee.id, `/courses/${courseId}`, { courseId: String(courseId) }) as Promise<{
        sendEvidence: boolean;
      }>;
    expect((await page(w.awareness.id)).sendEvidence).toBe(true);
    expect((await page(w.workshop.id)).sendEvidence).toBe(false);
  });
});

describe("accepting evidence", () => {
  it("records exactly one completion that counts, tells the learner, and the kept coverage agrees with the engine", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    const key = (await evidenceRow(id))!.file_key;
    const accepted = await decide(w.accounts.cora.id, id, { intent: "accept" });
    expect((accepted as Response).headers.get("Location")).toBe(`/evidence/${id}?decided=accepted`);

    const completions = await completionsOf(w.lee.id);
    expect(completions).toEqual([
      {
        id: expect.any(Number),
        course_id: w.awareness.id,
        source: "external_evidence",
        completed_on: DONE_ON,
        expires_on: addMonthsToDate(DONE_ON, 36),
        provider: "Home Office (GOV.UK)",
        evidence_file_key: key,
      },
    ]);
    expect(await evidenceRow(id)).toMatchObject({ status: "accepted", completion_id: completions[0]!.id });
    expect(await awarenessStatus(w.lee.id)).toBe("current");
    expect((await checkKeptCoverage(t.db, { today: TODAY })).differences).toBe(0);
    const kinds = (await messagesTo(w.lee.id)).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(["evidence.accepted", "certificate.issued"]));

    // Again: refused, still one completion.
    const again = formErrors(await decide(w.accounts.cora.id, id, { intent: "accept" }));
    expect(again.form).toMatch(/already been decided/);
    expect(await completionsOf(w.lee.id)).toHaveLength(1);
    expect(await queueIds(w.accounts.cora.id)).toEqual([]);
  });

  it(`records one completion when two verifiers accept at once ${concurrent ? "(two connections, interleaved)" : "(one after the other on PGlite)"}`, async () => {
    const id = sentId(await submit(w.accounts.lee.id, { courseId: String(w.channel.id) }));
    const coordinator: Verifier = verifierOf(w.accounts.cora.id, w.cora.id, [
      { role: "coordinator", organisationId: null, personId: null },
    ]);
    const manager: Verifier = verifierOf(w.accounts.mina.id, w.mina.id, [
      { role: "manager", organisationId: null, personId: w.mina.id },
    ]);
    if (!concurrent) {
      const results = await Promise.allSettled([
        acceptEvidence(t.db, coordinator, { evidenceId: id }),
        acceptEvidence(t.db, manager, { evidenceId: id }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    } else {
      // The coordinator's acceptance is made and held uncommitted; the manager's starts and must
      // wait on the submission's lock; then the first commits and the second finds it decided.
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let held!: (pid: number) => void;
      const holder = new Promise<number>((resolve) => (held = resolve));
      const first = t.db.transaction(async (tx) => {
        await acceptEvidence(tx, coordinator, { evidenceId: id });
        held((await queryOne<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid);
        await committing;
      });
      const pid = await holder;
      const second = acceptEvidence(t.db, manager, { evidenceId: id }).then(
        () => "accepted",
        (error: unknown) => error,
      );
      let waited = false;
      for (let i = 0; i < 500 && !waited; i++) {
        const [row] = await watcher!<{ pid: number }[]>`
          select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid)) limit 1`;
        waited = row !== undefined;
        if (!waited) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(waited).toBe(true);
      commit();
      await first;
      const outcome = await second;
      expect(outcome).toBeInstanceOf(DomainError);
      expect((outcome as DomainError).code).toBe("already-decided");
    }
    expect(await completionsOf(w.lee.id)).toHaveLength(1);
    expect((await evidenceRow(id))!.status).toBe("accepted");
    expect((await checkKeptCoverage(t.db, { today: TODAY })).differences).toBe(0);
  });
});

function verifierOf(accountId: string, personId: number, grants: CurrentUser["grants"]): Verifier {
  const user: CurrentUser = { accountId, personId, displayName: "", email: "", grants };
  return { accountId, personId, scope: personScopeFor(user, "evidence:verify") };
}

describe("rejecting evidence", () => {
  it("needs a reason, which the learner then sees; nothing counts, and they may send it again", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    expect(formErrors(await decide(w.accounts.cora.id, id, { intent: "reject", reason: "  " })).reason).toMatch(
      /Enter why/,
    );
    expect((await evidenceRow(id))!.status).toBe("awaiting_verification");
    const reason = "The certificate is for a different course (Channel awareness).";
    await decide(w.accounts.cora.id, id, { intent: "reject", reason });
    expect(await evidenceRow(id)).toMatchObject({ status: "rejected", rejection_reason: reason, completion_id: null });
    expect(await completionsOf(w.lee.id)).toEqual([]);
    expect(await awarenessStatus(w.lee.id)).not.toBe("current");

    const page = (await get(myTraining.loader, w.accounts.lee.id, "/my-training")) as {
      myEvidence: Array<{ id: number; status: string; rejectionReason: string | null }>;
    };
    expect(page.myEvidence).toEqual([expect.objectContaining({ id, status: "rejected", rejectionReason: reason })]);
    const own = (await view(w.accounts.lee.id, id)) as { evidence: { rejectionReason: string; status: string } };
    expect(own.evidence).toMatchObject({ status: "rejected", rejectionReason: reason });
    const rejected = (await messagesTo(w.lee.id)).find((m) => m.kind === "evidence.rejected");
    expect(JSON.parse(rejected!.details)).toMatchObject({ reason, courseTitle: "Prevent awareness" });

    // Sent again: the new one waits, and My training shows it rather than the old refusal.
    const again = sentId(await submit(w.accounts.lee.id, {}));
    const after = (await get(myTraining.loader, w.accounts.lee.id, "/my-training")) as {
      myEvidence: Array<{ id: number; status: string }>;
    };
    expect(after.myEvidence.map((e) => [e.id, e.status])).toEqual([[again, "awaiting_verification"]]);
  });
});

describe("who may verify", () => {
  it("a manager only their team's, only for courses that let managers verify (or a manager's confirmation the course accepts); anyone else gets 404", async () => {
    const awareness = sentId(await submit(w.accounts.lee.id, {}));
    const channel = sentId(await submit(w.accounts.lee.id, { courseId: String(w.channel.id) }));
    const confirmation = sentId(
      await submit(w.accounts.lee.id, { courseId: String(w.referrals.id), kind: "manager_confirmation" }, null),
    );
    const mina = w.accounts.mina.id;
    const max = w.accounts.max.id;

    // The queue is in the navigation of those who may verify, not of learners.
    const navigation = async (accountId: string) => {
      const { user } = await getOptionalUser(await signedInRequest(t.db, accountId, "/"));
      return navigationFor(user).map((item) => item.href);
    };
    // The coordinator reaches it under Administration (tests/integration/landing.test.ts).
    expect(await navigation(w.accounts.cora.id)).toContain("/admin");
    expect(await navigation(w.accounts.mina.id)).toContain("/evidence");
    expect(await navigation(w.accounts.lee.id)).not.toContain("/evidence");

    expect(await queueIds(w.accounts.cora.id)).toEqual([awareness, channel, confirmation]);
    expect(await queueIds(mina)).toEqual([channel, confirmation]);
    expect(await queueIds(max)).toEqual([]);

    // The course Mina may not verify: not found, on the page, the file and the decision.
    expect(status(await view(mina, awareness))).toBe(404);
    expect(
      status(await get(evidenceFile.loader, mina, `/evidence/${awareness}/file`, { evidenceId: String(awareness) })),
    ).toBe(404);
    expect(status(await decide(mina, awareness, { intent: "accept" }))).toBe(404);
    // Max manages someone else: not found either.
    expect(status(await view(max, channel))).toBe(404);
    expect(status(await decide(max, channel, { intent: "reject", reason: "No" }))).toBe(404);
    // Otto, a learner: 403 for a decision (never theirs to make), 404 for the page.
    expect(status(await decide(w.accounts.otto.id, channel, { intent: "accept" }))).toBe(403);
    expect(status(await view(w.accounts.otto.id, channel))).toBe(404);
    // Lee may see their own, not decide it.
    expect(status(await view(w.accounts.lee.id, channel))).toBe(200);
    expect(status(await decide(w.accounts.lee.id, channel, { intent: "accept" }))).toBe(403);
    expect(await completionsOf(w.lee.id)).toEqual([]);

    // Mina accepts the two she may.
    expect(status(await decide(mina, channel, { intent: "accept" }))).toBe(302);
    expect(status(await decide(mina, confirmation, { intent: "accept" }))).toBe(302);
    expect((await completionsOf(w.lee.id)).map((c) => c.course_id).sort()).toEqual(
      [w.channel.id, w.referrals.id].sort(),
    );
    expect((await checkKeptCoverage(t.db, { today: TODAY })).differences).toBe(0);
  });

  it("nobody verifies their own evidence, even a manager whose team includes them", async () => {
    // Mina also manages the whole service, herself included.
    await t.db.insert(roleGrants).values({
      accountId: w.accounts.mina.id,
      role: "manager",
      organisationId: w.service.id,
      personId: null,
    });
    const lead = w.accounts.mina;
    const own = sentId(await submit(lead.id, { courseId: String(w.channel.id) }));
    expect(await queueIds(lead.id)).toEqual([]);
    const page = (await view(lead.id, own)) as { mayDecide: boolean };
    expect(page.mayDecide).toBe(false);
    expect(status(await decide(lead.id, own, { intent: "accept" }))).toBe(404);
  });

  it("records someone else's evidence being viewed and its file downloaded, served as the type its content is", async () => {
    const id = sentId(
      await submit(w.accounts.lee.id, {}, { name: "certificate.pdf", bytes: samplePng(), type: "application/pdf" }),
    );
    const file = (await get(evidenceFile.loader, w.accounts.cora.id, `/evidence/${id}/file`, {
      evidenceId: String(id),
    })) as Response;
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(samplePng());
    await view(w.accounts.cora.id, id);
    // Lee's own reads are not recorded.
    await view(w.accounts.lee.id, id);
    const reads = await queryRows<{ action: string; actor_account_id: string }>(
      t.db,
      sql`select action, actor_account_id from audit_events
          where action in ('evidence.viewed', 'evidence.downloaded') order by id`,
    );
    expect(reads).toEqual([
      { action: "evidence.downloaded", actor_account_id: w.accounts.cora.id },
      { action: "evidence.viewed", actor_account_id: w.accounts.cora.id },
    ]);
  });
});

describe("withdrawing evidence", () => {
  it("the learner takes back their own while it waits; nobody else can", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    expect(status(await decide(w.accounts.otto.id, id, { intent: "withdraw" }))).toBe(404);
    expect(status(await decide(w.accounts.mina.id, id, { intent: "withdraw" }))).toBe(404);
    const confirm = (await get(evidencePage.loader, w.accounts.lee.id, `/evidence/${id}?withdraw=1`, {
      evidenceId: String(id),
    })) as { withdrawing: boolean };
    expect(confirm.withdrawing).toBe(true);
    expect(((await decide(w.accounts.lee.id, id, { intent: "withdraw" })) as Response).headers.get("Location")).toBe(
      "/my-training",
    );
    expect((await evidenceRow(id))!.status).toBe("withdrawn");
    expect(await queueIds(w.accounts.cora.id)).toEqual([]);
    expect(formErrors(await decide(w.accounts.cora.id, id, { intent: "accept" })).form).toMatch(/already been decided/);
    expect(await completionsOf(w.lee.id)).toEqual([]);
  });
});

describe("the person's record", () => {
  it("shows their evidence and its state, and offers the coordinator to record a completion by hand", async () => {
    const id = sentId(await submit(w.accounts.lee.id, {}));
    const asCoordinator = (await get(personPage.loader, w.accounts.cora.id, `/people/${w.lee.id}`, {
      personId: String(w.lee.id),
    })) as { evidence: Array<{ id: number; status: string; link: boolean }>; certificates: { record: boolean } };
    expect(asCoordinator.evidence).toEqual([
      expect.objectContaining({ id, status: "awaiting_verification", link: true }),
    ]);
    expect(asCoordinator.certificates.record).toBe(true);
    const asManager = (await get(personPage.loader, w.accounts.mina.id, `/people/${w.lee.id}`, {
      personId: String(w.lee.id),
    })) as { evidence: Array<{ id: number; link: boolean }>; certificates: { record: boolean } };
    // Mina sees it on the record but may not open it (the coordinator verifies Prevent awareness).
    expect(asManager.evidence).toEqual([expect.objectContaining({ id, link: false })]);
    expect(asManager.certificates.record).toBe(false);
  });
});
