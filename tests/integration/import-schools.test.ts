import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, organisations, people, schoolDeclarations } from "../../app/db/schema";
import { schoolsCoverage } from "../../app/domain/coverage/schools-coverage";
import { declareSchoolHeadcount } from "../../app/domain/coverage/declare-school-headcount";
import { applyImport, previewImport, uploadImport } from "../../app/domain/imports/import-runs";
import type { FileStorage } from "../../app/storage/file-storage";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { account, organisation, person } from "../support/factories";

const TODAY = "2026-12-07";
const BARNET = { localAuthorityCode: "302" };
/** The register's real headers (DESIGN.md, "Formats from outside"), copied from the DfE's files. */
const GIAS = path.resolve(__dirname, "../support/gias");

function headerOf(file: string): string[] {
  const line = readFileSync(path.join(GIAS, file), "latin1").split(/\r?\n/)[0]!;
  return line.split(",").map((h) => h.replace(/^"|"$/g, ""));
}

const ESTABLISHMENT_HEADER = headerOf("gias-establishment-header.csv");
const LINKS_HEADER = headerOf("gias-links-header.csv");

/** Windows-1252, as the DfE writes the register: the letters a test needs beyond Latin-1. */
const CP1252_EXTRA: Record<string, number> = { "’": 0x92, "‘": 0x91, "–": 0x96, "€": 0x80 };

function windows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = CP1252_EXTRA[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`Not in Windows-1252: ${ch}`);
    bytes[i] = code;
  }
  return bytes;
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

type Establishment = Partial<Record<string, string>>;

function establishmentsFile(rows: Establishment[]): Uint8Array {
  const header = ESTABLISHMENT_HEADER;
  const lines = [header.map(quote).join(",")];
  for (const row of rows) lines.push(header.map((h) => quote(row[h] ?? "")).join(","));
  return windows1252(`${lines.join("\r\n")}\r\n`);
}

function linksFile(rows: Array<[string, string, string, string, string]>): Uint8Array {
  const lines = [LINKS_HEADER.map(quote).join(",")];
  for (const row of rows) lines.push(row.map(quote).join(","));
  return windows1252(`${lines.join("\r\n")}\r\n`);
}

function school(urn: string, name: string, status: string, extra: Establishment = {}): Establishment {
  return {
    URN: urn,
    "LA (code)": "302",
    "LA (name)": "Barnet",
    EstablishmentName: name,
    "EstablishmentStatus (name)": status,
    "PhaseOfEducation (name)": "Primary",
    "TypeOfEstablishment (name)": "Community school",
    NumberOfPupils: "",
    Postcode: "NW4 4AB",
    ...extra,
  };
}

function memoryStorage(): FileStorage {
  const files = new Map<string, Uint8Array>();
  return {
    async put(key, bytes) {
      if (!files.has(key)) files.set(key, bytes);
    },
    async get(key) {
      return files.get(key) ?? null;
    },
  };
}

let t: TestDatabase;
let storage: FileStorage;
let actor: string;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  actor = (await account(t.db, { personId: null, roles: ["coordinator"] })).id;
});

async function preview(files: { establishments: Uint8Array; links?: Uint8Array }, settings = BARNET) {
  const runId = await uploadImport(t.db, storage, {
    kind: "schools",
    files: [
      { role: "establishments", name: "edubasealldata20261207.csv", bytes: files.establishments },
      ...(files.links ? [{ role: "links", name: "links_edubasealldata20261207.csv", bytes: files.links }] : []),
    ],
    options: {},
    actorAccountId: actor,
  });
  const result = await previewImport(t.db, storage, runId, { today: TODAY, settings });
  return { runId, preview: result };
}

async function importFiles(files: { establishments: Uint8Array; links?: Uint8Array }) {
  const { runId, preview: seen } = await preview(files);
  const counts = await applyImport(t.db, storage, runId, {
    actorAccountId: actor,
    skipBadRows: false,
    today: TODAY,
    settings: BARNET,
  });
  return { seen, counts };
}

const schoolEvents = () =>
  t.db.select().from(auditEvents).where(like(auditEvents.action, "import.school.%")).orderBy(auditEvents.id);

async function heldSchool(
  urn: number,
  name: string,
  status = "Open",
  extra: Partial<typeof organisations.$inferInsert> = {},
) {
  const root =
    (await t.db.select().from(organisations).where(eq(organisations.kind, "schools")))[0] ??
    (await organisation(t.db, { kind: "schools", name: "Schools" }));
  const created = await organisation(t.db, { kind: "school", name, parentId: root.id, urn });
  await t.db
    .update(organisations)
    .set({ schoolStatus: status, schoolPhase: "Primary", schoolType: "Community school", ...extra })
    .where(eq(organisations.id, created.id));
  return created;
}

