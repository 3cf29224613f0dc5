import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { certificateFiles } from "../../db/schema";
import type { FileStorage } from "../../storage/file-storage";
import { type Certificate, type CertificateRow, certificateQuery, toCertificate } from "./get-certificate";

/**
 * A certificate is drawn once (decision 016): its content never changes after it is issued (a
 * revocation or a supersession shows on the verification page, not in the PDF), so the first
 * drawing's bytes are kept in the file storage, named by their SHA-256, with a certificate_files
 * row, and every later download and zip serves those bytes. Who may download what is decided
 * before (getCertificate, selectCertificates): this module only says where the bytes come from.
 */

/** Draws one certificate's PDF (app/pdf): the domain draws no documents. */
export type RenderCertificate = (certificate: Certificate) => Promise<Uint8Array>;

/** Where a certificate's bytes are kept, and how to draw one not kept yet. */
export interface CertificatePdfSource {
  storage: FileStorage;
  render: RenderCertificate;
}

interface KeptFile {
  fileKey: string;
  byteLength: number;
}

/** The kept files of these completions (those not kept are absent). */
export async function keptCertificateFiles(
  db: Database,
  completionIds: readonly number[],
): Promise<Map<number, KeptFile>> {
  if (completionIds.length === 0) return new Map();
  const rows = await queryRows<{ completion_id: number; file_key: string; byte_length: number }>(
    db,
    sql`select completion_id::int as completion_id, file_key, byte_length from certificate_files
        where completion_id = any(${sqlIntArray(completionIds)})`,
  );
  return new Map(rows.map((row) => [row.completion_id, { fileKey: row.file_key, byteLength: row.byte_length }]));
}

async function readKept(storage: FileStorage, file: KeptFile): Promise<Uint8Array | null> {
  const bytes = await storage.get(file.fileKey);
  // A file lost or cut short in the storage is drawn again rather than served broken.
  return bytes && bytes.byteLength === file.byteLength ? bytes : null;
}

/**
 * Keeps a freshly drawn PDF: the bytes into the storage under their SHA-256, then the row. When
 * another drawing of the same certificate was kept first (two downloads at once), its row stands
 * and its bytes are returned, so every download of a certificate gets the same bytes. A row whose
 * file went missing (`replacing`) is pointed at the new file.
 */
async function keepRendered(
  db: Database,
  storage: FileStorage,
  completionId: number,
  bytes: Uint8Array,
  replacing?: KeptFile,
): Promise<Uint8Array> {
  const fileKey = `certificates/${createHash("sha256").update(bytes).digest("hex")}.pdf`;
  await storage.put(fileKey, bytes);
  if (replacing) {
    await db.execute(
      sql`update certificate_files set file_key = ${fileKey}, byte_length = ${bytes.byteLength}, rendered_at = now()
          where completion_id = ${completionId} and file_key = ${replacing.fileKey}`,
    );
    return bytes;
  }
  const inserted = await db
    .insert(certificateFiles)
    .values({ completionId, fileKey, byteLength: bytes.byteLength })
    .onConflictDoNothing({ target: certificateFiles.completionId })
    .returning({ completionId: certificateFiles.completionId });
  if (inserted.length > 0) return bytes;
  const winner = (await keptCertificateFiles(db, [completionId])).get(completionId);
  return (winner && (await readKept(storage, winner))) ?? bytes;
}

/**
 * The PDF of a certificate whose download was allowed: the kept bytes, or, the first time, drawn
 * and kept. `kept` is its file when the caller looked it up already (a zip, a page at a time):
 * null for none; undefined looks it up here.
 */
export async function certificatePdf(
  db: Database,
  certificate: Certificate,
  source: CertificatePdfSource,
  kept?: KeptFile | null,
): Promise<Uint8Array> {
  const file =
    kept === undefined
      ? (await keptCertificateFiles(db, [certificate.completionId])).get(certificate.completionId)
      : kept;
  if (file) {
    const bytes = await readKept(source.storage, file);
    if (bytes) return bytes;
  }
  return keepRendered(
    db,
    source.storage,
    certificate.completionId,
    await source.render(certificate),
    file ?? undefined,
  );
}

/** How far back the background drawing looks: the newest completions, by id. */
export const RECENT_COMPLETIONS_WINDOW = 2000;

/**
 * Certificates of recently recorded completions not drawn yet (at most `limit`), newest first,
 * for the background work to draw before anyone asks. Only the newest RECENT_COMPLETIONS_WINDOW
 * completions are looked at (an index range, whatever the table's size); older ones are drawn at
 * their first download. Revoked ones and courses without certificates are left out; one waiting
 * for its evaluation is drawn (its bytes do not change when it is released).
 */
export async function certificatesNotYetKept(db: Database, limit: number): Promise<Certificate[]> {
  const rows = await queryRows<CertificateRow>(
    db,
    certificateQuery(
      sql`cp.id in (select id from completions order by id desc limit ${RECENT_COMPLETIONS_WINDOW})
          and cp.revoked_at is null and c.issues_certificate
          and not exists (select 1 from certificate_files cf where cf.completion_id = cp.id)`,
      sql`order by cp.id desc limit ${limit}`,
    ),
  );
  return rows.map(toCertificate);
}

/** How many certificates are kept (the background work's log, tests). */
export async function countKeptCertificates(db: Database): Promise<number> {
  return (await queryOne<{ n: number }>(db, sql`select count(*)::int as n from certificate_files`))?.n ?? 0;
}
