import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { type Database, queryOne } from "../../db/database";
import type { FileStorage } from "../../storage/file-storage";
import { recordAuditEvent } from "../audit/record-event";
import type { Certificate } from "./get-certificate";
import { DomainError } from "../errors";

/** The images certificates may carry: react-pdf reads PNG and JPEG. */
export type BrandingImageFormat = "png" | "jpg";

export interface BrandingImage {
  data: Buffer;
  format: BrandingImageFormat;
}

/** What every certificate carries from the council, when the coordinator has set it. */
export interface CertificateBranding {
  logo: BrandingImage | null;
  signature: BrandingImage | null;
  signatoryName: string | null;
  signatoryRole: string | null;
}

/** What the settings page shows: whether each image is set, and the words. */
export interface CertificateBrandingSettings {
  hasLogo: boolean;
  hasSignature: boolean;
  signatoryName: string | null;
  signatoryRole: string | null;
  updatedAt: string | null;
}

/** A logo or a signature is a small image; a larger file is almost certainly the wrong one. */
export const MAX_BRANDING_IMAGE_BYTES = 1024 * 1024;

const FORMATS: Record<string, { format: BrandingImageFormat; contentType: string }> = {
  "image/png": { format: "png", contentType: "image/png" },
  "image/jpeg": { format: "jpg", contentType: "image/jpeg" },
};

interface BrandingRow extends Record<string, unknown> {
  logo_file_key: string | null;
  logo_content_type: string | null;
  signature_file_key: string | null;
  signature_content_type: string | null;
  signatory_name: string | null;
  signatory_role: string | null;
  updated_at: string | null;
}

function readRow(db: Database): Promise<BrandingRow | undefined> {
  return queryOne<BrandingRow>(
    db,
    sql`select logo_file_key, logo_content_type, signature_file_key, signature_content_type,
          signatory_name, signatory_role, updated_at::text as updated_at
        from certificate_branding where id = 1`,
  );
}

