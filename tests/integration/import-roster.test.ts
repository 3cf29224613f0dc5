import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { queryOne, queryRows } from "../../app/db/database";
import { auditEvents, people } from "../../app/db/schema";
import { applyImport, previewImport, uploadImport } from "../../app/domain/imports/import-runs";
import { IMPORT_KIND_REGISTRY } from "../../app/domain/imports/registry";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import { type TestDatabase, createTestDatabase } from "../support/database";
import * as make from "../support/factories";
import { memoryStorage } from "../support/storage";

/** The HR roster import, through the shared flow, with CSV files the tests write. */

const TODAY = "2026-12-07";
const SETTINGS = { localAuthorityCode: null };

let t: TestDatabase;
let storage: ReturnType<typeof memoryStorage>;
let actor: string;
let council: { id: number; name: string };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  council = await make.organisation(t.db, { kind: "council", name: "Northbridge Council" });
  actor = (await make.account(t.db, { personId: null, roles: ["coordinator"] })).id;
});

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);

async function upload(lines: string[] | Uint8Array, options: Record<string, string> = {}) {
  const bytes = lines instanceof Uint8Array ? lines : csv(lines);
  const runId = await uploadImport(t.db, storage, {
    kind: "roster",
    files: [{ role: "roster", name: "roster.csv", bytes }],
    options,
    actorAccountId: actor,
  });
  const preview = await previewImport(t.db, storage, runId, { today: TODAY, settings: SETTINGS });
  return {
    runId,
    preview,
    apply: (skipBadRows = false) =>
      applyImport(t.db, storage, runId, { actorAccountId: actor, skipBadRows, today: TODAY, settings: SETTINGS }),
  };
}

async function importAll(lines: string[] | Uint8Array, options: Record<string, string> = {}) {
  const run = await upload(lines, options);
  expect(run.preview.problems).toEqual([]);
  return { ...run, counts: await run.apply() };
}

const HEADER =
  "Emp No,Forename,Surname,Email Address,Job Title,Directorate,Service,Manager Emp No,Start Date,Leaving Date,Frontline,Tags";

async function person(ref: string) {
  const row = await queryOne<{
    id: number;
    given_name: string;
    family_name: string;
    email: string | null;
    job_title: string | null;
    organisation: string;
    manager: string | null;
    profile_tags: string[];
    employment_type: string;
    start_date: string;
    leaving_date: string | null;
  }>(
    t.db,
    sql`select p.id, p.given_name, p.family_name, p.email, p.job_title, o.name as organisation, m.external_ref as manager,
          p.profile_tags, p.employment_type::text, p.start_date::text, p.leaving_date::text
        from people p join organisations o on o.id = p.organisation_id left join people m on m.id = p.line_manager_id
        where p.external_ref = ${ref}`,
  );
  return row;
}

async function expectCoverageAgrees() {
  const check = await checkKeptCoverage(t.db, { today: TODAY });
  expect(check.examples).toEqual([]);
  expect(check.differences).toBe(0);
}

describe("the roster kind", () => {
  test("is registered", () => {
    expect(IMPORT_KIND_REGISTRY.roster?.key).toBe("roster");
  });
});

