import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import { CERTIFICATE_CODE_PATTERN } from "./certificate-number";
import { recordedFromOutsideEvidence } from "./wording";
import { type CertificateRow, certificateQuery, toCertificate } from "./get-certificate";

export type CertificateStatus = "valid" | "expired" | "superseded" | "revoked";

/**
 * What a signed-out visitor learns about a certificate: its standing and only what is printed on
 * it (name, course, dates, number). Nothing else about the person.
 */
export type Verification =
  | { found: false }
  | {
      found: true;
      status: CertificateStatus;
      code: string;
      personName: string;
      courseTitle: string;
      completedOn: string;
      expiresOn: string | null;
      /** For a completion from outside evidence, the words the certificate prints about it; else null. */
      recordedFrom: string | null;
    };

/**
 * Looks a certificate up by its code. Revoked wins over superseded, which wins over expired: a
 * revoked completion never counted, a superseded one is replaced by a newer certificate.
 * Completions of courses that give no certificate have no certificate to verify.
 */
export async function verifyCertificate(
  db: Database,
  code: string,
  today: string = todayInLondon(),
): Promise<Verification> {
  if (!CERTIFICATE_CODE_PATTERN.test(code)) return { found: false };
  const row = await queryOne<CertificateRow>(
    db,
    certificateQuery(sql`cp.certificate_code = ${code} and c.issues_certificate`),
  );
  if (!row) return { found: false };
  const certificate = toCertificate(row);
  const status: CertificateStatus = certificate.revokedAt
    ? "revoked"
    : certificate.superseded
      ? "superseded"
      : certificate.expiresOn !== null && certificate.expiresOn < today
        ? "expired"
        : "valid";
  return {
    found: true,
    status,
    code: certificate.code,
    personName: certificate.personName,
    courseTitle: certificate.courseTitle,
    completedOn: certificate.completedOn,
    expiresOn: certificate.expiresOn,
    recordedFrom: certificate.source === "external_evidence" ? recordedFromOutsideEvidence(certificate.provider) : null,
  };
}
