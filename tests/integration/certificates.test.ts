import { createRequire } from "node:module";
import { PassThrough, Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import QRCode from "qrcode";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../app/db/database";
import { auditEvents, completions, courseSessions } from "../../app/db/schema";
import {
  certificateCodeSchema,
  formatCertificateNumber,
  verificationUrl,
} from "../../app/domain/certificates/certificate-number";
import { getCertificate, getCompletionInScope } from "../../app/domain/certificates/get-certificate";
import { revokeCompletion } from "../../app/domain/completions/revoke-completion";
import {
  certificateSelectionSchema,
  countCertificates,
  listCertificateCourses,
  selectCertificates,
} from "../../app/domain/certificates/select-certificates";
import { verifyCertificate } from "../../app/domain/certificates/verify-certificate";
import { zipCertificates } from "../../app/domain/certificates/zip-certificates";
import type { CertificatePdfSource, RenderCertificate } from "../../app/domain/certificates/kept-pdf";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { DomainError } from "../../app/domain/errors";
import type { PersonScope } from "../../app/domain/people/scope";
import { type QrCodeShape, certificateQrCode, howCompleted } from "../../app/pdf/certificate";
import { renderCertificateToBuffer, writeCertificatesZip } from "../../app/pdf/render.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { memoryStorage } from "../support/storage";

const require = createRequire(import.meta.url);
/** unzipper ships no types: the little of it these tests use. */
const unzipper = require("unzipper") as {
  Open: { buffer(data: Buffer): Promise<{ files: Array<{ path: string; buffer(): Promise<Buffer> }> }> };
};

/** Kept PDFs in memory, drawn by `render` when not kept yet. */
function fromMemory(render: RenderCertificate): CertificatePdfSource {
  return { storage: memoryStorage(), render };
}

const CONTEXT = { councilName: "London Borough of Northbridge", publicUrl: "https://training.northbridge.example" };
const ALL: PersonScope = { kind: "all" };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** A council service with a manager's team, a school, three courses and their completions. */
async function world(db: Database) {
  const council = await make.organisation(db, { kind: "council", name: "Northbridge Council" });
  const service = await make.organisation(db, { kind: "service", name: "Children's Services", parentId: council.id });
  const housing = await make.organisation(db, { kind: "service", name: "Housing", parentId: council.id });
  const schools = await make.organisation(db, { kind: "schools", name: "Northbridge schools" });
  const school = await make.organisation(db, {
    kind: "school",
    name: "Hillside Primary",
    parentId: schools.id,
    urn: 100001,
  });

  const manager = await make.person(db, { organisationId: service.id, givenName: "Maya", familyName: "Manager" });
  const alice = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: "Alice",
    familyName: "Adeyemi",
  });
  const bob = await make.person(db, {
    organisationId: service.id,
    lineManagerId: alice.id,
    givenName: "Bob",
    familyName: "Brennan",
  });
  const hana = await make.person(db, { organisationId: housing.id, givenName: "Hana", familyName: "Hughes" });
  const teacher = await make.person(db, { organisationId: school.id, givenName: "Tom", familyName: "Teacher" });
  const trainer = await make.person(db, { organisationId: service.id, givenName: "Tara", familyName: "Trainer" });

  const prevent = await make.course(db, { code: "PREV-AW", title: "Prevent awareness", validityMonths: 36 });
  const dsl = await make.course(db, { code: "DSL-1", title: "Designated safeguarding lead", validityMonths: null });
  const briefing = await make.course(db, { code: "BRIEF", title: "Team briefing", issuesCertificate: false });

  const [session] = await db
    .insert(courseSessions)
    .values({
      courseId: prevent.id,
      startsAt: new Date("2025-03-04T09:30:00Z"),
      endsAt: new Date("2025-03-04T12:30:00Z"),
      venue: "Civic Centre, Room 2",
      capacity: 20,
      trainerPersonId: trainer.id,
      status: "delivered",
    })
    .returning();

  const complete = (input: Parameters<typeof make.completion>[1]) =>
    make.completion(db, { certificateCode: newCertificateCode(), ...input });
  const aliceOld = await complete({
    personId: alice.id,
    courseId: prevent.id,
    completedOn: "2022-01-10",
    expiresOn: "2025-01-10",
    source: "import",
  });
  const aliceNew = await complete({
    personId: alice.id,
    courseId: prevent.id,
    completedOn: "2025-03-04",
    expiresOn: "2028-03-04",
    source: "attendance",
    sessionId: session!.id,
  });
  const bobDsl = await complete({
    personId: bob.id,
    courseId: dsl.id,
    completedOn: "2024-06-01",
    source: "hosted_elearning",
  });
  const bobRevoked = await complete({
    personId: bob.id,
    courseId: prevent.id,
    completedOn: "2025-02-02",
    expiresOn: "2028-02-02",
    revokedAt: new Date("2025-02-10T10:00:00Z"),
    revokeReason: "Wrong person",
  });
  const aliceBriefing = await complete({ personId: alice.id, courseId: briefing.id, completedOn: "2025-01-01" });
  const hanaPrevent = await complete({
    personId: hana.id,
    courseId: prevent.id,
    completedOn: "2024-09-09",
    expiresOn: "2027-09-09",
  });
  const teacherPrevent = await complete({
    personId: teacher.id,
    courseId: prevent.id,
    completedOn: "2023-05-05",
    expiresOn: "2026-05-05",
    source: "external_evidence",
    provider: "Eastshire Council",
  });
  return {
    orgs: { council, service, housing, schools, school },
    people: { manager, alice, bob, hana, teacher, trainer },
    courses: { prevent, dsl, briefing },
    completions: { aliceOld, aliceNew, bobDsl, bobRevoked, aliceBriefing, hanaPrevent, teacherPrevent },
  };
}