describe("a new roster", () => {
  const FILE = [
    HEADER,
    // The manager chain runs up the file: 00003 reports to 00002, who reports to 00001.
    "00003,Chloe,Adams,chloe.adams@northbridge.gov.uk,Social Worker,Adults,Adult Social Care,00002,03/04/2019,,Y,dsl",
    "00002,Ben,Brown,Ben.Brown@northbridge.gov.uk,Team Manager,Adults,Adult Social Care,00001,2018-01-15,,No,manager; Deputy DSL",
    "00001,Asha,Patel,asha.patel@northbridge.gov.uk,Director,adults,,,1 September 2010,,FALSE,",
    '00004,"O\'Brien, Jr",Dáithí,daithi@northbridge.gov.uk,"Engineer, Roads",Place,Highways,00001,01/02/2020,31/12/2026,1,',
  ];

  test("creates the people, their directorates and services, and their managers from the same file", async () => {
    const { counts, preview } = await importAll(FILE);
    expect(counts).toEqual({ created: 4, changed: 0, unchanged: 0, ended: 0, skipped: 0 });
    expect(preview.notes.join(" ")).toContain("Adults › Adult Social Care (service)");
    expect(preview.changes.filter((c) => c.action === "create").map((c) => c.label)).toContain("Chloe Adams (00003)");

    const chloe = await person("00003");
    expect(chloe).toMatchObject({
      given_name: "Chloe",
      email: "chloe.adams@northbridge.gov.uk",
      organisation: "Adult Social Care",
      manager: "00002",
      start_date: "2019-04-03",
      leaving_date: null,
      profile_tags: ["dsl", "frontline"],
      employment_type: "permanent",
    });
    expect(await person("00002")).toMatchObject({ manager: "00001", profile_tags: ["deputy_dsl", "manager"] });
    // "adults" is the directorate "Adults" the rows above created: found by name whatever its case.
    expect(await person("00001")).toMatchObject({ organisation: "Adults", manager: null, profile_tags: [] });
    expect(await person("00004")).toMatchObject({
      given_name: "O'Brien, Jr",
      family_name: "Dáithí",
      job_title: "Engineer, Roads",
      organisation: "Highways",
      leaving_date: "2026-12-31",
    });
    const orgs = await queryRows<{ name: string; kind: string; parent: string }>(
      t.db,
      sql`select o.name, o.kind::text, p.name as parent from organisations o join organisations p on p.id = o.parent_id order by o.id`,
    );
    expect(orgs).toEqual([
      { name: "Adults", kind: "directorate", parent: "Northbridge Council" },
      { name: "Adult Social Care", kind: "service", parent: "Adults" },
      { name: "Place", kind: "directorate", parent: "Northbridge Council" },
      { name: "Highways", kind: "service", parent: "Place" },
    ]);

    const events = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "import.person.create"))
      .orderBy(auditEvents.id);
    expect(events).toHaveLength(4);
    expect(events.find((e) => e.subjectPersonId === chloe!.id)?.after).toMatchObject({
      externalRef: "00003",
      organisation: "Adults › Adult Social Care",
      lineManagerEmployeeNumber: "00002",
    });
    await expectCoverageAgrees();
  });

  test("imported again, changes nothing", async () => {
    await importAll(FILE);
    const before = await queryRows(t.db, sql`select * from people order by id`);
    const again = await upload(FILE);
    expect(again.preview.counts).toEqual({ created: 0, changed: 0, unchanged: 4, ended: 0, skipped: 0 });
    expect(again.preview.changes).toEqual([]);
    expect(await again.apply()).toEqual({ created: 0, changed: 0, unchanged: 4, ended: 0, skipped: 0 });
    expect(await queryRows(t.db, sql`select * from people order by id`)).toEqual(before);
    const updates = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "import.person.update"));
    expect(updates).toEqual([]);
  });

  test("a changed row shows and audits only the fields that differ", async () => {
    await importAll(FILE);
    const changed = FILE.map((line) =>
      line.startsWith("00003")
        ? "00003,Chloe,Adams,CHLOE.ADAMS@northbridge.gov.uk,Senior Social Worker,Place,Highways,00001,03/04/2019,,N,dsl"
        : line,
    );
    const run = await upload(changed);
    expect(run.preview.counts).toEqual({ created: 0, changed: 1, unchanged: 3, ended: 0, skipped: 0 });
    expect(run.preview.changes).toEqual([
      {
        action: "change",
        line: 2,
        label: "Chloe Adams (00003)",
        before: {
          "E-mail": "chloe.adams@northbridge.gov.uk",
          "Job title": "Social Worker",
          Organisation: "Adults › Adult Social Care",
          "Line manager": "00002",
          Tags: "dsl; frontline",
        },
        after: {
          "E-mail": "CHLOE.ADAMS@northbridge.gov.uk",
          "Job title": "Senior Social Worker",
          Organisation: "Place › Highways",
          "Line manager": "00001",
          Tags: "dsl",
        },
      },
    ]);
    await run.apply();
    expect(await person("00003")).toMatchObject({ organisation: "Highways", manager: "00001", profile_tags: ["dsl"] });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "import.person.update"));
    expect(event!.before).toEqual({
      email: "chloe.adams@northbridge.gov.uk",
      jobTitle: "Social Worker",
      organisation: "Adults › Adult Social Care",
      lineManagerEmployeeNumber: "00002",
      profileTags: ["dsl", "frontline"],
    });
    expect(event!.after).toMatchObject({ jobTitle: "Senior Social Worker", profileTags: ["dsl"] });
    await expectCoverageAgrees();
  });

  test("two people may swap e-mail addresses in one file", async () => {
    await importAll(FILE);
    const swapped = FILE.map((line) =>
      line.startsWith("00001")
        ? line.replace("asha.patel@", "daithi@")
        : line.startsWith("00004")
          ? line.replace("daithi@", "asha.patel@")
          : line,
    );
    const { counts } = await importAll(swapped);
    expect(counts.changed).toBe(2);
    expect((await person("00001"))!.email).toBe("daithi@northbridge.gov.uk");
  });
});