export async function getCertificateBrandingSettings(db: Database): Promise<CertificateBrandingSettings> {
  const row = await readRow(db);
  return {
    hasLogo: Boolean(row?.logo_file_key),
    hasSignature: Boolean(row?.signature_file_key),
    signatoryName: row?.signatory_name ?? null,
    signatoryRole: row?.signatory_role ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

async function readImage(storage: FileStorage, key: string | null, contentType: string | null) {
  if (!key || !contentType) return null;
  const bytes = await storage.get(key);
  const format = FORMATS[contentType]?.format;
  return bytes && format ? { data: Buffer.from(bytes), format } : null;
}

/** The branding to print on a certificate rendered now (nothing set: a plain certificate). */
export async function getCertificateBranding(db: Database, storage: FileStorage): Promise<CertificateBranding> {
  const row = await readRow(db);
  if (!row) return { logo: null, signature: null, signatoryName: null, signatoryRole: null };
  const [logo, signature] = await Promise.all([
    readImage(storage, row.logo_file_key, row.logo_content_type),
    readImage(storage, row.signature_file_key, row.signature_content_type),
  ]);
  return { logo, signature, signatoryName: row.signatory_name, signatoryRole: row.signatory_role };
}

/**
 * Checks an uploaded image by its content (PNG or JPEG, at most 1 MB, whatever its name says)
 * and keeps it under a key named by its content. Throws a DomainError on `field`.
 */
async function storeBrandingImage(
  storage: FileStorage,
  bytes: Uint8Array,
  what: string,
  field: string,
): Promise<{ key: string; contentType: string }> {
  if (bytes.length === 0) throw new DomainError(`The selected ${what} is empty`, field);
  if (bytes.length > MAX_BRANDING_IMAGE_BYTES) throw new DomainError(`The ${what} must be smaller than 1 MB`, field);
  const found = FORMATS[(await fileTypeFromBuffer(bytes))?.mime ?? ""];
  if (!found) throw new DomainError(`The ${what} must be a PNG or JPEG image`, field);
  const key = `branding/${createHash("sha256").update(bytes).digest("hex")}.${found.format}`;
  await storage.put(key, bytes);
  return { key, contentType: found.contentType };
}

export interface SaveBrandingInput {
  /** A new image, or "remove", or undefined to keep the one set. */
  logo?: Uint8Array | "remove";
  signature?: Uint8Array | "remove";
  signatoryName: string | null;
  signatoryRole: string | null;
  actorAccountId: string;
}

/**
 * Sets what certificates rendered from now on carry. Certificates already issued keep the look
 * they were issued with (their PDF is kept: decision 016). Audited, images by key only.
 */
export async function saveCertificateBranding(
  db: Database,
  storage: FileStorage,
  input: SaveBrandingInput,
): Promise<void> {
  const logo =
    input.logo instanceof Uint8Array ? await storeBrandingImage(storage, input.logo, "logo", "logo") : input.logo;
  const signature =
    input.signature instanceof Uint8Array
      ? await storeBrandingImage(storage, input.signature, "signature", "signature")
      : input.signature;
  if (input.signatoryRole && !input.signatoryName) {
    throw new DomainError("Enter the name of the person who signs, or leave their role empty", "signatoryName");
  }
  await db.transaction(async (tx) => {
    const before = await readRow(tx);
    const next = {
      logo_file_key: logo === "remove" ? null : (logo?.key ?? before?.logo_file_key ?? null),
      logo_content_type: logo === "remove" ? null : (logo?.contentType ?? before?.logo_content_type ?? null),
      signature_file_key: signature === "remove" ? null : (signature?.key ?? before?.signature_file_key ?? null),
      signature_content_type:
        signature === "remove" ? null : (signature?.contentType ?? before?.signature_content_type ?? null),
      signatory_name: input.signatoryName,
      signatory_role: input.signatoryRole,
    };
    await tx.execute(
      sql`insert into certificate_branding (id, logo_file_key, logo_content_type, signature_file_key,
            signature_content_type, signatory_name, signatory_role, updated_by_account_id, updated_at)
          values (1, ${next.logo_file_key}, ${next.logo_content_type}, ${next.signature_file_key},
            ${next.signature_content_type}, ${next.signatory_name}, ${next.signatory_role}, ${input.actorAccountId}, now())
          on conflict (id) do update set logo_file_key = excluded.logo_file_key,
            logo_content_type = excluded.logo_content_type, signature_file_key = excluded.signature_file_key,
            signature_content_type = excluded.signature_content_type, signatory_name = excluded.signatory_name,
            signatory_role = excluded.signatory_role, updated_by_account_id = excluded.updated_by_account_id,
            updated_at = now()`,
    );
    const { updated_at: _ignored, ...kept } = before ?? ({} as Partial<BrandingRow>);
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "certificate-branding.update",
      entityType: "certificate_branding",
      entityId: "1",
      before: before ? kept : null,
      after: next,
    });
  });
}

const optionalWords = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`)
    .transform((text) => (text === "" ? null : text))
    .default("");

/** The settings form's words and what to remove; the images come as files beside it. */
export const CertificateBrandingForm = z.object({
  signatoryName: optionalWords(100, "The name"),
  signatoryRole: optionalWords(100, "The role"),
  remove: z.array(z.enum(["logo", "signature"])).default([]),
});

/** A made-up certificate for the settings page's sample: the branding as it will print, with nobody's record. */
export function sampleCertificate(today: string): Certificate {
  return {
    completionId: 0,
    code: "SAMP1EC3RT1F1CAT",
    personId: 0,
    givenName: "Sam",
    familyName: "Sample",
    personName: "Sam Sample",
    courseId: 0,
    courseCode: "SAMPLE",
    courseTitle: "Workshop to Raise Awareness of Prevent (WRAP)",
    courseDeliveryMode: "face_to_face",
    courseDurationMinutes: 90,
    issuesCertificate: true,
    completedOn: today,
    expiresOn: null,
    source: "attendance",
    provider: null,
    session: {
      startsAt: `${today}T09:30:00Z`,
      venue: "Civic Centre, Room 2",
      online: false,
      trainerName: "Alex Trainer",
    },
    revokedAt: null,
    revokeReason: null,
    superseded: false,
    bookingId: null,
    awaitingEvaluation: false,
  };
}
