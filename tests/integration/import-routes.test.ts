import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { auditEvents, completions, importRuns, people } from "../../app/db/schema";
import { getImportRun } from "../../app/domain/imports/import-runs";
import type { ImportStatus } from "../../app/domain/imports/values";
import * as runPage from "../../app/routes/admin.imports.$importId._index";
import * as originalFile from "../../app/routes/admin.imports.$importId.files.$role";
import * as rowsToFix from "../../app/routes/admin.imports.$importId.rows-to-fix[.]csv";
import * as historyPage from "../../app/routes/admin.imports._index";
import * as newPage from "../../app/routes/admin.imports.new";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { memoryStorage } from "../support/storage";

/**
 * The imports pages through their loaders and actions, with real requests (a multipart upload of
 * a file the test writes) and the preview and apply running in the background as they do on the
 * server: the test waits for them as the page would, by reading the run until its status moves on.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let coordinator: string;
let learner: string;
let council: { id: number };
beforeEach(async () => {
  await t.reset();
  provideFileStorageForTests(memoryStorage());
  council = await make.organisation(t.db, { kind: "council", name: "Northbridge Council" });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  coordinator = (await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] })).id;
  const learnerPerson = await make.person(t.db, { organisationId: council.id });
  learner = (await make.account(t.db, { personId: learnerPerson.id })).id;
});

const csv = (lines: string[]): Uint8Array<ArrayBuffer> => new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);

/** A multipart form as the upload page's form sends it: the file under file-<role>, and the kind's options. */
function uploadForm(
  role: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  form.append(`file-${role}`, new File([bytes], name, { type: "text/csv" }));
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return form;
}

async function upload(
  kind: string,
  form: FormData,
  accountId = coordinator,
): Promise<Awaited<ReturnType<typeof newPage.action>> | Response> {
  const request = await signedInRequest(t.db, accountId, `/admin/imports/new?kind=${kind}`, {
    method: "POST",
    body: form,
  });
  return call(() => newPage.action({ request, params: {}, context: {} }));
}

async function post(runId: number, form: Record<string, string>, accountId = coordinator) {
  const request = await signedInRequest(t.db, accountId, `/admin/imports/${runId}`, { form });
  return call(() => runPage.action({ request, params: { importId: String(runId) }, context: {} }));
}

async function runLoader(runId: number, accountId = coordinator) {
  const request = await signedInRequest(t.db, accountId, `/admin/imports/${runId}`);
  return call(() => runPage.loader({ request, params: { importId: String(runId) }, context: {} }));
}

async function loadedRun(runId: number) {
  const loaded = await runLoader(runId);
  if (loaded instanceof Response) throw new Error(`The import page answered ${loaded.status}`);
  return loaded;
}

function location(response: unknown): string | null {
  return response instanceof Response ? response.headers.get("Location") : null;
}

/** What a route returned with `data(...)`: single-fetch's data object, or the plain value. */
function payload<T>(result: unknown): T {
  const value = result as { data?: T };
  return (value && typeof value === "object" && "data" in value ? value.data : value) as T;
}
function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}
const errorsOf = (result: unknown) => payload<{ errors: Record<string, string> }>(result).errors;

/** The run's id from the redirect to its page. */
function runIdFrom(response: unknown): number {
  const to = location(response);
  const match = to?.match(/^\/admin\/imports\/(\d+)$/);
  if (!match) throw new Error(`Expected a redirect to an import's page, got ${status(response)} ${to ?? ""}`);
  return Number(match[1]);
}