describe("bad rows", () => {
  test("each fault is reported with its line, the file's header and a plain reason; the rest applies only when they are skipped", async () => {
    const other = await make.organisation(t.db, { kind: "contractor", name: "Acme Cleaning" });
    await make.person(t.db, {
      organisationId: other.id,
      externalRef: "C100",
      givenName: "Cara",
      familyName: "Contractor",
      email: "cara@acme.example",
    });
    const lines = [
      HEADER, //                                                                                  line 1
      "10001,Good,Person,good@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //               line 2
      "10002,Dup,One,dup1@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //                   line 3
      "10002,Dup,Two,dup2@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //                   line 4
      "10003,Mail,One,Same@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //                  line 5
      "10004,Mail,Two,same@Northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //                  line 6
      "10005,Bad,Mail,not-an-address,Officer,Adults,,,01/01/2020,,N,", //                           line 7
      "10006,Bad,Date,bad.date@northbridge.gov.uk,Officer,Adults,,,31/02/2024,,N,", //              line 8
      "10007,Late,Start,late@northbridge.gov.uk,Officer,Adults,,,01/06/2024,01/01/2024,N,", //      line 9
      "10008,No,Manager,nomanager@northbridge.gov.uk,Officer,Adults,,99999,01/01/2020,,N,", //      line 10
      "10009,Loop,A,loopa@northbridge.gov.uk,Officer,Adults,,10010,01/01/2020,,N,", //              line 11
      "10010,Loop,B,loopb@northbridge.gov.uk,Officer,Adults,,10009,01/01/2020,,N,", //              line 12
      "10011,Missing,,missing@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //               line 13
      '10012,Evil,Formula,evil@northbridge.gov.uk,"=HYPERLINK(""http://x"")",Adults,,,01/01/2020,,N,', // line 14
      "10013,Too,Many,many@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,,extra", //           line 15
      "10014,Taken,Mail,CARA@acme.example,Officer,Adults,,,01/01/2020,,N,", //                      line 16
      "C100,Wrong,Organisation,wrong@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,N,", //        line 17
      "10015,Reports,ToBad,reports@northbridge.gov.uk,Officer,Adults,,10011,01/01/2020,,N,", //     line 18
      "10016,Bad,Flag,flag@northbridge.gov.uk,Officer,Adults,,,01/01/2020,,Maybe,", //              line 19
      "10017,Own,Manager,own@northbridge.gov.uk,Officer,Adults,,10017,01/01/2020,,N,", //           line 20
    ];
    const run = await upload(lines);
    const problems = run.preview.problems.map((p) => [p.line, p.column, p.reason]);
    expect(problems).toEqual([
      [3, "Emp No", "Employee number 10002 is also on line 4"],
      [4, "Emp No", "Employee number 10002 is also on line 3"],
      [5, "Email Address", "The e-mail address Same@northbridge.gov.uk is also on line 6"],
      [6, "Email Address", "The e-mail address same@Northbridge.gov.uk is also on line 5"],
      [7, "Email Address", "Enter an e-mail address in the correct format, like name@example.com"],
      [8, "Start Date", 'The start date must be a real date: "31/02/2024" is not one'],
      [9, "Leaving Date", "The leaving date must be the same as or after the start date"],
      [10, "Manager Emp No", "No one has the employee number 99999, neither in this file nor in the records"],
      [11, "Manager Emp No", "Line managers go round in a loop: 10009 → 10010 → 10009"],
      [12, "Manager Emp No", "Line managers go round in a loop: 10009 → 10010 → 10009"],
      [13, "Surname", "The last name is missing"],
      [14, "Job Title", expect.stringContaining("so a spreadsheet would run it as a formula")],
      [15, "", expect.stringContaining("This row has 13 values but the header has 12 columns")],
      [
        16,
        "Email Address",
        "The e-mail address CARA@acme.example is already used by Cara Contractor (employee number C100), who is not in this file",
      ],
      [
        17,
        "Emp No",
        "Employee number C100 belongs to Cara Contractor of Acme Cleaning, not Northbridge Council: this list changes only Northbridge Council's people",
      ],
      [18, "Manager Emp No", "The line manager 10011 is on line 13, which cannot be imported"],
      [19, "Frontline", 'Frontline must be Yes or No (Y, N, TRUE, FALSE, 1 or 0), not "Maybe"'],
      [20, "Manager Emp No", "Someone cannot be their own line manager"],
    ]);
    expect(run.preview.counts).toEqual({ created: 1, changed: 0, unchanged: 0, ended: 0, skipped: 18 });
    await expect(run.apply(false)).rejects.toThrow(/have problems/);
    expect(await t.db.select().from(people).where(eq(people.externalRef, "10001"))).toEqual([]);
    expect(await run.apply(true)).toMatchObject({ created: 1, skipped: 18 });
    expect(await person("10001")).toMatchObject({ family_name: "Person", organisation: "Adults" });
    expect((await queryOne<{ n: number }>(t.db, sql`select count(*)::int as n from people`))!.n).toBe(2);
    await expectCoverageAgrees();
  });

  test("a required column missing from the file stops the preview before any row is checked", async () => {
    const run = await upload(["Emp No,Forename,Start Date", "1,Ann,01/01/2020"]);
    expect(run.preview.planned).toBe(false);
    expect(run.preview.files[0]!.missing).toEqual([{ field: "familyName", label: "Last name" }]);
  });
});

