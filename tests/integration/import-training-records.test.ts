import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../app/db/database";
import {
  applyImport,
  previewImport,
  saveValueMappings,
  skippedRowsCsv,
  uploadImport,
} from "../../app/domain/imports/import-runs";
import type { ImportPlan } from "../../app/domain/imports/kind";
import { readCsv } from "../../app/domain/imports/read-csv";
import type { TrainingRecordsWork } from "../../app/domain/imports/training-records/plan-training-records";
import { trainingRecordsImport } from "../../app/domain/imports/training-records/training-records-kind";
import { TRAINING_RECORDS_FILES } from "../../app/domain/imports/training-records/training-records-fields";
import { courseNameKey } from "../../app/domain/imports/training-records/course-names";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { type TestDatabase, createTestDatabase } from "../support/database";
import * as make from "../support/factories";
import { memoryStorage } from "../support/storage";

const TODAY = "2026-12-07";

let t: TestDatabase;
let db: Database;
let actorAccountId: string;
let ids: Record<"wrap" | "awareness" | "safeguarding" | "priya" | "tom" | "ann" | "bob" | "sam", number>;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await t.reset();
  const { council, service } = await make.councilAndSchool(db);
  const coordinator = await make.person(db, { organisationId: council.id });
  actorAccountId = (await make.account(db, { personId: coordinator.id, roles: ["coordinator"] })).id;
  const wrap = await make.course(db, {
    code: "PREV-WRAP",
    title: "Workshop to Raise Awareness of Prevent (WRAP)",
    bookable: false,
    retiredAt: new Date("2021-04-01T00:00:00Z"),
    validityMonths: 36,
  });
  const awareness = await make.course(db, {
    code: "PREV-HO-AWARE",
    title: "Prevent awareness e-learning",
    deliveryMode: "external_elearning",
    introducedOn: "2015-06-01",
    validityMonths: 24,
  });
  const safeguarding = await make.course(db, {
    code: "SGC-L1",
    title: "Safeguarding children level 1",
    category: "safeguarding_children",
    validityMonths: null,
  });
  const priya = await make.person(db, {
    organisationId: service.id,
    givenName: "Priya",
    familyName: "Shah",
    externalRef: "000123",
    email: "Priya.Shah@northbridge.test",
  });
  const tom = await make.person(db, {
    organisationId: service.id,
    givenName: "Tom",
    familyName: "Okafor",
    externalRef: "E456",
    email: "tom.okafor@northbridge.test",
  });
  const ann = await make.person(db, {
    organisationId: service.id,
    givenName: "Ann",
    familyName: "Lee",
    externalRef: "0042",
  });
  const bob = await make.person(db, {
    organisationId: service.id,
    givenName: "Bob",
    familyName: "Lee",
    externalRef: "042",
  });
  const sam = await make.person(db, {
    organisationId: service.id,
    givenName: "Sam",
    familyName: "Jones",
    externalRef: null,
    email: "sam.jones@northbridge.test",
  });
  await createRequirement(
    db,
    {
      name: "Prevent awareness",
      description: "",
      source: null,
      courseIds: [wrap.id, awareness.id],
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
  ids = {
    wrap: wrap.id,
    awareness: awareness.id,
    safeguarding: safeguarding.id,
    priya: priya.id,
    tom: tom.id,
    ann: ann.id,
    bob: bob.id,
    sam: sam.id,
  };
});

const HEADER = "Employee No,Email,Course,Date completed,Provider,Notes";

