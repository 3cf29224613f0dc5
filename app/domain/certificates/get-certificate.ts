import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { CompletionSource } from "../../db/schema";
import type { DeliveryMode } from "../../lib/values";
import { certificateAwaitingEvaluationSql } from "../evaluations/certificate-release";
import { type PersonScope, personInScopeCondition } from "../people/scope";

/** Everything a certificate prints, and what decides whether it still stands. */
export interface Certificate {
  completionId: number;
  /** The public verification code (certificate number), 16 Crockford base32 characters. */
  code: string;
  personId: number;
  givenName: string;
  familyName: string;
  personName: string;
  courseId: number;
  courseCode: string;
  courseTitle: string;
  /** How the course is delivered and how long it takes, printed on the certificate. */
  courseDeliveryMode: DeliveryMode;
  courseDurationMinutes: number;
  issuesCertificate: boolean;
  completedOn: string;
  expiresOn: string | null;
  source: CompletionSource;
  /** Who delivered training done elsewhere (a completion from outside evidence). */
  provider: string | null;
  /** The session attended, when the completion came from one. */
  session: { startsAt: string; venue: string | null; online: boolean; trainerName: string | null } | null;
  revokedAt: string | null;
  revokeReason: string | null;
  /** A later live completion of the same course for the same person replaces this one. */
  superseded: boolean;
  /** The booking of the session attended, when the completion came from one. */
  bookingId: number | null;
  /**
   * The course releases the certificate only once the session's evaluation is done, and it is
   * not done yet: no download (one or in a zip) until it is; verifying the code still works.
   */
  awaitingEvaluation: boolean;
}

export interface CertificateRow extends Record<string, unknown> {
  id: number;
  certificate_code: string;
  person_id: number;
  given_name: string;
  family_name: string;
  course_id: number;
  course_code: string;
  course_title: string;
  course_delivery_mode: DeliveryMode;
  course_duration_minutes: number;
  issues_certificate: boolean;
  completed_on: string;
  expires_on: string | null;
  source: CompletionSource;
  provider: string | null;
  session_starts_at: string | null;
  session_venue: string | null;
  session_online: boolean | null;
  trainer_name: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  superseded: boolean;
  booking_id: number | null;
  awaiting_evaluation: boolean;
}

/** "A later live completion of the same course for the same person exists", for a completion `cp`. */
export const supersededCondition: SQL = sql`exists (
  select 1 from completions later
  where later.person_id = cp.person_id and later.course_id = cp.course_id
    and later.revoked_at is null
    and (later.completed_on, later.id) > (cp.completed_on, cp.id))`;

/**
 * The certificate query over completions `cp`, people `p`, organisations `o` and courses `c`,
 * for the certificate capability's own lookups (one, a selection, a code).
 */
export function certificateQuery(where: SQL, tail: SQL = sql``): SQL {
  return sql`select cp.id::int as id, cp.certificate_code, cp.person_id, p.given_name, p.family_name,
      cp.course_id, c.code as course_code, c.title as course_title,
      c.delivery_mode as course_delivery_mode, c.duration_minutes as course_duration_minutes, c.issues_certificate,
      cp.completed_on::text as completed_on, cp.expires_on::text as expires_on, cp.source, cp.provider,
      s.starts_at::text as session_starts_at, s.venue as session_venue,
      case when s.id is null then null else s.venue is null end as session_online,
      nullif(trim(coalesce(t.given_name, '') || ' ' || coalesce(t.family_name, '')), '') as trainer_name,
      cp.revoked_at::text as revoked_at, cp.revoke_reason,
      ${supersededCondition} as superseded, cp.booking_id::int as booking_id,
      ${certificateAwaitingEvaluationSql(sql.raw("cp"), sql.raw("c"))} as awaiting_evaluation
    from completions cp
    join people p on p.id = cp.person_id
    join organisations o on o.id = p.organisation_id
    join courses c on c.id = cp.course_id
    left join course_sessions s on s.id = cp.session_id
    left join people t on t.id = s.trainer_person_id
    where ${where}
    ${tail}`;
}