describe("leavers", () => {
  test("a full roster marks as leavers the organisation's people with an employee number who are not in it", async () => {
    await importAll([
      HEADER,
      "1,Ann,Stays,ann@n.gov.uk,,Adults,,,01/01/2020,,N,",
      "2,Bob,Goes,bob@n.gov.uk,,Adults,,,01/01/2020,,N,",
      "3,Cat,Gone,cat@n.gov.uk,,Adults,,,01/01/2020,01/06/2024,N,",
      "4,Dan,Starts,dan@n.gov.uk,,Adults,,,01/01/2027,,N,",
    ]);
    const byHand = await make.person(t.db, { organisationId: council.id, givenName: "No", familyName: "Number" });
    const acme = await make.organisation(t.db, { kind: "contractor", name: "Acme Cleaning" });
    await make.person(t.db, { organisationId: acme.id, externalRef: "A1", givenName: "Other", familyName: "Tree" });

    const smaller = [HEADER, "1,Ann,Stays,ann@n.gov.uk,,Adults,,,01/01/2020,,N,"];
    const withoutLeavers = await upload(smaller);
    expect(withoutLeavers.preview.counts).toEqual({ created: 0, changed: 0, unchanged: 1, ended: 0, skipped: 0 });

    const run = await upload(smaller, { markLeavers: "on" });
    expect(run.preview.counts).toEqual({ created: 0, changed: 0, unchanged: 1, ended: 2, skipped: 0 });
    expect(run.preview.changes).toEqual([
      { action: "end", line: null, label: "Bob Goes (2)", before: { "End date": null }, after: { "End date": TODAY } },
      {
        action: "end",
        line: null,
        label: "Dan Starts (4)",
        before: { "End date": null },
        after: { "End date": "2027-01-01" },
      },
    ]);
    expect(run.preview.notes).toContain(
      "2 people of Northbridge Council with an employee number are not in this file and will be marked as leavers today.",
    );
    expect(await run.apply()).toMatchObject({ ended: 2 });
    expect((await person("2"))!.leaving_date).toBe(TODAY);
    expect((await person("3"))!.leaving_date).toBe("2024-06-01");
    expect((await person("4"))!.leaving_date).toBe("2027-01-01");
    expect((await person("A1"))!.leaving_date).toBeNull();
    const [kept] = await t.db.select().from(people).where(eq(people.id, byHand.id));
    expect(kept!.leavingDate).toBeNull();
    const leaves = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "import.person.leave"));
    expect(leaves.map((e) => e.after)).toEqual([
      { leavingDate: TODAY, importRunId: run.runId },
      { leavingDate: "2027-01-01", importRunId: run.runId },
    ]);
    await expectCoverageAgrees();

    // Bob comes back in a later file: his leaving date is cleared.
    const back = await upload([...smaller, "2,Bob,Goes,bob@n.gov.uk,,Adults,,,01/01/2020,,N,"], { markLeavers: "on" });
    expect(back.preview.counts).toMatchObject({ changed: 1, unchanged: 1, ended: 0 });
    expect(back.preview.changes[0]).toMatchObject({ before: { "End date": TODAY }, after: { "End date": null } });
  });
});

