import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryOne, queryRows } from "../../db/database";
import type { PersonScope } from "../people/scope";
import {
  type Certificate,
  type CertificateRow,
  certificateQuery,
  downloadableCondition,
  scopeCondition,
  supersededCondition,
  toCertificate,
} from "./get-certificate";

/**
 * Which certificates to download together, always within the caller's scope. Every filter is
 * optional and they combine: a person, an organisation's or a school's subtree, a course, a range
 * of completion dates. By default only the standing certificate of each course is included, not
 * the ones a newer completion replaced.
 */
export interface CertificateSelection {
  personId?: number;
  organisationId?: number;
  courseId?: number;
  completedFrom?: string;
  completedTo?: string;
  includeSuperseded?: boolean;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
const id = z.coerce.number().int().positive().max(2_147_483_647);

/** A selection as written in a query string (`?organisationId=3&completedFrom=2025-01-01`). */
export const certificateSelectionSchema = z
  .object({
    personId: id.optional(),
    organisationId: id.optional(),
    courseId: id.optional(),
    completedFrom: isoDate.optional(),
    completedTo: isoDate.optional(),
    includeSuperseded: z
      .enum(["true", "false"])
      .optional()
      .transform((value) => value === "true"),
  })
  .refine((s) => !s.completedFrom || !s.completedTo || s.completedFrom <= s.completedTo, {
    message: "The start of the date range must be on or before its end",
    path: ["completedTo"],
  });

/** The query string of a selection, the inverse of `certificateSelectionSchema`. */
export function selectionToSearchParams(selection: CertificateSelection): URLSearchParams {
  const params = new URLSearchParams();
  if (selection.personId !== undefined) params.set("personId", String(selection.personId));
  if (selection.organisationId !== undefined) params.set("organisationId", String(selection.organisationId));
  if (selection.courseId !== undefined) params.set("courseId", String(selection.courseId));
  if (selection.completedFrom) params.set("completedFrom", selection.completedFrom);
  if (selection.completedTo) params.set("completedTo", selection.completedTo);
  if (selection.includeSuperseded) params.set("includeSuperseded", "true");
  return params;
}

function selectionCondition(scope: PersonScope, selection: CertificateSelection): SQL {
  const parts: SQL[] = [downloadableCondition, scopeCondition(scope)];
  if (selection.personId !== undefined) parts.push(sql`cp.person_id = ${selection.personId}`);
  if (selection.organisationId !== undefined) {
    parts.push(
      sql`o.path like (select sel.path from organisations sel where sel.id = ${selection.organisationId}) || '%'`,
    );
  }
  if (selection.courseId !== undefined) parts.push(sql`cp.course_id = ${selection.courseId}`);
  if (selection.completedFrom) parts.push(sql`cp.completed_on >= ${selection.completedFrom}::date`);
  if (selection.completedTo) parts.push(sql`cp.completed_on <= ${selection.completedTo}::date`);
  if (!selection.includeSuperseded) parts.push(sql`not ${supersededCondition}`);
  return sql.join(parts, sql` and `);
}

/** How many certificates a selection holds (the bulk page says so before downloading). */
export async function countCertificates(
  db: Database,
  scope: PersonScope,
  selection: CertificateSelection,
): Promise<number> {
  const row = await queryOne<{ n: number }>(
    db,
    sql`select count(*)::int as n
        from completions cp
        join people p on p.id = cp.person_id
        join organisations o on o.id = p.organisation_id
        join courses c on c.id = cp.course_id
        where ${selectionCondition(scope, selection)}`,
  );
  return row?.n ?? 0;
}

/**
 * One page of a selection's certificates in completion id order, from `afterId` on (keyset
 * paging, so a long download reads a page at a time and holds no more than a page).
 */
export async function selectCertificates(
  db: Database,
  scope: PersonScope,
  selection: CertificateSelection,
  page: { afterId?: number; limit: number },
): Promise<Certificate[]> {
  const rows = await queryRows<CertificateRow>(
    db,
    certificateQuery(
      sql`${selectionCondition(scope, selection)} and cp.id > ${page.afterId ?? 0}`,
      sql`order by cp.id limit ${page.limit}`,
    ),
  );
  return rows.map(toCertificate);
}

/** The courses that give certificates, for the bulk download's course choice. */
export function listCertificateCourses(db: Database): Promise<Array<{ id: number; title: string }>> {
  return queryRows<{ id: number; title: string }>(
    db,
    sql`select id, title from courses where issues_certificate order by lower(title), id`,
  );
}