const byUrn = async (urn: number) => (await t.db.select().from(organisations).where(eq(organisations.urn, urn)))[0];

describe("schools from the DfE register", () => {
  it("imports only the council's schools, with accented names from a Windows-1252 file, statuses and pupil numbers", async () => {
    const file = establishmentsFile([
      school("100001", "St Mary’s Catholic Primary School", "Open", {
        NumberOfPupils: "420",
        "TypeOfEstablishment (name)": "Voluntary aided school",
      }),
      school("100002", "École Française Jacques Prévert", "Open", { NumberOfPupils: "" }),
      school("100003", "Notre Dame High School", "Open, but proposed to close", {
        NumberOfPupils: "0",
        "PhaseOfEducation (name)": "Secondary",
        CloseDate: "31-08-2027",
      }),
      school("100004", "Brent Cross Free School", "Proposed to open", { OpenDate: "01-09-2027" }),
      school("100005", "Long Gone Infants", "Closed", { CloseDate: "31-08-2010" }),
      school("200001", "Harrow Way School", "Open", { "LA (code)": "310", "LA (name)": "Harrow" }),
      school("200002", "Enfield Grammar School", "Open", { "LA (code)": "308", "LA (name)": "Enfield" }),
    ]);
    const { seen, counts } = await importFiles({ establishments: file });

    expect(ESTABLISHMENT_HEADER).toHaveLength(139);
    expect(seen.files[0]!.encoding).toBe("Windows-1252 (or ISO-8859-1)");
    expect(seen.files[0]!.used.map((u) => u.header)).toEqual([
      "URN",
      "LA (code)",
      "EstablishmentName",
      "EstablishmentStatus (name)",
      "PhaseOfEducation (name)",
      "TypeOfEstablishment (name)",
      "NumberOfPupils",
      "OpenDate",
      "CloseDate",
    ]);
    expect(seen.problems).toEqual([]);
    expect(seen.notes).toContain("2 rows are of other local authorities than 302 and were left out.");
    expect(seen.notes.join("\n")).toContain(
      "1 closed school of the council that the service never held was not added.",
    );
    expect(seen.changes.map((c) => c.label)).toEqual([
      "St Mary’s Catholic Primary School (URN 100001)",
      "École Française Jacques Prévert (URN 100002)",
      "Notre Dame High School (URN 100003)",
      "Brent Cross Free School (URN 100004)",
    ]);
    expect(counts).toMatchObject({ created: 4, changed: 0, ended: 0, unchanged: 0 });

    const stMarys = await byUrn(100001);
    expect(stMarys).toMatchObject({
      name: "St Mary’s Catholic Primary School",
      kind: "school",
      sector: "school",
      schoolStatus: "Open",
      schoolPhase: "Primary",
      schoolType: "Voluntary aided school",
      pupilCount: 420,
      closedOn: null,
    });
    expect(await byUrn(100002)).toMatchObject({ name: "École Française Jacques Prévert", pupilCount: null });
    expect(await byUrn(100003)).toMatchObject({
      name: "Notre Dame High School",
      schoolStatus: "Open, but proposed to close",
      pupilCount: 0,
      closedOn: null,
    });
    expect(await byUrn(100004)).toMatchObject({ schoolStatus: "Proposed to open" });
    expect(await byUrn(100005)).toBeUndefined();
    expect(await byUrn(200001)).toBeUndefined();
    // A "Schools" root was made to hold them, and every school is under it.
    const [root] = await t.db.select().from(organisations).where(eq(organisations.kind, "schools"));
    expect(stMarys!.parentId).toBe(root!.id);

    const events = await schoolEvents();
    expect(events.filter((e) => e.action === "import.school.create")).toHaveLength(5); // the root and 4 schools
    const created = events.find((e) => e.entityId === String(stMarys!.id))!;
    expect(created.after).toMatchObject({ urn: 100001, name: "St Mary’s Catholic Primary School", pupilCount: 420 });

    // The same file again changes nothing.
    const again = await importFiles({ establishments: file });
    expect(again.counts).toMatchObject({ created: 0, changed: 0, ended: 0, unchanged: 4 });
    expect(again.seen.sameFilesApplied).not.toBeNull();
    expect(await schoolEvents()).toHaveLength(events.length);
  });

  it("says so, and imports nothing, when the council's local authority code is not set", async () => {
    const { preview: seen } = await preview(
      { establishments: establishmentsFile([school("100001", "Hendon School", "Open")]) },
      { localAuthorityCode: null } as unknown as typeof BARNET,
    );
    expect(seen.problems).toHaveLength(1);
    expect(seen.problems[0]!.reason).toMatch(/local authority code is not set/);
    expect(seen.counts).toMatchObject({ created: 0, changed: 0 });
  });

  it("lists bad rows with their line and column, and applies the rest only when asked to skip them", async () => {
    const { runId, preview: seen } = await preview({
      establishments: establishmentsFile([
        school("100001", "Good School", "Open"),
        school("10000X", "Bad URN School", "Open"),
        school("100003", "Odd Status School", "Sort of open"),
        school("100004", "Many Pupils School", "Open", { NumberOfPupils: "lots" }),
        school("100005", "Bad Date School", "Closed", { CloseDate: "31-13-2020" }),
        school("100001", "Good School Again", "Open"),
        school("300001", "Not ours, bad URN", "Open", { URN: "x", "LA (code)": "999" }),
      ]),
    });
    expect(seen.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "URN"],
      [4, "EstablishmentStatus (name)"],
      [5, "NumberOfPupils"],
      [6, "CloseDate"],
      [7, "URN"],
    ]);
    expect(seen.problems[3]!.reason).toBe('"31-13-2020" is not a date (the register writes 31-08-2024)');
    expect(seen.problems[4]!.reason).toBe("URN 100001 is also on line 2");
    await expect(
      applyImport(t.db, storage, runId, { actorAccountId: actor, skipBadRows: false, today: TODAY, settings: BARNET }),
    ).rejects.toThrow(/problems/);
    expect(await byUrn(100001)).toBeUndefined();
    const counts = await applyImport(t.db, storage, runId, {
      actorAccountId: actor,
      skipBadRows: true,
      today: TODAY,
      settings: BARNET,
    });
    expect(counts.created).toBe(1);
    expect(await byUrn(100001)).toMatchObject({ name: "Good School" });
  });

  it("changes what the register changed, leaves the rest, and a closed school leaves coverage with its people kept", async () => {
    const hendon = await heldSchool(101001, "Hendon School", "Open", { pupilCount: 900 });
    const oak = await heldSchool(101002, "Oak Lodge School", "Open", { pupilCount: 120 });
    const same = await heldSchool(101003, "Colindale Primary School", "Open", { pupilCount: 400 });
    const staff = await person(t.db, { organisationId: oak.id });
    const before = await schoolsCoverage(t.db, {}, TODAY);
    expect(before.rows.map((r) => r.urn).sort()).toEqual([101001, 101002, 101003]);

    const file = establishmentsFile([
      school("101001", "Hendon School", "Open", { NumberOfPupils: "" }),
      school("101002", "Oak Lodge School", "Closed", { CloseDate: "31-08-2026", NumberOfPupils: "120" }),
      school("101003", "Colindale Primary School", "Open", { NumberOfPupils: "400" }),
    ]);
    const { seen, counts } = await importFiles({ establishments: file });
    expect(counts).toMatchObject({ created: 0, changed: 1, ended: 1, unchanged: 1 });
    expect(seen.changes).toContainEqual({
      action: "change",
      line: 2,
      label: "Hendon School (URN 101001)",
      before: { Pupils: "900" },
      after: { Pupils: null },
    });
    expect(seen.changes).toContainEqual({
      action: "end",
      line: 3,
      label: "Oak Lodge School (URN 101002)",
      before: { Status: "Open", "Closed on": null },
      after: { Status: "Closed", "Closed on": "2026-08-31" },
    });
    expect(seen.notes.join("\n")).toMatch(
      /1 school closes: it leaves coverage, and its people and training history are kept/,
    );

    // A blank is unknown, not zero.
    expect((await byUrn(101001))!.pupilCount).toBeNull();
    const closed = await byUrn(101002);
    expect(closed).toMatchObject({ id: oak.id, schoolStatus: "Closed", closedOn: "2026-08-31" });
    expect((await t.db.select().from(people).where(eq(people.id, staff.id)))[0]!.organisationId).toBe(oak.id);
    const after = await schoolsCoverage(t.db, {}, TODAY);
    expect(after.rows.map((r) => r.urn).sort()).toEqual([101001, 101003]);
    expect((await byUrn(101003))!.id).toBe(same.id);

    const events = await schoolEvents();
    expect(events.map((e) => [e.action, e.entityId])).toEqual([
      ["import.school.update", String(hendon.id)],
      ["import.school.close", String(oak.id)],
    ]);
    expect(events[1]!.before).toMatchObject({ urn: 101002, schoolStatus: "Open", closedOn: null });
    expect(events[1]!.after).toMatchObject({ urn: 101002, schoolStatus: "Closed", closedOn: "2026-08-31" });

    const again = await importFiles({ establishments: file });
    expect(again.counts).toMatchObject({ created: 0, changed: 0, ended: 0, unchanged: 3 });
    expect(await schoolEvents()).toHaveLength(2);
  });

  it("carries a school's people, declared figures and history over to its new URN in an academy conversion", async () => {
    const hendon = await heldSchool(101234, "Hendon Primary School", "Open", { pupilCount: 350 });
    const teacher = await person(t.db, { organisationId: hendon.id });
    const dsl = await person(t.db, { organisationId: hendon.id, profileTags: ["dsl"] });
    await declareSchoolHeadcount(t.db, {
      schoolId: hendon.id,
      declaredOn: "2026-06-01",
      headcount: 40,
      declaredTrained: 30,
      actorAccountId: actor,
    });
    const establishments = establishmentsFile([
      school("101234", "Hendon Primary School", "Closed", {
        CloseDate: "31-08-2026",
        NumberOfPupils: "350",
        "TypeOfEstablishment (name)": "Community school",
      }),
      school("145678", "Hendon Primary School", "Open", {
        OpenDate: "01-09-2026",
        NumberOfPupils: "352",
        "TypeOfEstablishment (name)": "Academy converter",
      }),
    ]);
    const links = linksFile([
      ["101234", "145678", "Hendon Primary School", "Successor", "01-09-2026"],
      ["145678", "101234", "Hendon Primary School", "Predecessor", "01-09-2026"],
    ]);

    const { seen, counts } = await importFiles({ establishments, links });
    expect(counts).toMatchObject({ created: 0, changed: 1, ended: 0, unchanged: 0 });
    expect(seen.changes).toEqual([
      {
        action: "change",
        line: 3,
        label: "Hendon Primary School: URN 101234 → 145678 (academy conversion)",
        before: { URN: "101234", Type: "Community school", Pupils: "350" },
        after: { URN: "145678", Type: "Academy converter", Pupils: "352" },
      },
    ]);
    expect(seen.notes.join("\n")).toContain(
      "Academy conversion: Hendon Primary School (URN 101234) closed on 2026-08-31 and reopened as Hendon Primary School (URN 145678, opened 2026-09-01)",
    );

    // The same record, under its new URN: people, declarations and coverage stay with it.
    const converted = await byUrn(145678);
    expect(converted).toMatchObject({
      id: hendon.id,
      predecessorUrn: 101234,
      schoolType: "Academy converter",
      schoolStatus: "Open",
      closedOn: null,
      pupilCount: 352,
    });
    expect(await byUrn(101234)).toBeUndefined();
    const staff = await t.db
      .select()
      .from(people)
      .where(inArray(people.id, [teacher.id, dsl.id]));
    expect(staff.map((p) => p.organisationId)).toEqual([hendon.id, hendon.id]);
    const declarations = await t.db
      .select()
      .from(schoolDeclarations)
      .where(eq(schoolDeclarations.organisationId, hendon.id));
    expect(declarations).toHaveLength(1);
    const coverage = await schoolsCoverage(t.db, {}, TODAY);
    expect(coverage.rows).toHaveLength(1);
    expect(coverage.rows[0]).toMatchObject({ id: hendon.id, urn: 145678, staff: 2, dsls: 1 });
    expect(coverage.rows[0]!.declaration).toMatchObject({ headcount: 40, declaredTrained: 30 });

    const events = await schoolEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "import.school.convert", entityId: String(hendon.id) });
    expect(events[0]!.before).toMatchObject({ urn: 101234, schoolType: "Community school" });
    expect(events[0]!.after).toMatchObject({ urn: 145678, predecessorUrn: 101234, schoolType: "Academy converter" });

    // Importing the same files again changes nothing: the old URN is known as the school's predecessor.
    const again = await importFiles({ establishments, links });
    expect(again.counts).toMatchObject({ created: 0, changed: 0, ended: 0, unchanged: 2 });
    expect(again.seen.changes).toEqual([]);
    expect(await schoolEvents()).toHaveLength(1);
    expect(await t.db.select().from(organisations).where(eq(organisations.kind, "school"))).toHaveLength(1);
  });

  it("does not convert when the new URN is already a school of its own: the old school's row is a problem to resolve", async () => {
    const hendon = await heldSchool(101234, "Hendon Primary School");
    await heldSchool(145678, "Hendon Primary School (academy)", "Proposed to open");
    const teacher = await person(t.db, { organisationId: hendon.id });
    const { preview: seen } = await preview({
      establishments: establishmentsFile([
        school("101234", "Hendon Primary School", "Closed", { CloseDate: "31-08-2026" }),
        school("145678", "Hendon Primary School (academy)", "Open"),
      ]),
      links: linksFile([["101234", "145678", "Hendon Primary School", "Successor", "01-09-2026"]]),
    });
    expect(seen.problems).toHaveLength(1);
    expect(seen.problems[0]).toMatchObject({ file: "establishments", line: 2, column: "URN" });
    expect(seen.problems[0]!.reason).toMatch(/already holds as a school of its own/);
    expect(seen.changes.map((c) => c.label)).toEqual(["Hendon Primary School (academy) (URN 145678)"]);
    expect((await t.db.select().from(people).where(eq(people.id, teacher.id)))[0]!.organisationId).toBe(hendon.id);
  });
});
