import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlTextArray } from "../../db/database";
import type { CourseCategory, DeliveryMode } from "../../db/schema";

export interface CourseFilter {
  search?: string;
  categories?: CourseCategory[];
  deliveryModes?: DeliveryMode[];
  includeRetired?: boolean;
}

export interface CourseListItem {
  id: number;
  code: string;
  title: string;
  summary: string;
  category: CourseCategory;
  deliveryMode: DeliveryMode;
  durationMinutes: number;
  validityMonths: number | null;
  bookable: boolean;
  retired: boolean;
  upcomingSessions: number;
  nextSessionStartsAt: string | null;
}

/** The catalogue, filtered, with each course's next scheduled session. */
export async function listCourses(
  db: Database,
  filter: CourseFilter = {},
  now: Date = new Date(),
): Promise<CourseListItem[]> {
  const conditions = [sql`true`];
  if (!filter.includeRetired) conditions.push(sql`c.retired_at is null`);
  if (filter.search?.trim()) {
    const like = `%${filter.search.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(sql`(c.title ilike ${like} or c.code ilike ${like} or c.summary ilike ${like})`);
  }
  if (filter.categories?.length) {
    conditions.push(sql`c.category::text = any(${sqlTextArray(filter.categories)})`);
  }
  if (filter.deliveryModes?.length) {
    conditions.push(sql`c.delivery_mode::text = any(${sqlTextArray(filter.deliveryModes)})`);
  }
  const rows = await queryRows<{
    id: number;
    code: string;
    title: string;
    summary: string;
    category: CourseCategory;
    delivery_mode: DeliveryMode;
    duration_minutes: number;
    validity_months: number | null;
    bookable: boolean;
    retired: boolean;
    upcoming_sessions: number;
    next_session_starts_at: string | null;
  }>(
    db,
    sql`select c.id, c.code, c.title, c.summary, c.category, c.delivery_mode, c.duration_minutes,
          c.validity_months, c.bookable, c.retired_at is not null as retired,
          coalesce(s.upcoming, 0)::int as upcoming_sessions, s.next_start::text as next_session_starts_at
        from courses c
        left join lateral (
          select count(*) as upcoming, min(starts_at) as next_start
          from course_sessions cs
          where cs.course_id = c.id and cs.status = 'scheduled' and cs.starts_at > ${now.toISOString()}::timestamptz
        ) s on true
        where ${sql.join(conditions, sql` and `)}
        order by c.category, c.title`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    summary: r.summary,
    category: r.category,
    deliveryMode: r.delivery_mode,
    durationMinutes: r.duration_minutes,
    validityMonths: r.validity_months,
    bookable: r.bookable,
    retired: r.retired,
    upcomingSessions: r.upcoming_sessions,
    nextSessionStartsAt: r.next_session_starts_at,
  }));
}