export function toCertificate(row: CertificateRow): Certificate {
  return {
    completionId: row.id,
    code: row.certificate_code,
    personId: row.person_id,
    givenName: row.given_name,
    familyName: row.family_name,
    personName: `${row.given_name} ${row.family_name}`,
    courseId: row.course_id,
    courseCode: row.course_code,
    courseTitle: row.course_title,
    courseDeliveryMode: row.course_delivery_mode,
    courseDurationMinutes: row.course_duration_minutes,
    issuesCertificate: row.issues_certificate,
    completedOn: row.completed_on,
    expiresOn: row.expires_on,
    source: row.source,
    provider: row.provider,
    session:
      row.session_starts_at === null
        ? null
        : {
            startsAt: row.session_starts_at,
            venue: row.session_venue,
            online: row.session_online ?? false,
            trainerName: row.trainer_name,
          },
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    superseded: row.superseded,
    bookingId: row.booking_id,
    awaitingEvaluation: row.awaiting_evaluation,
  };
}

export function scopeCondition(scope: PersonScope): SQL {
  return personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` });
}

async function findOne(db: Database, where: SQL): Promise<Certificate | undefined> {
  const row = await queryOne<CertificateRow>(db, certificateQuery(where));
  return row ? toCertificate(row) : undefined;
}

/**
 * A completion of a person within the scope, revoked or not, whether its course gives a
 * certificate or not (for the coordinator's revocation page). Undefined when it does not exist
 * or is out of scope: the two look the same.
 */
export function getCompletionInScope(
  db: Database,
  scope: PersonScope,
  completionId: number,
): Promise<Certificate | undefined> {
  return findOne(db, sql`cp.id = ${completionId} and ${scopeCondition(scope)}`);
}

/**
 * "The certificate may be downloaded": not revoked, its course gives certificates, and it is not
 * waiting for the evaluation of the session attended (courses.certificate_after_evaluation).
 * Every download (one certificate, a zip) asks it; verifying a code does not.
 */
export const downloadableCondition: SQL = sql`cp.revoked_at is null and c.issues_certificate
  and not ${certificateAwaitingEvaluationSql(sql.raw("cp"), sql.raw("c"))}`;

/**
 * The certificate of a completion, for someone whose scope reaches its person. Undefined when the
 * completion does not exist, is out of scope, was revoked, or its course gives no certificate.
 * One waiting for its evaluation comes back with `awaitingEvaluation`: the download refuses it.
 */
export function getCertificate(
  db: Database,
  scope: PersonScope,
  completionId: number,
): Promise<Certificate | undefined> {
  return findOne(
    db,
    sql`cp.id = ${completionId} and cp.revoked_at is null and c.issues_certificate and ${scopeCondition(scope)}`,
  );
}

/** Where a certificate's drawn PDF is kept (decision 016, kept-pdf.ts), as certificate_files says. */
export interface KeptCertificateFile {
  fileKey: string;
  byteLength: number;
}

export type CertificateDownload =
  /** `kept`: its kept PDF, read with it (null when not drawn yet), for certificatePdf. */
  | { certificate: Certificate; kept: KeptCertificateFile | null }
  /** The course releases it once the session's evaluation is done: the booking to evaluate. */
  | { awaitingEvaluation: { bookingId: number; personId: number; courseTitle: string } };

/**
 * What a download of one certificate gets: the certificate and where its PDF is kept, or — where
 * the course releases it only after the evaluation and the person has not done it — the booking
 * to evaluate first. Undefined as for getCertificate. One statement (issue 22: the kept file was
 * a second one each download).
 */
export async function certificateForDownload(
  db: Database,
  scope: PersonScope,
  completionId: number,
): Promise<CertificateDownload | undefined> {
  const row = await queryOne<CertificateRow & { kept_file_key: string | null; kept_byte_length: number | null }>(
    db,
    sql`select q.*, cf.file_key as kept_file_key, cf.byte_length as kept_byte_length
        from (${certificateQuery(
          sql`cp.id = ${completionId} and cp.revoked_at is null and c.issues_certificate and ${scopeCondition(scope)}`,
        )}) q
        left join certificate_files cf on cf.completion_id = q.id`,
  );
  if (!row) return undefined;
  const certificate = toCertificate(row);
  if (certificate.awaitingEvaluation && certificate.bookingId !== null) {
    return {
      awaitingEvaluation: {
        bookingId: certificate.bookingId,
        personId: certificate.personId,
        courseTitle: certificate.courseTitle,
      },
    };
  }
  const kept =
    row.kept_file_key === null || row.kept_byte_length === null
      ? null
      : { fileKey: row.kept_file_key, byteLength: row.kept_byte_length };
  return { certificate, kept };
}