type World = Awaited<ReturnType<typeof world>>;
let w: World;
beforeEach(async () => {
  await t.reset();
  w = await world(t.db);
});

const teamOf = (personId: number): PersonScope => ({
  kind: "some",
  selfPersonId: null,
  reportsTo: [personId],
  organisationIds: [],
  sectors: [],
});

/** The text of a PDF's first page as pdf.js reads it from the bytes, with the document's details. */
async function readPdf(bytes: Buffer) {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const page = await document.getPage(1);
  const content = await page.getTextContent();
  const text = content.items
    .map((item) => ("str" in item ? item.str : ""))
    .join(" ")
    .replace(/\s+/g, " ");
  const { info } = (await document.getMetadata()) as unknown as { info: Record<string, unknown> };
  const viewport = page.getViewport({ scale: 1 });
  const pages = document.numPages;
  await document.destroy();
  return { text, info, width: viewport.width, height: viewport.height, pages };
}

async function zipToBuffer(run: (output: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => output.on("end", resolve));
  await run(output);
  await ended;
  return Buffer.concat(chunks);
}

describe("the certificate PDF", () => {
  it("prints the council, person, course, dates, how it was completed, the number and the verification link as text", async () => {
    const certificate = (await getCertificate(t.db, ALL, w.completions.aliceNew.id))!;
    const pdf = await renderCertificateToBuffer(certificate, CONTEXT);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { text, info, width, height, pages } = await readPdf(pdf);
    expect(pages).toBe(1);
    // A4 landscape, in points.
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    const code = w.completions.aliceNew.certificateCode;
    for (const expected of [
      "London Borough of Northbridge",
      "Certificate of completion",
      "Alice Adeyemi",
      "Prevent awareness",
      "4 March 2025",
      "4 March 2028",
      "Attended the session on 4 March 2025 at 9:30am, at Civic Centre, Room 2, led by Tara Trainer",
      formatCertificateNumber(code),
      `https://training.northbridge.example/verify/${code}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(info.Title).toBe("Certificate: Prevent awareness – Alice Adeyemi");
    expect(info.Author).toBe("London Borough of Northbridge");
    expect(info.Subject).toContain("Prevent awareness");
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    // The font is embedded (a TrueType font file); the QR code is drawn, not an image.
    expect(raw).toContain("/FontFile2");
    expect(raw).not.toMatch(/\/Subtype \/Image/);
  });

  it("says a completion from outside evidence was recorded from it, with its provider", async () => {
    const certificate = (await getCertificate(t.db, ALL, w.completions.teacherPrevent.id))!;
    const { text } = await readPdf(await renderCertificateToBuffer(certificate, CONTEXT));
    expect(text).toContain("Recorded from outside evidence: training provided by Eastshire Council");
  });

  it("leaves out the expiry of a course that never expires and says how e-learning was completed", async () => {
    const certificate = (await getCertificate(t.db, ALL, w.completions.bobDsl.id))!;
    const { text } = await readPdf(await renderCertificateToBuffer(certificate, CONTEXT));
    expect(text).toContain("Bob Brennan");
    expect(text).toContain("1 June 2024");
    expect(text).toContain("Completed as e-learning");
    expect(text).not.toContain("Valid until");
  });

  it("words each way of completing", () => {
    expect(howCompleted({ source: "external_evidence", session: null })).toBe("Recorded from outside evidence");
    expect(howCompleted({ source: "external_evidence", session: null, provider: "Eastshire Council" })).toBe(
      "Recorded from outside evidence: training provided by Eastshire Council",
    );
    expect(howCompleted({ source: "import", session: null })).toBe(
      "Recorded from the council's earlier training records",
    );
    expect(
      howCompleted({
        source: "attendance",
        session: { startsAt: "2025-07-01 11:00:00+00", venue: null, online: true, trainerName: null },
      }),
    ).toBe("Attended the session on 1 July 2025 at midday, online");
  });
});

/** Which modules a QR shape's path fills: each "M x y h n v1 h -n z" is a run of n dark modules. */
function drawnModules(shape: QrCodeShape): boolean[] {
  const modules: boolean[] = Array.from({ length: shape.size * shape.size }, () => false);
  for (const [, x, y, n] of shape.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(n); i++) modules[Number(y) * shape.size + Number(x) + i] = true;
  }
  return modules;
}

describe("the QR code", () => {
  it("carries the verification URL of the certificate's own code", async () => {
    const code = w.completions.aliceNew.certificateCode;
    const payload = verificationUrl("https://training.northbridge.example/", code);
    expect(payload).toBe(`https://training.northbridge.example/verify/${code}`);
    // The shape's dark modules are exactly those of a QR code of that URL, and not of another code's.
    const modulesOf = (url: string) =>
      Array.from(QRCode.create(url, { errorCorrectionLevel: "M" }).modules.data, Boolean);
    const shape = certificateQrCode(payload);
    expect(shape.path.replace(/M\d+ \d+h\d+v1h-\d+z/g, "")).toBe("");
    expect(drawnModules(shape)).toEqual(modulesOf(payload));
    expect(drawnModules(shape)).not.toEqual(modulesOf(verificationUrl(CONTEXT.publicUrl, newCertificateCode())));
    const symbol = QRCode.create(payload, { errorCorrectionLevel: "M" });
    const text = symbol.segments.map((s) =>
      typeof s.data === "string" ? s.data : Buffer.from(s.data as Uint8Array).toString("utf8"),
    );
    expect(text.join("")).toBe(payload);
  });
});

describe("certificate numbers", () => {
  it("are 16 Crockford base32 characters, read forgivingly and strictly", () => {
    const code = newCertificateCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(certificateCodeSchema.parse(formatCertificateNumber(code).toLowerCase())).toBe(code);
    expect(certificateCodeSchema.parse(" 7k3m q9tr 2xwd hb4n ")).toBe("7K3MQ9TR2XWDHB4N");
    expect(certificateCodeSchema.parse("7K3M-Q9TR-2XWD-HB4O")).toBe("7K3MQ9TR2XWDHB40");
    for (const bad of [
      "",
      "7K3M",
      "7K3MQ9TR2XWDHB4NX",
      "7K3MQ9TR2XWDHB4U",
      "'; drop table completions; --",
      "x".repeat(500),
    ]) {
      expect(certificateCodeSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("getting one certificate", () => {
  it("within the scope only, never a revoked one or one of a course that gives none", async () => {
    const team = teamOf(w.people.manager.id);
    expect((await getCertificate(t.db, team, w.completions.aliceNew.id))?.personName).toBe("Alice Adeyemi");
    expect(await getCertificate(t.db, team, w.completions.bobDsl.id)).toBeDefined();
    expect(await getCertificate(t.db, team, w.completions.hanaPrevent.id)).toBeUndefined();
    expect(await getCertificate(t.db, team, w.completions.teacherPrevent.id)).toBeUndefined();
    expect(await getCertificate(t.db, ALL, w.completions.bobRevoked.id)).toBeUndefined();
    expect(await getCertificate(t.db, ALL, w.completions.aliceBriefing.id)).toBeUndefined();
    expect(await getCertificate(t.db, ALL, 999_999)).toBeUndefined();
    expect(await getCertificate(t.db, { kind: "none" }, w.completions.aliceNew.id)).toBeUndefined();
    // The coordinator's revocation page still finds the revoked one.
    expect((await getCompletionInScope(t.db, ALL, w.completions.bobRevoked.id))?.revokedAt).not.toBeNull();
  });

  it("a refresher supersedes the earlier certificate, which stays downloadable", async () => {
    const old = (await getCertificate(t.db, ALL, w.completions.aliceOld.id))!;
    const latest = (await getCertificate(t.db, ALL, w.completions.aliceNew.id))!;
    expect(old.superseded).toBe(true);
    expect(latest.superseded).toBe(false);
    expect(latest.code).not.toBe(old.code);
  });
});

describe("revoking a completion", () => {
  it("keeps the record, marks it revoked with the reason, audits it, and the earlier certificate stands again", async () => {
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    const today = "2026-01-01";
    expect(await verifyCertificate(t.db, w.completions.aliceOld.certificateCode, today)).toMatchObject({
      status: "superseded",
    });
    const now = new Date("2026-01-01T10:00:00Z");
    const result = await revokeCompletion(t.db, {
      completionId: w.completions.aliceNew.id,
      actorAccountId: coordinator.id,
      reason: "  Marked present by mistake  ",
      now,
    });
    expect(result.personId).toBe(w.people.alice.id);

    const [row] = await t.db.select().from(completions).where(eq(completions.id, w.completions.aliceNew.id));
    expect(row).toMatchObject({ revokeReason: "Marked present by mistake", revokedByAccountId: coordinator.id });
    expect(row!.revokedAt?.toISOString()).toBe(now.toISOString());
    expect(await t.db.select().from(completions)).toHaveLength(7);

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "completion.revoke"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorAccountId: coordinator.id,
      entityType: "completion",
      entityId: String(w.completions.aliceNew.id),
      subjectPersonId: w.people.alice.id,
      after: { reason: "Marked present by mistake" },
    });

    expect(await verifyCertificate(t.db, w.completions.aliceNew.certificateCode, today)).toMatchObject({
      status: "revoked",
    });
    // The 2022 completion is no longer superseded: it stands until it expired.
    expect(await verifyCertificate(t.db, w.completions.aliceOld.certificateCode, "2024-12-01")).toMatchObject({
      status: "valid",
    });
    expect(await getCertificate(t.db, ALL, w.completions.aliceNew.id)).toBeUndefined();
  });

  it("refuses an empty reason and a second revocation, changing nothing", async () => {
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    await expect(
      revokeCompletion(t.db, {
        completionId: w.completions.aliceNew.id,
        actorAccountId: coordinator.id,
        reason: "   ",
      }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      revokeCompletion(t.db, {
        completionId: w.completions.bobRevoked.id,
        actorAccountId: coordinator.id,
        reason: "Again",
      }),
    ).rejects.toThrow("already been revoked");
    await expect(
      revokeCompletion(t.db, { completionId: 999_999, actorAccountId: coordinator.id, reason: "No such" }),
    ).rejects.toBeInstanceOf(DomainError);
    const [bob] = await t.db.select().from(completions).where(eq(completions.id, w.completions.bobRevoked.id));
    expect(bob!.revokeReason).toBe("Wrong person");
    expect(await t.db.select().from(auditEvents)).toHaveLength(0);
  });
});

describe("selecting certificates", () => {
  const codes = async (scope: PersonScope, selection: Parameters<typeof selectCertificates>[2]) =>
    (await selectCertificates(t.db, scope, selection, { limit: 100 })).map((c) => c.completionId).sort((a, b) => a - b);

  it("takes the standing certificates of a scope by default, and filters by organisation, school, course, person and dates", async () => {
    const c = w.completions;
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
    expect(await codes(ALL, {})).toEqual(sorted([c.aliceNew.id, c.bobDsl.id, c.hanaPrevent.id, c.teacherPrevent.id]));
    expect(await countCertificates(t.db, ALL, {})).toBe(4);
    expect(await codes(ALL, { includeSuperseded: true })).toEqual(
      sorted([c.aliceOld.id, c.aliceNew.id, c.bobDsl.id, c.hanaPrevent.id, c.teacherPrevent.id]),
    );
    expect(await codes(teamOf(w.people.manager.id), {})).toEqual(sorted([c.aliceNew.id, c.bobDsl.id]));
    expect(await codes(teamOf(w.people.alice.id), {})).toEqual([c.bobDsl.id]);
    expect(await codes(ALL, { organisationId: w.orgs.council.id })).toEqual(
      sorted([c.aliceNew.id, c.bobDsl.id, c.hanaPrevent.id]),
    );
    expect(await codes(ALL, { organisationId: w.orgs.school.id })).toEqual([c.teacherPrevent.id]);
    expect(await codes(ALL, { courseId: w.courses.prevent.id })).toEqual(
      sorted([c.aliceNew.id, c.hanaPrevent.id, c.teacherPrevent.id]),
    );
    expect(await codes(ALL, { personId: w.people.alice.id, includeSuperseded: true })).toEqual(
      sorted([c.aliceOld.id, c.aliceNew.id]),
    );
    expect(await codes(ALL, { completedFrom: "2024-06-01", completedTo: "2024-12-31" })).toEqual(
      sorted([c.bobDsl.id, c.hanaPrevent.id]),
    );
    expect(await codes(teamOf(w.people.manager.id), { organisationId: w.orgs.school.id })).toEqual([]);
    expect(await countCertificates(t.db, { kind: "none" }, {})).toBe(0);
  });

  it("pages by completion id", async () => {
    const first = await selectCertificates(t.db, ALL, {}, { limit: 2 });
    const rest = await selectCertificates(t.db, ALL, {}, { afterId: first[1]!.completionId, limit: 10 });
    expect(first).toHaveLength(2);
    expect(rest).toHaveLength(2);
    expect(rest[0]!.completionId).toBeGreaterThan(first[1]!.completionId);
  });

  it("reads a selection from a query string strictly", () => {
    expect(
      certificateSelectionSchema.parse({ organisationId: "3", completedFrom: "2025-01-01", includeSuperseded: "true" }),
    ).toEqual({ organisationId: 3, completedFrom: "2025-01-01", includeSuperseded: true });
    expect(certificateSelectionSchema.safeParse({ completedFrom: "2025-02-30x" }).success).toBe(false);
    expect(
      certificateSelectionSchema.safeParse({ completedFrom: "2025-06-01", completedTo: "2025-01-01" }).success,
    ).toBe(false);
    expect(certificateSelectionSchema.safeParse({ courseId: "1 or 1=1" }).success).toBe(false);
  });

  it("offers the courses that give certificates", async () => {
    expect((await listCertificateCourses(t.db)).map((c) => c.title)).toEqual([
      "Designated safeguarding lead",
      "Prevent awareness",
    ]);
  });
});

describe("a zip of certificates", () => {
  it("holds a PDF per certificate and a manifest row for each", async () => {
    const bytes = await zipToBuffer((output) =>
      writeCertificatesZip(t.db, ALL, { includeSuperseded: true }, output, CONTEXT, { today: "2026-06-01" }),
    );
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const zip = await unzipper.Open.buffer(bytes);
    const pdfs = zip.files.filter((f) => f.path.endsWith(".pdf"));
    expect(pdfs).toHaveLength(5);
    expect(pdfs.every((f) => f.path.startsWith("certificates/"))).toBe(true);
    expect(pdfs.map((f) => f.path)).toContain(
      `certificates/Adeyemi Alice - PREV-AW - 2025-03-04 - ${w.completions.aliceNew.certificateCode}.pdf`,
    );
    for (const file of pdfs) expect((await file.buffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const manifestFile = zip.files.find((f) => f.path === "manifest.csv")!;
    const lines = (await manifestFile.buffer())
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      "Certificate number,Given name,Family name,Course code,Course,Completed on,Expires on,Status,How completed,File",
    );
    expect(lines).toHaveLength(6);
    const rowOf = (code: string) => lines.find((line) => line.startsWith(formatCertificateNumber(code)))!;
    expect(rowOf(w.completions.aliceOld.certificateCode)).toContain(
      ",Alice,Adeyemi,PREV-AW,Prevent awareness,2022-01-10,2025-01-10,superseded,",
    );
    expect(rowOf(w.completions.aliceNew.certificateCode)).toContain(",2025-03-04,2028-03-04,valid,Attended a session,");
    expect(rowOf(w.completions.teacherPrevent.certificateCode)).toContain(
      ",2023-05-05,2026-05-05,expired,Recorded from outside evidence,",
    );
    expect(rowOf(w.completions.bobDsl.certificateCode)).toContain(",2024-06-01,,valid,E-learning,");
    // Each row names its file in the zip.
    for (const line of lines.slice(1)) {
      expect(pdfs.map((f) => f.path)).toContain(line.split(",").at(-1));
    }
  });

  it("renders one certificate at a time, letting other work run in between", async () => {
    const order: string[] = [];
    let progressWhenTimerRan = -1;
    let done = 0;
    const timer = setTimeout(() => {
      progressWhenTimerRan = done;
    }, 0);
    let rendering = 0;
    await zipToBuffer((output) =>
      zipCertificates(t.db, ALL, { includeSuperseded: true }, output, {
        pdfs: fromMemory(async (certificate) => {
          rendering += 1;
          expect(rendering).toBe(1);
          order.push(certificate.code);
          await new Promise((resolve) => setTimeout(resolve, 5));
          rendering -= 1;
          return Buffer.from(`%PDF-1.3 ${certificate.code}`);
        }),
        onProgress: (count) => {
          done = count;
        },
      }),
    );
    clearTimeout(timer);
    expect(order).toHaveLength(5);
    expect(progressWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(progressWhenTimerRan).toBeLessThan(5);
  });

  it("stops at a limit, and stops when the download is cancelled", async () => {
    const render = async (certificate: { code: string }) => Buffer.from(certificate.code);
    const bytes = await zipToBuffer((output) =>
      zipCertificates(t.db, ALL, {}, output, { pdfs: fromMemory(render), limit: 2 }),
    );
    const zip = await unzipper.Open.buffer(bytes);
    expect(zip.files.filter((f) => f.path.endsWith(".pdf"))).toHaveLength(2);

    const controller = new AbortController();
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const zipping = zipCertificates(t.db, ALL, {}, sink, {
      signal: controller.signal,
      pdfs: fromMemory(async (certificate) => {
        controller.abort();
        return Buffer.from(certificate.code);
      }),
    });
    await expect(zipping).rejects.toThrow(/cancelled/);
    expect(sink.destroyed).toBe(true);
  });
});