function csv(...lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${[HEADER, ...lines].join("\r\n")}\r\n`);
}

async function plan(
  bytes: Uint8Array,
  valueMappings: Record<string, Record<string, string>> = {},
  on: Database = db,
): Promise<ImportPlan<TrainingRecordsWork>> {
  const read = await readCsv(bytes, TRAINING_RECORDS_FILES[0]!.fields, {});
  expect(read.problems).toEqual([]);
  return trainingRecordsImport.plan(
    on,
    { records: read.rows },
    {},
    { today: TODAY, settings: { localAuthorityCode: null }, headers: {}, valueMappings, progress: () => {} },
  );
}

/** Plans and applies in one transaction, as the flow does. */
async function importFile(bytes: Uint8Array, valueMappings: Record<string, Record<string, string>> = {}) {
  return db.transaction(async (tx) => {
    const made = await plan(bytes, valueMappings, tx);
    await trainingRecordsImport.apply(
      tx,
      made,
      {},
      { actorAccountId, importRunId: 1, today: TODAY, progress: () => {} },
    );
    return made;
  });
}

const mapped = () => ({
  course: {
    wrap: String(ids.wrap),
    "wrap 3": String(ids.wrap),
    "workshop to raise awareness of prevent": String(ids.wrap),
    "prevent elearning": String(ids.awareness),
    "safeguarding level 1": String(ids.safeguarding),
  },
});

async function completionsOf(personId: number) {
  return queryRows<{
    course_id: number;
    completed_on: string;
    expires_on: string | null;
    source: string;
    evidence_note: string | null;
  }>(
    db,
    sql`select course_id, completed_on::text, expires_on::text, source, evidence_note
        from completions where person_id = ${personId} order by completed_on, course_id`,
  );
}

const reasons = (p: ImportPlan<unknown>) => p.problems.map((x) => `${x.line} ${x.column}: ${x.reason}`);

describe("the training-records import", () => {
  it("groups course names people typed by a normalised key, suggests a course by code or title, and waits for the rest", async () => {
    expect(courseNameKey("  Wrap   3. ")).toBe("wrap 3");
    expect(courseNameKey("W.R.A.P.")).toBe("wrap");
    const made = await plan(
      csv(
        "000123,,WRAP,2019-04-03,,",
        "E456,,wrap,2019-04-04,,",
        "E456,,Wrap 3,2019-04-05,,",
        "0042,,Workshop to Raise Awareness of Prevent,2019-04-06,,",
        "0042,,Prevent e-learning,2019-04-06,,",
      ),
    );
    const groups = Object.fromEntries(made.valueGroups.map((g) => [g.key, g]));
    expect(Object.keys(groups).sort()).toEqual([
      "prevent elearning",
      "workshop to raise awareness of prevent",
      "wrap",
      "wrap 3",
    ]);
    expect(groups.wrap).toMatchObject({
      field: "course",
      choice: String(ids.wrap),
      remembered: false,
      spellings: [
        { text: "WRAP", rows: 1 },
        { text: "wrap", rows: 1 },
      ],
    });
    expect(groups["workshop to raise awareness of prevent"]!.choice).toBe(String(ids.wrap));
    expect(groups["wrap 3"]!.choice).toBeNull();
    expect(groups["prevent elearning"]!.choice).toBeNull();
    // The three rows of suggested groups are planned; the two waiting ones are not, and say why.
    expect(made.counts.created).toBe(3);
    expect(made.notes.join(" ")).toContain("2 rows wait for their course name");

    const choices = await trainingRecordsImport.valueChoices!(db);
    expect(choices.course!.map((c) => c.label)).toContain(
      "Workshop to Raise Awareness of Prevent (WRAP) (PREV-WRAP), retired",
    );
  });

  it("reads dates as people write them, UK day first, and refuses ones it cannot read", async () => {
    const made = await plan(
      csv(
        "000123,,WRAP,2019-04-03,,",
        "000123,,Prevent e-learning,03/04/2019,,",
        "E456,,WRAP,3 April 2019,,",
        "E456,,Prevent e-learning,3 Apr 2019,,",
        "0042,,WRAP,03-04-2019,,",
        "0042,,Prevent e-learning,3/4/2019,,",
        ",sam.jones@northbridge.test,Safeguarding level 1,3rd April 2019,,",
        "E456,,Safeguarding level 1,13/13/2019,,",
        "E456,,Safeguarding level 1,sometime in 2019,,",
      ),
      mapped(),
    );
    const dates = made.work.records.map((r) => r.completedOn);
    expect(dates).toEqual(Array(7).fill("2019-04-03"));
    expect(reasons(made)).toEqual([
      '9 Completion date: "13/13/2019" is not a date that can be read: write it like 3 April 2019, 03/04/2019 (day first) or 2019-04-03',
      '10 Completion date: "sometime in 2019" is not a date that can be read: write it like 3 April 2019, 03/04/2019 (day first) or 2019-04-03',
    ]);
  });

  it("flags a date in the future, and one before the course began (1 January 2006 when the catalogue has no date)", async () => {
    const made = await plan(
      csv(
        "000123,,WRAP,08/12/2026,,",
        "000123,,WRAP,31/12/2005,,",
        "000123,,WRAP,01/01/2006,,",
        "E456,,Prevent e-learning,31 May 2015,,",
        "E456,,Prevent e-learning,1 June 2015,,",
      ),
      mapped(),
    );
    expect(reasons(made)).toEqual([
      "2 Completion date: 8 December 2026 is in the future: a completion cannot be recorded before it happens",
      "3 Completion date: 31 December 2005 is before 1 January 2006: the catalogue gives no date when Workshop to Raise Awareness of Prevent (WRAP) began, so records from before 2006 are taken to be mistakes",
      "5 Completion date: 31 May 2015 is before Prevent awareness e-learning began, on 1 June 2015",
    ]);
    expect(made.work.records.map((r) => r.line)).toEqual([4, 6]);
  });

  it("matches employee numbers that lost their leading zeros, reports them, and refuses ambiguous ones", async () => {
    const made = await plan(
      csv(
        "123,,WRAP,2019-04-03,,",
        "00123,,Prevent e-learning,2019-04-03,,",
        "42,,WRAP,2019-04-03,,",
        "42,,Prevent e-learning,2019-04-03,,",
        "0042,,Safeguarding level 1,2019-04-03,,",
        "042,,Safeguarding level 1,2019-04-03,,",
      ),
      mapped(),
    );
    expect(made.work.records.map((r) => [r.line, r.personId])).toEqual([
      [2, ids.priya],
      [3, ids.priya],
      [6, ids.ann],
      [7, ids.bob],
    ]);
    expect(reasons(made)).toEqual([
      "4 Employee number: Employee number 42 could be 0042 (Ann Lee) or 042 (Bob Lee) once its leading zeros are put back: give the full number or the e-mail address",
      "5 Employee number: Employee number 42 could be 0042 (Ann Lee) or 042 (Bob Lee) once its leading zeros are put back: give the full number or the e-mail address",
    ]);
    expect(made.notes[0]).toBe(
      "2 rows gave an employee number without its leading zeros (like 123 for 000123), as a spreadsheet writes it: they were matched to the one person whose number it is with the zeros put back.",
    );
  });

  it("matches by e-mail whatever its case, and refuses a number and an e-mail of two different people", async () => {
    const made = await plan(
      csv(
        ",PRIYA.SHAH@northbridge.test,WRAP,2019-04-03,,",
        ",sam.jones@NORTHBRIDGE.test,WRAP,2019-04-03,,",
        "E456,priya.shah@northbridge.test,WRAP,2019-04-04,,",
        "999,tom.okafor@northbridge.test,WRAP,2019-04-05,,",
      ),
      mapped(),
    );
    expect(made.work.records.map((r) => [r.line, r.personId])).toEqual([
      [2, ids.priya],
      [3, ids.sam],
      [5, ids.tom],
    ]);
    expect(reasons(made)).toEqual([
      "4 E-mail: Employee number E456 is Tom Okafor's, but priya.shah@northbridge.test is Priya Shah's",
    ]);
    expect(made.notes).toContain("1 row had an employee number nobody has, and was matched by e-mail address instead.");
  });

  it("lists people it cannot find, and rows with no person, course or date", async () => {
    const made = await plan(
      csv(
        "00999,nobody@northbridge.test,WRAP,2019-04-03,,",
        ",gone@northbridge.test,WRAP,2019-04-03,,",
        ",,WRAP,2019-04-03,,",
        "E456,,,2019-04-03,,",
        "E456,,WRAP,,,",
      ),
      mapped(),
    );
    expect(reasons(made)).toEqual([
      "2 Employee number: No one with employee number 00999 or e-mail nobody@northbridge.test: add them (or correct the row) and upload the skipped rows again",
      "3 E-mail: No one with e-mail gone@northbridge.test: add them (or correct the row) and upload the skipped rows again",
      "4 Employee number: Give the person's employee number or e-mail address",
      "5 Course: Give the name of the course",
      "6 Completion date: Give the date the course was completed",
    ]);
    expect(made.counts).toMatchObject({ created: 0, skipped: 5 });
  });

  it("counts a completion already held as unchanged, and the same row twice in the file as a problem on the second line", async () => {
    await make.completion(db, { personId: ids.priya, courseId: ids.wrap, completedOn: "2019-04-03" });
    // A revoked one does not count as held.
    await make.completion(db, {
      personId: ids.tom,
      courseId: ids.wrap,
      completedOn: "2019-04-03",
      revokedAt: new Date(),
      revokeReason: "Recorded in error",
    });
    const made = await plan(
      csv(
        "000123,,WRAP,3 April 2019,,",
        "E456,,WRAP,2019-04-03,,",
        "E456,,Wrap 3,03/04/2019,,",
        "000123,,Prevent e-learning,2019-04-03,,",
        "123,,Prevent e-learning,2019-04-03,,",
      ),
      mapped(),
    );
    expect(made.counts).toMatchObject({ created: 2, unchanged: 1, skipped: 2 });
    expect(reasons(made)).toEqual([
      "4 : The same completion as line 3: Tom Okafor, Workshop to Raise Awareness of Prevent (WRAP), 3 April 2019",
      "6 : The same completion as line 5: Priya Shah, Prevent awareness e-learning, 3 April 2019",
    ]);
    expect(made.notes).toContain("1 row is a completion already recorded: left as it is, not added twice.");
  });

  it("leaves out the rows of an ignored course name", async () => {
    const made = await plan(csv("000123,,WRAP,2019-04-03,,", "000123,,Fire safety,2019-04-03,,"), {
      course: { "fire safety": "ignore" },
    });
    expect(made.valueGroups.find((g) => g.key === "fire safety")).toMatchObject({ choice: "ignore", remembered: true });
    expect(made.work.records.map((r) => r.line)).toEqual([2]);
    expect(made.problems).toEqual([]);
    expect(made.notes).toContain("1 row of course names you chose to ignore will not be imported.");
  });

  it("applies: each new completion recorded from the import with its expiry and note, audited; a second import changes nothing; kept coverage agrees", async () => {
    const file = csv(
      "123,,WRAP,03/04/2019,Home Office,Room 2",
      "E456,,Prevent e-learning,1 June 2024,,",
      ",sam.jones@northbridge.test,Safeguarding level 1,2020-01-31,,",
      "00999,,WRAP,2019-04-03,,",
    );
    const first = await importFile(file, mapped());
    expect(first.counts).toMatchObject({ created: 3, unchanged: 0, skipped: 1 });
    expect(await completionsOf(ids.priya)).toEqual([
      {
        course_id: ids.wrap,
        completed_on: "2019-04-03",
        expires_on: "2022-04-03",
        source: "import",
        evidence_note: "Provider: Home Office. Notes: Room 2",
      },
    ]);
    expect(await completionsOf(ids.tom)).toMatchObject([{ completed_on: "2024-06-01", expires_on: "2026-06-01" }]);
    expect(await completionsOf(ids.sam)).toMatchObject([{ completed_on: "2020-01-31", expires_on: null }]);
    const audit = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_events where action = 'completion.record' and actor_account_id = ${actorAccountId}
            and after->>'source' = 'import' and after->>'certificateCode' is not null`,
    );
    expect(audit[0]!.n).toBe(3);
    const codes = await queryRows<{ n: number }>(
      db,
      sql`select count(distinct certificate_code)::int as n from completions`,
    );
    expect(codes[0]!.n).toBe(3);

    const again = await importFile(file, mapped());
    expect(again.counts).toMatchObject({ created: 0, unchanged: 3, skipped: 1 });
    const total = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from completions`);
    expect(total[0]!.n).toBe(3);

    const check = await checkKeptCoverage(db, { today: TODAY });
    expect(check.rowsCompared).toBeGreaterThan(0);
    expect(check.differences).toBe(0);
  });
});

describe("the training-records import at size", () => {
  it("plans and applies thousands of rows set-based (past one batch), and the same file again changes nothing", async () => {
    const rows = Number(process.env.TRAINING_RECORDS_ROWS ?? 3000);
    const service = (
      await queryRows<{ id: number }>(db, sql`select id from organisations where name = 'Adult Social Care'`)
    )[0]!.id;
    await db.execute(
      sql`insert into people (organisation_id, given_name, family_name, start_date, external_ref)
          select ${service}, 'Bulk', 'Person ' || n, '2015-01-01', lpad((n + 50000)::text, 8, '0')
          from generate_series(1, ${rows}) as n`,
    );
    // Numbers as a spreadsheet writes them (zeros lost) on every other row.
    const lines = Array.from({ length: rows }, (_, i) => {
      const n = i + 1;
      const number = String(n + 50000);
      return `${n % 2 === 0 ? number : number.padStart(8, "0")},,WRAP,${(n % 28) + 1}/03/2019,,`;
    });
    const started = Date.now();
    const first = await importFile(csv(...lines), mapped());
    const took = Date.now() - started;
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: rows, unchanged: 0 });
    const recorded = await queryRows<{ n: number; audited: number }>(
      db,
      sql`select (select count(*)::int from completions where source = 'import') as n,
            (select count(*)::int from audit_events where action = 'completion.record') as audited`,
    );
    expect(recorded[0]).toEqual({ n: rows, audited: rows });
    const again = await importFile(csv(...lines), mapped());
    expect(again.counts).toMatchObject({ created: 0, unchanged: rows });
    console.info(`${rows} training records planned and applied in ${took} ms (${t.engine})`);
    expect((await checkKeptCoverage(db, { today: TODAY })).differences).toBe(0);
  }, 120_000);
});

describe("the training-records import through the flow", () => {
  const context = { today: TODAY, settings: { localAuthorityCode: null } };
  const storage = memoryStorage();

  async function upload(bytes: Uint8Array, name = "wrap-registers.csv") {
    return uploadImport(db, storage, {
      kind: "training-records",
      files: [{ role: "records", name, bytes }],
      options: {},
      actorAccountId,
    });
  }

  async function count(): Promise<number> {
    return (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from completions`))[0]!.n;
  }

  it("maps each course name once (remembered for the next file), skips unmatched people to download, and a re-import changes nothing", async () => {
    const first = csv(
      "123,,WRAP,03/04/2019,,",
      "E456,,Wrap 3,4 April 2019,,",
      "00999,,WRAP,2019-04-03,,",
      ",sam.jones@northbridge.test,Fire safety,2019-04-03,,",
    );
    const runId = await upload(first);
    let preview = await previewImport(db, storage, runId, context);
    expect(preview.valueGroups.map((g) => [g.key, g.choice, g.remembered])).toEqual([
      ["fire safety", null, false],
      ["wrap", String(ids.wrap), false],
      ["wrap 3", null, false],
    ]);
    expect(preview.problems).toEqual([
      {
        line: 4,
        column: "Employee No",
        reason: "No one with employee number 00999: add them (or correct the row) and upload the skipped rows again",
      },
    ]);
    // An unmapped group blocks the apply.
    await expect(applyImport(db, storage, runId, { ...context, actorAccountId, skipBadRows: true })).rejects.toThrow(
      "Choose what 2 values in the file stand for, or to ignore them.",
    );
    expect(await count()).toBe(0);

    await saveValueMappings(db, runId, {
      actorAccountId,
      choices: [
        { field: "course", key: "wrap", choice: String(ids.wrap) },
        { field: "course", key: "wrap 3", choice: String(ids.wrap) },
        { field: "course", key: "fire safety", choice: "ignore" },
      ],
    });
    preview = await previewImport(db, storage, runId, context);
    expect(preview.valueGroups.every((g) => g.remembered)).toBe(true);
    expect(preview.counts).toMatchObject({ created: 2, unchanged: 0, skipped: 1 });
    await expect(applyImport(db, storage, runId, { ...context, actorAccountId, skipBadRows: false })).rejects.toThrow(
      "1 row in the file has problems",
    );
    const skipped = await skippedRowsCsv(db, storage, runId, "records");
    expect(skipped?.text).toContain("No one with employee number 00999");
    expect(skipped?.rows).toBe(1);
    // The refused apply left the run previewed, ready to apply with the bad row skipped.
    const counts = await applyImport(db, storage, runId, { ...context, actorAccountId, skipBadRows: true });
    expect(counts).toMatchObject({ created: 2, skipped: 1 });
    expect(await count()).toBe(2);

    // The next file of the kind: its spellings are mapped already; one completion is held.
    const next = await upload(
      csv("E456,,WRAP 3,04/04/2019,,", "E456,,wrap 3,1 June 2024,,", "0042,,FIRE SAFETY,2019-04-03,,"),
      "more-registers.csv",
    );
    preview = await previewImport(db, storage, next, context);
    expect(preview.valueGroups.map((g) => [g.key, g.remembered])).toEqual([
      ["fire safety", true],
      ["wrap 3", true],
    ]);
    expect(preview.counts).toMatchObject({ created: 1, unchanged: 1, skipped: 0 });
    await applyImport(db, storage, next, { ...context, actorAccountId, skipBadRows: false });
    expect(await count()).toBe(3);

    // The first file again: nothing new.
    const again = await upload(first);
    preview = await previewImport(db, storage, again, context);
    expect(preview.counts).toMatchObject({ created: 0, unchanged: 2, skipped: 1 });
    await applyImport(db, storage, again, { ...context, actorAccountId, skipBadRows: true });
    expect(await count()).toBe(3);

    const check = await checkKeptCoverage(db, { today: TODAY });
    expect(check.differences).toBe(0);
  });
});
