import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startBackgroundWork } from "../../app/background.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { type Database, queryOne, queryRows } from "../../app/db/database";
import { bookings, certificateBranding, courseSessions } from "../../app/db/schema";
import { certificateForDownload, getCertificate } from "../../app/domain/certificates/get-certificate";
import {
  type CertificatePdfSource,
  certificatePdf,
  certificatesNotYetKept,
  countKeptCertificates,
  type RenderCertificate,
} from "../../app/domain/certificates/kept-pdf";
import { zipCertificates } from "../../app/domain/certificates/zip-certificates";
import { revokeCompletion } from "../../app/domain/completions/revoke-completion";
import { keepRecentCertificates } from "../../app/pdf/render.server";
import { loader as certificateLoader } from "../../app/routes/certificates.$file";
import { loader as zipLoader } from "../../app/routes/certificates.bulk[.]zip";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { samplePng } from "../support/evidence-files";
import * as make from "../support/factories";
import { withDatabase } from "../support/postgres-url";
import { call, signedInRequest } from "../support/requests";
import { memoryStorage } from "../support/storage";

/** Every drawing the app asks of the render threads, counted (and still drawn for real). */
const drawings = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../app/pdf/render-pool.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/pdf/render-pool.server")>();
  return {
    ...real,
    renderCertificateInWorker: (...args: Parameters<typeof real.renderCertificateInWorker>) => {
      drawings.count += 1;
      return real.renderCertificateInWorker(...args);
    },
  };
});

const require = createRequire(import.meta.url);
const unzipper = require("unzipper") as {
  Open: { buffer(data: Buffer): Promise<{ files: Array<{ path: string; buffer(): Promise<Buffer> }> }> };
};

const ALL = { kind: "all" } as const;
const CONTEXT = { councilName: "London Borough of Northbridge", publicUrl: "https://training.northbridge.example" };
/** Two connections can race on PostgreSQL; embedded PGlite has one. */
const concurrent = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDatabase;
/** A connection of its own that sees who waits for whom (PostgreSQL). */
let watcher: postgres.Sql | undefined;
let storage: ReturnType<typeof memoryStorage>;

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
  await t.close();
});

let w: Awaited<ReturnType<typeof world>>;

/** A manager's team: three certificates, one course without certificates, one held for its evaluation. */
async function world(db: Database) {
  const { service } = await make.councilAndSchool(db);
  const manager = await make.person(db, { organisationId: service.id });
  const people = [];
  for (const givenName of ["Ada", "Ben", "Cal"]) {
    people.push(await make.person(db, { organisationId: service.id, lineManagerId: manager.id, givenName }));
  }
  const course = await make.course(db, { code: "PREV", title: "Prevent awareness" });
  const briefing = await make.course(db, { title: "Team briefing", issuesCertificate: false });
  const held = await make.course(db, { title: "Prevent workshop", certificateAfterEvaluation: true });
  const completions = [];
  for (const [i, person] of people.entries()) {
    completions.push(
      await make.completion(db, { personId: person.id, courseId: course.id, completedOn: `2026-0${i + 1}-10` }),
    );
  }
  const briefed = await make.completion(db, {
    personId: people[0]!.id,
    courseId: briefing.id,
    completedOn: "2026-05-01",
  });
  const [session] = await db
    .insert(courseSessions)
    .values({
      courseId: held.id,
      startsAt: new Date("2026-11-23T09:30:00Z"),
      endsAt: new Date("2026-11-23T12:30:00Z"),
      venue: "Civic Centre",
      capacity: 10,
      status: "delivered",
    })
    .returning();
  const [booking] = await db
    .insert(bookings)
    .values({ sessionId: session!.id, personId: people[1]!.id, status: "attended", managerAgreed: true })
    .returning();
  const waiting = await make.completion(db, {
    personId: people[1]!.id,
    courseId: held.id,
    completedOn: "2026-11-23",
    source: "attendance",
    sessionId: session!.id,
    bookingId: booking!.id,
  });
  return {
    people: { manager, ada: people[0]!, ben: people[1]! },
    completions,
    briefed,
    waiting,
    accounts: {
      manager: await make.account(db, { personId: manager.id, roles: ["manager"] }),
      ben: await make.account(db, { personId: people[1]!.id }),
      coordinator: await make.account(db, { personId: null, roles: ["coordinator"] }),
    },
  };
}

beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  provideFileStorageForTests(storage);
  drawings.count = 0;
  w = await world(t.db);
});

