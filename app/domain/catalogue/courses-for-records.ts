import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";

export interface CourseForRecords {
  id: number;
  code: string;
  title: string;
  validityMonths: number | null;
  /** When the course began, YYYY-MM-DD, or null when not known. */
  introducedOn: string | null;
  bookable: boolean;
  retired: boolean;
}

/**
 * Every course of the catalogue, retired and unbookable ones included (WRAP is no longer
 * delivered, but completions of it still count): what old training records may be recorded against.
 */
export async function listCoursesForRecords(db: Database): Promise<CourseForRecords[]> {
  const rows = await queryRows<{
    id: number;
    code: string;
    title: string;
    validity_months: number | null;
    introduced_on: string | null;
    bookable: boolean;
    retired: boolean;
  }>(
    db,
    sql`select id, code, title, validity_months, introduced_on::text as introduced_on, bookable,
          retired_at is not null as retired
        from courses order by title, code`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    validityMonths: r.validity_months,
    introducedOn: r.introduced_on,
    bookable: r.bookable,
    retired: r.retired,
  }));
}