describe("a contractor's list", () => {
  test("goes under the chosen contractor, whose services are created there, and leaves the council's people alone", async () => {
    const acme = await make.organisation(t.db, { kind: "contractor", name: "Acme Cleaning" });
    const adults = await make.organisation(t.db, { kind: "directorate", name: "Adults", parentId: council.id });
    await make.person(t.db, {
      organisationId: adults.id,
      externalRef: "1",
      givenName: "Council",
      familyName: "Person",
    });

    const options = await IMPORT_KIND_REGISTRY.roster!.optionFields(t.db);
    expect(options[0]!.choices).toEqual([
      { value: "", label: "The council's own staff (HR roster)" },
      { value: String(acme.id), label: "Acme Cleaning" },
    ]);

    const lines = [
      "Staff ID,First Name,Last Name,Email,Directorate,Service,Start Date",
      "A-001,Kim,Clean,kim@acme.example,Adults,Care Homes,2021-05-01",
      "A-002,Lee,Sweep,lee@acme.example,,,2021-05-01",
    ];
    const { counts } = await importAll(lines, { organisationId: String(acme.id), markLeavers: "on" });
    expect(counts).toEqual({ created: 2, changed: 0, unchanged: 0, ended: 0, skipped: 0 });
    const kim = await queryOne<{ path: string; employment_type: string }>(
      t.db,
      sql`select string_agg(a.name, ' / ' order by a.depth) as path, min(p.employment_type::text) as employment_type
          from people p join organisations o on o.id = p.organisation_id
          join organisations a on o.path like a.path || '%'
          where p.external_ref = 'A-001'`,
    );
    expect(kim).toEqual({ path: "Acme Cleaning / Adults / Care Homes", employment_type: "contractor" });
    expect(await person("A-002")).toMatchObject({ organisation: "Acme Cleaning" });
    // The council's "Adults" is not the contractor's, and the council's person did not leave.
    expect(await person("1")).toMatchObject({ organisation: "Adults", leaving_date: null });
    await expectCoverageAgrees();
  });

  test("refuses an organisation that is not a contractor", async () => {
    await expect(upload([HEADER], { organisationId: String(council.id) })).rejects.toThrow(
      /Choose a contractor from the list/,
    );
  });
});