/** Waits, as the page does, until the background work has moved the run on to the status and finished. */
async function waitFor(runId: number, wanted: ImportStatus, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const run = await getImportRun(t.db, runId);
    if (run && run.status === wanted && !run.progress) return run;
    if (run && run.status === "failed" && wanted !== "failed") {
      throw new Error(`Import ${runId} failed: ${run.failure}`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`Import ${runId} is still ${run?.status} after ${timeoutMs} ms (waiting for ${wanted})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ROSTER_HEADER = "Employee No,First name,Last name,Email,Job title,Directorate,Service,Manager No,Start date";

describe("a roster with bad rows, from upload to the history", () => {
  const FILE = [
    ROSTER_HEADER,
    "IMP-0001,Asha,Patel,asha.patel@imports.example,Director,Adults,,,2015-09-01",
    "IMP-0002,Ben,Brown,ben.brown@imports.example,Team manager,Adults,Adult Social Care,IMP-0001,2018-01-15",
    "IMP-0003,Chloe,Adams,chloe.adams@imports,Social worker,Adults,Adult Social Care,IMP-0002,03/04/2019",
    "IMP-0004,Dev,Shah,dev.shah@imports.example,Social worker,Adults,Adult Social Care,IMP-0002,31/02/2020",
    "IMP-0005,Ewa,Nowak,ewa.nowak@imports.example,Social worker,Adults,Adult Social Care,IMP-0002,1 March 2021",
  ];

  it("previews in the background, refuses to apply until the bad rows are skipped, and keeps the import in the history", async () => {
    const uploaded = await upload("roster", uploadForm("roster", "hr-roster.csv", csv(FILE), { organisationId: "" }));
    const runId = runIdFrom(uploaded);

    // The preview runs after the redirect; the page shows it once it is made.
    await waitFor(runId, "previewed");
    const page = await loadedRun(runId);
    expect(page.run.status).toBe("previewed");
    const preview = page.run.preview!;
    expect(preview.planned).toBe(true);
    expect(preview.counts).toEqual({ created: 3, changed: 0, unchanged: 0, ended: 0, skipped: 2 });
    expect(preview.problemCount).toBe(2);
    expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
      [4, "Email"],
      [5, "Start date"],
    ]);
    expect(preview.problems[0]!.reason).toMatch(/e-mail/i);
    expect(preview.problems[1]!.reason).toContain('"31/02/2020" is not one');
    expect(preview.files[0]).toMatchObject({ name: "hr-roster.csv", encoding: "UTF-8", rows: 5, missing: [] });
    expect(page.optionFields.map((f) => f.name)).toEqual(["organisationId", "markLeavers"]);

    // Applying without choosing to skip is refused on the checkbox; nothing is applied.
    const refused = await post(runId, { intent: "apply" });
    expect(status(refused)).toBe(400);
    expect(errorsOf(refused)).toEqual({
      skipBadRows: "2 rows in the file have problems. Choose to skip them, or fix the file and upload it again.",
    });
    expect((await getImportRun(t.db, runId))!.status).toBe("previewed");
    expect(await t.db.select().from(people).where(sql`${people.externalRef} like 'IMP-%'`)).toEqual([]);

    // The bad rows download with their reasons, and the download is recorded as a read.
    const csvRequest = await signedInRequest(t.db, coordinator, `/admin/imports/${runId}/rows-to-fix.csv?file=roster`);
    const download = await call(() =>
      rowsToFix.loader({ request: csvRequest, params: { importId: String(runId) }, context: {} }),
    );
    expect(download).toBeInstanceOf(Response);
    const response = download as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toContain("hr-roster-rows-to-fix.csv");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`Problem,Line in the original file,${ROSTER_HEADER}`);
    expect(lines[1]).toMatch(/^"?Email: .*,4,IMP-0003,Chloe,Adams,chloe\.adams@imports,/);
    expect(lines[2]).toMatch(/^"?Start date: .*,5,IMP-0004,Dev,Shah,/);
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export.downloaded"), eq(auditEvents.entityId, String(runId))));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorAccountId: coordinator,
      entityType: "import_run",
      after: { file: "hr-roster-rows-to-fix.csv", rows: 2 },
    });

    // The original file is kept and downloads as it was uploaded.
    const fileRequest = await signedInRequest(t.db, coordinator, `/admin/imports/${runId}/files/roster`);
    const original = (await call(() =>
      originalFile.loader({ request: fileRequest, params: { importId: String(runId), role: "roster" }, context: {} }),
    )) as Response;
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(csv(FILE));

    // Skipping them, the rest is applied in the background.
    const applied = await post(runId, { intent: "apply", skipBadRows: "yes" });
    expect(location(applied)).toBe(`/admin/imports/${runId}`);
    await waitFor(runId, "applied");
    const made = await queryRows<{ ref: string; email: string; manager: string | null; organisation: string }>(
      t.db,
      sql`select p.external_ref as ref, p.email, m.external_ref as manager, o.name as organisation
          from people p join organisations o on o.id = p.organisation_id left join people m on m.id = p.line_manager_id
          where p.external_ref like 'IMP-%' order by p.external_ref`,
    );
    expect(made).toEqual([
      { ref: "IMP-0001", email: "asha.patel@imports.example", manager: null, organisation: "Adults" },
      { ref: "IMP-0002", email: "ben.brown@imports.example", manager: "IMP-0001", organisation: "Adult Social Care" },
      { ref: "IMP-0005", email: "ewa.nowak@imports.example", manager: "IMP-0002", organisation: "Adult Social Care" },
    ]);
    const after = await loadedRun(runId);
    expect(after.run).toMatchObject({ status: "applied", appliedBy: expect.stringContaining("Account") });
    expect(after.run.preview!.counts).toEqual({ created: 3, changed: 0, unchanged: 0, ended: 0, skipped: 2 });
    // An applied import offers no choices any more.
    expect(after.optionFields).toEqual([]);
    const applyEvents = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "import.apply"), eq(auditEvents.entityId, String(runId))));
    expect(applyEvents).toHaveLength(1);

    // The history lists it, with its counts and its problems.
    const historyRequest = await signedInRequest(t.db, coordinator, "/admin/imports");
    const history = (await historyPage.loader({ request: historyRequest, params: {}, context: {} })) as Awaited<
      ReturnType<typeof historyPage.loader>
    >;
    expect(history.total).toBe(1);
    // A page past the end (or too large to be a number) shows the last page.
    for (const page of ["40", "2147483648"]) {
      const past = (await historyPage.loader({
        request: await signedInRequest(t.db, coordinator, `/admin/imports?page=${page}`),
        params: {},
        context: {},
      })) as Awaited<ReturnType<typeof historyPage.loader>>;
      expect([past.page, past.total, past.runs]).toEqual([1, 1, history.runs]);
    }
    expect(history.runs[0]).toMatchObject({
      id: runId,
      kind: "roster",
      status: "applied",
      problems: 2,
      files: [expect.objectContaining({ name: "hr-roster.csv" })],
      counts: { created: 3, changed: 0, unchanged: 0, ended: 0, skipped: 2 },
    });

    // A second apply is refused on the form, not a 500.
    const again = await post(runId, { intent: "apply", skipBadRows: "yes" });
    expect(status(again)).toBe(400);
    expect(errorsOf(again).form).toBe("This import has already been applied.");
  });
});

describe("the upload form", () => {
  it("refuses a file that is not a CSV file on the file's field, keeping nothing", async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]);
    const refused = await upload("roster", uploadForm("roster", "roster.xlsx", xlsx, { organisationId: "" }));
    expect(status(refused)).toBe(400);
    expect(errorsOf(refused)["file-roster"]).toContain("must be a CSV file");
    // The choices made are kept for the form shown again.
    expect(payload<{ values: Record<string, string> }>(refused).values).toEqual({ organisationId: "" });
    expect(await t.db.select().from(importRuns)).toEqual([]);
  });

  it("asks for the file when none is chosen, and refuses an empty one", async () => {
    const none = await upload("roster", new FormData());
    expect(status(none)).toBe(400);
    expect(errorsOf(none)).toEqual({ "file-roster": "Select the staff roster" });
    const empty = await upload("roster", uploadForm("roster", "roster.csv", new Uint8Array()));
    expect(errorsOf(empty)).toEqual({ "file-roster": "The selected staff roster is empty" });
  });

  it("refuses a contractor that is not one of the choices on its field", async () => {
    const refused = await upload(
      "roster",
      uploadForm("roster", "r.csv", csv([ROSTER_HEADER]), { organisationId: "abc" }),
    );
    expect(status(refused)).toBe(400);
    expect(errorsOf(refused)).toEqual({ organisationId: "Choose the council or a contractor from the list" });
  });

  it("answers 404 for a kind of import that does not exist, on the page and the upload", async () => {
    const request = await signedInRequest(t.db, coordinator, "/admin/imports/new?kind=payroll");
    const page = await call(() => newPage.loader({ request, params: {}, context: {} }));
    expect(status(page)).toBe(404);
    const posted = await upload("payroll", uploadForm("roster", "r.csv", csv([ROSTER_HEADER])));
    expect(status(posted)).toBe(404);
  });

  it("is the coordinator's: anyone else gets a 403, and nothing is kept", async () => {
    const posted = await upload("roster", uploadForm("roster", "r.csv", csv([ROSTER_HEADER])), learner);
    expect(status(posted)).toBe(403);
    expect(await t.db.select().from(importRuns)).toEqual([]);
  });
});

describe("the import page", () => {
  it("answers 404 for an import that does not exist, and 403 to someone who is not the coordinator", async () => {
    expect(status(await runLoader(999_999))).toBe(404);
    const runId = runIdFrom(await upload("roster", uploadForm("roster", "r.csv", csv([ROSTER_HEADER]))));
    await waitFor(runId, "previewed");
    expect(status(await runLoader(runId, learner))).toBe(403);
    expect(status(await post(runId, { intent: "discard" }, learner))).toBe(403);
  });

  it("refuses an intent it does not know with a 400, and discards an import", async () => {
    const runId = runIdFrom(await upload("roster", uploadForm("roster", "r.csv", csv([ROSTER_HEADER]))));
    await waitFor(runId, "previewed");
    const unknown = await post(runId, { intent: "explode" });
    expect(status(unknown)).toBe(400);
    expect(errorsOf(unknown)).toEqual({ form: "Choose what to do with the import." });
    expect(location(await post(runId, { intent: "discard" }))).toBe("/admin/imports");
    expect((await getImportRun(t.db, runId))!.status).toBe("discarded");
    const late = await post(runId, { intent: "apply", skipBadRows: "yes" });
    expect(status(late)).toBe(400);
  });

  it("changes nothing of an import once it is applied or discarded: no new choices, no new preview", async () => {
    const file = csv([ROSTER_HEADER, "IMP-0101,Ivy,Moss,ivy.moss@imports.example,,,,,2020-01-01"]);
    const applied = runIdFrom(await upload("roster", uploadForm("roster", "a.csv", file)));
    await waitFor(applied, "previewed");
    await post(applied, { intent: "apply" });
    await waitFor(applied, "applied");
    const discarded = runIdFrom(await upload("roster", uploadForm("roster", "b.csv", file)));
    await waitFor(discarded, "previewed");
    await post(discarded, { intent: "discard" });
    for (const [runId, kept] of [
      [applied, "applied"],
      [discarded, "discarded"],
    ] as const) {
      for (const form of <Array<Record<string, string>>>[
        { intent: "map-columns", role: "roster", "column-employeeNumber": "Employee No" },
        { intent: "map-values" },
        { intent: "options", organisationId: "" },
        { intent: "preview" },
      ]) {
        const answer = await post(runId, form);
        expect([302, 400], `${kept} ${form.intent}`).toContain(status(answer));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect((await getImportRun(t.db, runId))!.status, `${kept} ${form.intent}`).toBe(kept);
      }
    }
  });

  it("maps a column it does not recognise through the form, and remembers it for the next file", async () => {
    // "Personnel code" is no spelling of an employee number the service knows.
    const header = "Personnel code,First name,Last name,Start date";
    const first = runIdFrom(
      await upload(
        "roster",
        uploadForm("roster", "odd.csv", csv([header, "P-77,Farah,Khan,2020-02-02", "P-78,Gus,Lee,2021-03-03"])),
      ),
    );
    await waitFor(first, "previewed");
    const unmapped = (await loadedRun(first)).run.preview!;
    expect(unmapped.planned).toBe(false);
    expect(unmapped.files[0]!.missing).toEqual([{ field: "employeeNumber", label: "Employee number" }]);
    expect(unmapped.files[0]!.ignored).toEqual(["Personnel code"]);
    const blocked = await post(first, { intent: "apply" });
    expect(status(blocked)).toBe(400);
    expect(errorsOf(blocked)).toEqual({ columns: "Choose a column for each field the import needs." });

    // A header that is not in the file is refused on the field.
    const wrong = await post(first, { intent: "map-columns", role: "roster", "column-employeeNumber": "Payroll" });
    expect(status(wrong)).toBe(400);
    expect(errorsOf(wrong)).toEqual({ employeeNumber: "Choose a column from the file." });

    const mapped = await post(first, {
      intent: "map-columns",
      role: "roster",
      "column-employeeNumber": "Personnel code",
    });
    expect(location(mapped)).toBe(`/admin/imports/${first}`);
    await waitFor(first, "previewed");
    const preview = (await loadedRun(first)).run.preview!;
    expect(preview.planned).toBe(true);
    expect(preview.files[0]!.used).toContainEqual({
      field: "employeeNumber",
      label: "Employee number",
      header: "Personnel code",
      remembered: true,
    });
    expect(preview.counts).toMatchObject({ created: 2, skipped: 0 });
    expect(location(await post(first, { intent: "apply" }))).toBe(`/admin/imports/${first}`);
    await waitFor(first, "applied");
    expect(
      (await t.db.select({ ref: people.externalRef }).from(people).where(sql`${people.externalRef} like 'P-%'`))
        .map((p) => p.ref)
        .sort(),
    ).toEqual(["P-77", "P-78"]);

    // A spelling HR systems use is recognised without choosing.
    const payroll = runIdFrom(
      await upload(
        "roster",
        uploadForm(
          "roster",
          "payroll.csv",
          csv(["Payroll ref,First name,Last name,Start date", "P-80,Jo,Ng,2020-01-01"]),
        ),
      ),
    );
    await waitFor(payroll, "previewed");
    const recognised = (await loadedRun(payroll)).run.preview!;
    expect(recognised.planned).toBe(true);
    expect(recognised.files[0]!.used[0]).toMatchObject({
      field: "employeeNumber",
      header: "Payroll ref",
      remembered: false,
    });

    // The next file with that header needs no choosing.
    const second = runIdFrom(
      await upload("roster", uploadForm("roster", "odd-2.csv", csv([header, "P-79,Hana,Ito,2022-04-04"]))),
    );
    await waitFor(second, "previewed");
    const next = (await loadedRun(second)).run.preview!;
    expect(next.planned).toBe(true);
    expect(next.counts).toMatchObject({ created: 1, unchanged: 0, skipped: 0 });
  });
});

describe("historical training records", () => {
  it("has the coordinator map a course name once through the form, then applies the records", async () => {
    const priya = await make.person(t.db, { organisationId: council.id, externalRef: "00123" });
    const course = await make.course(t.db, {
      code: "PREV-WRAP",
      title: "Workshop to Raise Awareness of Prevent (WRAP)",
      introducedOn: "2010-01-01",
    });
    const FILE = [
      "Staff No,Course name,Date attended,Trainer",
      "00123,Prevent session (old format),03/04/2019,J Smith",
      "123,Prevent session (old format),5 May 2022,J Smith",
    ];
    const runId = runIdFrom(await upload("training-records", uploadForm("records", "wrap-2019.csv", csv(FILE))));
    await waitFor(runId, "previewed");
    const page = await loadedRun(runId);
    const group = page.run.preview!.valueGroups[0]!;
    expect(page.run.preview!.valueGroups).toHaveLength(1);
    expect(group).toMatchObject({
      field: "course",
      choice: null,
      spellings: [{ text: "Prevent session (old format)", rows: 2 }],
    });
    expect(page.valueChoices.course).toContainEqual({
      value: String(course.id),
      label: "Workshop to Raise Awareness of Prevent (WRAP) (PREV-WRAP)",
    });

    // Not applied while a value has no choice.
    const blocked = await post(runId, { intent: "apply", skipBadRows: "yes" });
    expect(status(blocked)).toBe(400);
    expect(errorsOf(blocked)).toEqual({
      values: "Choose what 1 value in the file stand for, or to ignore them.",
    });

    const field = `value-${group.field}-${group.key}`;
    // A choice that is not on the list is refused on the value.
    const wrong = await post(runId, { intent: "map-values", [field]: "999999" });
    expect(status(wrong)).toBe(400);
    expect(errorsOf(wrong)).toEqual({ [`value-${group.key}`]: "Choose one of the options." });

    expect(location(await post(runId, { intent: "map-values", [field]: String(course.id) }))).toBe(
      `/admin/imports/${runId}`,
    );
    await waitFor(runId, "previewed");
    const mapped = (await loadedRun(runId)).run.preview!;
    expect(mapped.valueGroups[0]).toMatchObject({ choice: String(course.id), remembered: true });
    expect(mapped.counts).toMatchObject({ created: 2, skipped: 0 });
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "import.map-values"), eq(auditEvents.entityId, String(runId))));
    expect(events).toHaveLength(1);

    expect(location(await post(runId, { intent: "apply" }))).toBe(`/admin/imports/${runId}`);
    await waitFor(runId, "applied");
    const held = await t.db
      .select({ courseId: completions.courseId, completedOn: completions.completedOn })
      .from(completions)
      .where(eq(completions.personId, priya.id));
    expect(held.sort((a, b) => a.completedOn.localeCompare(b.completedOn))).toEqual([
      { courseId: course.id, completedOn: "2019-04-03" },
      { courseId: course.id, completedOn: "2022-05-05" },
    ]);
  });
});