async function download(accountId: string, completionId: number): Promise<Response> {
  const request = await signedInRequest(t.db, accountId, `/certificates/${completionId}.pdf`);
  return (await call(() =>
    certificateLoader({ request, params: { file: `${completionId}.pdf` }, context: {} }),
  )) as Response;
}

async function keptRows() {
  return queryRows<{ completion_id: number; file_key: string; byte_length: number; rendered_at: string }>(
    t.db,
    sql`select completion_id::int as completion_id, file_key, byte_length, rendered_at::text as rendered_at
        from certificate_files order by completion_id`,
  );
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Drawings so far in this file: each in-memory drawing differs from every other, as real ones do. */
let drawingsInMemory = 0;

/** Drawings in memory, counted. */
function countingSource(): CertificatePdfSource & { drawn: string[] } {
  const drawn: string[] = [];
  return {
    storage,
    drawn,
    render: async (certificate) => {
      drawn.push(certificate.code);
      drawingsInMemory += 1;
      return new TextEncoder().encode(`%PDF-1.7 ${certificate.code} drawing ${drawingsInMemory}`);
    },
  };
}

describe("a certificate drawn once", () => {
  it("is drawn and kept on its first download; the second download serves the same bytes without drawing", async () => {
    const completion = w.completions[0]!;
    const first = await download(w.accounts.manager.id, completion.id);
    expect(first.status).toBe(200);
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(drawings.count).toBe(1);
    const [row, ...others] = await keptRows();
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      completion_id: completion.id,
      file_key: `certificates/${sha256(bytes)}.pdf`,
      byte_length: bytes.byteLength,
    });
    expect(storage.keys()).toEqual([row!.file_key]);

    const second = await download(w.accounts.manager.id, completion.id);
    expect(second.status).toBe(200);
    expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect(second.headers.get("Content-Length")).toBe(String(bytes.byteLength));
    expect(drawings.count).toBe(1);
    expect(await keptRows()).toEqual([row]);
    // Each download is still recorded as a read.
    const reads = await queryOne<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'certificate.downloaded'`,
    );
    expect(reads?.n).toBe(2);
  });

  it("two drawings at once keep one: both get the bytes of the one kept", async () => {
    const certificate = (await getCertificate(t.db, ALL, w.completions[1]!.id))!;
    const a = countingSource();
    const b = countingSource();
    let results: Uint8Array[];
    if (concurrent) {
      // A draws and keeps inside a transaction held open; B, on another connection, finds nothing
      // kept, draws, and its insert waits on A's row; then A commits.
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let kept!: (value: { pid: number; bytes: Uint8Array }) => void;
      const aKept = new Promise<{ pid: number; bytes: Uint8Array }>((resolve) => (kept = resolve));
      const aDone = t.db.transaction(async (tx) => {
        const bytes = await certificatePdf(tx, certificate, a);
        kept({ pid: (await queryOne<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid, bytes });
        await committing;
        return bytes;
      });
      const { pid } = await aKept;
      const bDone = certificatePdf(t.db, certificate, b);
      let waited = false;
      for (let i = 0; i < 500 && !waited; i++) {
        const [row] = await watcher!<{ pid: number }[]>`
          select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid)) limit 1`;
        waited = row !== undefined;
        if (!waited) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(waited, "B's insert waited for A's row").toBe(true);
      commit();
      results = [await aDone, await bDone];
    } else {
      // One connection: both look before either keeps (each drawing waits for the other to start).
      let started = 0;
      let bothStarted!: () => void;
      const gate = new Promise<void>((resolve) => (bothStarted = resolve));
      const held = (source: ReturnType<typeof countingSource>): CertificatePdfSource => ({
        storage,
        render: async (c) => {
          if (++started === 2) bothStarted();
          await gate;
          return source.render(c);
        },
      });
      results = await Promise.all([
        certificatePdf(t.db, certificate, held(a)),
        certificatePdf(t.db, certificate, held(b)),
      ]);
    }
    expect(a.drawn).toHaveLength(1);
    expect(b.drawn).toHaveLength(1);
    const rows = await keptRows();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(results[0]!).equals(Buffer.from(results[1]!))).toBe(true);
    expect(rows[0]!.file_key).toBe(`certificates/${sha256(results[0]!)}.pdf`);
    // Served from then on without drawing.
    const c = countingSource();
    expect(Buffer.from(await certificatePdf(t.db, certificate, c)).equals(Buffer.from(results[0]!))).toBe(true);
    expect(c.drawn).toEqual([]);
  });

  it("carries the council's branding as set when it is drawn (the images cross to the render thread)", async () => {
    const logo = samplePng();
    await storage.put("branding/logo.png", logo);
    await t.db.insert(certificateBranding).values({
      id: 1,
      logoFileKey: "branding/logo.png",
      logoContentType: "image/png",
      signatoryName: "Priya Shah",
    });
    const response = await download(w.accounts.manager.id, w.completions[0]!.id);
    const pdf = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(pdf.match(/\/Subtype\s*\/Image/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("is drawn again when its kept file is lost, and the row then names the new file", async () => {
    const certificate = (await getCertificate(t.db, ALL, w.completions[0]!.id))!;
    const first = countingSource();
    await certificatePdf(t.db, certificate, first);
    const [before] = await keptRows();
    const elsewhere = memoryStorage();
    const again = { ...countingSource(), storage: elsewhere };
    const bytes = await certificatePdf(t.db, certificate, again);
    expect(again.drawn).toHaveLength(1);
    const [after] = await keptRows();
    expect(after!.file_key).toBe(`certificates/${sha256(bytes)}.pdf`);
    expect(after!.file_key).not.toBe(before!.file_key);
    expect(elsewhere.keys()).toEqual([after!.file_key]);
  });
});

describe("one download's look-up", () => {
  it("reads the certificate and where its PDF is kept in one statement", async () => {
    const completion = w.completions[0]!;
    const selects = vi.spyOn(t.db, "select");
    const executes = vi.spyOn(t.db, "execute");
    const before = await certificateForDownload(t.db, ALL, completion.id);
    expect(selects.mock.calls.length + executes.mock.calls.length).toBe(1);
    vi.restoreAllMocks();
    expect(before).toMatchObject({ certificate: { completionId: completion.id }, kept: null });
    const certificate = (await getCertificate(t.db, ALL, completion.id))!;
    const bytes = await certificatePdf(t.db, certificate, countingSource());
    expect(await certificateForDownload(t.db, ALL, completion.id)).toMatchObject({
      certificate: { completionId: completion.id },
      kept: { fileKey: `certificates/${sha256(bytes)}.pdf`, byteLength: bytes.byteLength },
    });
  });

  it("a download whose kept file is lost draws it again", async () => {
    const completion = w.completions[0]!;
    await download(w.accounts.manager.id, completion.id);
    storage = memoryStorage(); // the kept file lost
    provideFileStorageForTests(storage);
    const again = await download(w.accounts.manager.id, completion.id);
    expect(again.status).toBe(200);
    expect(drawings.count).toBe(2);
    const [row] = await keptRows();
    expect(row!.file_key).toBe(`certificates/${sha256(new Uint8Array(await again.arrayBuffer()))}.pdf`);
  });
});

describe("who may download a kept certificate", () => {
  it("a revoked completion's certificate is not served, though it was kept", async () => {
    const completion = w.completions[0]!;
    expect((await download(w.accounts.manager.id, completion.id)).status).toBe(200);
    await revokeCompletion(t.db, {
      completionId: completion.id,
      reason: "Recorded against the wrong person",
      actorAccountId: w.accounts.coordinator.id,
    });
    expect((await download(w.accounts.manager.id, completion.id)).status).toBe(404);
    expect((await download(w.accounts.coordinator.id, completion.id)).status).toBe(404);
  });

  it("one held for its evaluation is drawn ahead but not released: its learner is sent to the evaluation", async () => {
    expect(await keepRecentCertificates(t.db, CONTEXT)).toBe(4);
    expect((await keptRows()).map((r) => r.completion_id)).toContain(w.waiting.id);
    const own = await download(w.accounts.ben.id, w.waiting.id);
    expect(own.status).toBe(302);
    expect(own.headers.get("Location")).toBe(`/my-training/evaluations/${w.waiting.bookingId}`);
    expect((await download(w.accounts.manager.id, w.waiting.id)).status).toBe(404);
  });
});

describe("a zip of kept certificates", () => {
  async function zipBytes(source: CertificatePdfSource, ahead?: number) {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on("data", (chunk: Buffer) => chunks.push(chunk));
    await zipCertificates(t.db, ALL, {}, output, { pdfs: source, ahead });
    const zip = await unzipper.Open.buffer(Buffer.concat(chunks));
    const files = zip.files.filter((f) => f.path.endsWith(".pdf"));
    return Promise.all(files.map(async (f) => ({ path: f.path, bytes: await f.buffer() })));
  }

  it("holds the kept bytes, draws only those not kept, and keeps them", async () => {
    const keptFirst = (await getCertificate(t.db, ALL, w.completions[1]!.id))!;
    const early = countingSource();
    const keptBytes = await certificatePdf(t.db, keptFirst, early);

    const source = countingSource();
    const files = await zipBytes(source, 3);
    expect(files).toHaveLength(3);
    expect(source.drawn.sort()).toEqual([w.completions[0]!.certificateCode, w.completions[2]!.certificateCode].sort());
    const inZip = files.find((f) => f.path.includes(keptFirst.code))!;
    expect(inZip.bytes.equals(Buffer.from(keptBytes))).toBe(true);
    expect(await countKeptCertificates(t.db)).toBe(3);

    // The next zip draws nothing and holds the same bytes.
    const next = countingSource();
    const again = await zipBytes(next, 3);
    expect(next.drawn).toEqual([]);
    expect(again.map((f) => f.bytes.toString("latin1"))).toEqual(files.map((f) => f.bytes.toString("latin1")));
  });

  it("draws several at once, and still writes them in order", async () => {
    let drawing = 0;
    let most = 0;
    const render: RenderCertificate = async (certificate) => {
      drawing += 1;
      most = Math.max(most, drawing);
      // The first takes longest: finishing out of order must not reorder the zip.
      await new Promise((resolve) => setTimeout(resolve, certificate.completionId === w.completions[0]!.id ? 40 : 5));
      drawing -= 1;
      return new TextEncoder().encode(`%PDF-1.7 ${certificate.code}`);
    };
    const files = await zipBytes({ storage, render }, 3);
    expect(most).toBe(3);
    expect(files.map((f) => f.bytes.toString("latin1"))).toEqual(
      w.completions.map((c) => `%PDF-1.7 ${c.certificateCode}`),
    );
  });

  it("over HTTP: the zip's PDFs are the kept ones, drawn on the render threads the first time only", async () => {
    const kept = new Uint8Array(await (await download(w.accounts.manager.id, w.completions[0]!.id)).arrayBuffer());
    expect(drawings.count).toBe(1);
    const fetchZip = async () => {
      const request = await signedInRequest(t.db, w.accounts.manager.id, "/certificates/bulk.zip");
      const response = (await call(() => zipLoader({ request, params: {}, context: {} }))) as Response;
      expect(response.status).toBe(200);
      const zip = await unzipper.Open.buffer(Buffer.from(await response.arrayBuffer()));
      return Promise.all(
        zip.files.filter((f) => f.path.endsWith(".pdf")).map(async (f) => ({ path: f.path, bytes: await f.buffer() })),
      );
    };
    const files = await fetchZip();
    // Three certificates; the briefing gives none and the held one waits for its evaluation.
    expect(files).toHaveLength(3);
    expect(drawings.count).toBe(3);
    expect(files.find((f) => f.path.includes(w.completions[0]!.certificateCode))!.bytes.equals(Buffer.from(kept))).toBe(
      true,
    );
    const again = await fetchZip();
    expect(drawings.count).toBe(3);
    expect(again.map((f) => f.bytes.toString("latin1"))).toEqual(files.map((f) => f.bytes.toString("latin1")));
  });
});

describe("drawing ahead in the background", () => {
  it("draws recent completions' certificates not kept yet, never a revoked one or one of a course without", async () => {
    const revoked = w.completions[2]!;
    await revokeCompletion(t.db, {
      completionId: revoked.id,
      reason: "Duplicate",
      actorAccountId: w.accounts.coordinator.id,
    });
    expect((await certificatesNotYetKept(t.db, 10)).map((c) => c.completionId).sort()).toEqual(
      [w.completions[0]!.id, w.completions[1]!.id, w.waiting.id].sort(),
    );
    const work = startBackgroundWork(t.db, {
      compose: () => {
        throw new Error("no messages in this test");
      },
      keepCertificates: (db) => keepRecentCertificates(db, CONTEXT, { batch: 2 }),
      keepCertificatesEveryMs: 60 * 60 * 1000,
    });
    try {
      await work.runOnce();
      expect(await countKeptCertificates(t.db)).toBe(2);
      await work.runOnce();
      expect(await countKeptCertificates(t.db)).toBe(3);
      await work.runOnce();
    } finally {
      await work.stop();
    }
    const kept = (await keptRows()).map((r) => r.completion_id);
    expect(kept.sort()).toEqual([w.completions[0]!.id, w.completions[1]!.id, w.waiting.id].sort());
    expect(kept).not.toContain(w.briefed.id);
    expect(drawings.count).toBe(3);
    // The first download of one drawn ahead draws nothing.
    expect((await download(w.accounts.manager.id, w.completions[0]!.id)).status).toBe(200);
    expect(drawings.count).toBe(3);
  });
});