describe("people kept by hand", () => {
  test("are matched by e-mail address when they have no employee number yet", async () => {
    const adults = await make.organisation(t.db, { kind: "directorate", name: "Adults", parentId: council.id });
    const kept = await make.person(t.db, {
      organisationId: adults.id,
      givenName: "Hand",
      familyName: "Kept",
      email: "hand.kept@n.gov.uk",
      startDate: "2020-01-01",
    });
    const run = await upload([HEADER, "777,Hand,Kept,Hand.Kept@n.gov.uk,,Adults,,,01/01/2020,,N,"]);
    expect(run.preview.counts).toMatchObject({ created: 0, changed: 1 });
    expect(run.preview.notes.join(" ")).toContain("matched by e-mail address");
    await run.apply();
    const [after] = await t.db
      .select()
      .from(people)
      .where(and(eq(people.id, kept.id)));
    expect(after).toMatchObject({ externalRef: "777", email: "Hand.Kept@n.gov.uk" });
  });
});

describe("a 50,000-row roster", () => {
  test("previews and applies, and previews again as unchanged", { timeout: 600_000 }, async () => {
    const n = 50_000;
    const directorates = ["Adults", "Children's Services", "Place", "Resources", "Public Health"];
    const lines = [HEADER];
    for (let i = 1; i <= n; i++) {
      const ref = String(i).padStart(6, "0");
      const d = directorates[i % directorates.length]!;
      const service = `${d} service ${i % 7}`;
      // Everyone reports to someone earlier in the file; the first 50 report to no one.
      const manager = i > 50 ? String(Math.floor(i / 50)).padStart(6, "0") : "";
      const day = String((i % 28) + 1).padStart(2, "0");
      lines.push(
        `${ref},Given${i},Family${i},person${i}@northbridge.gov.uk,Officer ${i % 40},${d},${service},${manager},${day}/03/2015,,${i % 3 === 0 ? "Y" : "N"},tag${i % 5}`,
      );
    }
    const bytes = csv(lines);
    let started = performance.now();
    const run = await upload(bytes, { markLeavers: "on" });
    const previewSeconds = (performance.now() - started) / 1000;
    expect(run.preview.counts).toEqual({ created: n, changed: 0, unchanged: 0, ended: 0, skipped: 0 });
    started = performance.now();
    expect(await run.apply()).toMatchObject({ created: n });
    const applySeconds = (performance.now() - started) / 1000;
    const counts = await queryOne<{ people: number; managed: number; events: number }>(
      t.db,
      sql`select (select count(*)::int from people) as people,
                 (select count(*)::int from people where line_manager_id is not null) as managed,
                 (select count(*)::int from audit_events where action = 'import.person.create') as events`,
    );
    expect(counts).toEqual({ people: n, managed: n - 50, events: n });

    started = performance.now();
    const again = await upload(bytes, { markLeavers: "on" });
    const againSeconds = (performance.now() - started) / 1000;
    expect(again.preview.counts).toEqual({ created: 0, changed: 0, unchanged: n, ended: 0, skipped: 0 });
    console.info(
      `50,000-row roster on ${t.engine}: upload and preview ${previewSeconds.toFixed(1)} s, apply ${applySeconds.toFixed(1)} s, preview of the same file again ${againSeconds.toFixed(1)} s`,
    );
  });
});
