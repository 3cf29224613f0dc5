import { type SQL, sql } from "drizzle-orm";
import { readInBatches } from "../../../db/batches";
import { type Database, queryOne, queryRows } from "../../../db/database";
import { pageShown } from "../../../lib/pagination";
import { type PersonScope, personInScopeCondition } from "../../people/scope";
import type { ProgressStatus } from "./values";

export { PROGRESS_STATUSES, PROGRESS_STATUS_LABELS, type ProgressStatus } from "./values";

/**
 * Who has not started a hosted e-learning course, who is part-way through and who has completed it,
 * among the people the viewer may see (their team, their organisation, or everyone for the
 * coordinator): people still working here, and anyone in scope who has an attempt or a completion.
 * Completed means a live completion of the course, however recorded; in progress, an attempt and no
 * completion. Score and time spent come from the runtime's saved state (elearning_attempts).
 */

export interface ProgressRow {
  personId: number;
  name: string;
  email: string | null;
  organisationName: string;
  status: ProgressStatus;
  attempts: number;
  /** Of the latest attempt with a score. */
  scoreRaw: string | null;
  scoreScaled: string | null;
  /** Over every attempt. */
  totalSeconds: number;
  /** The last save of any attempt; with none, when the completion was recorded. */
  lastActivityAt: Date | null;
  completedOn: string | null;
}

export interface ProgressQuery {
  courseId: number;
  scope: PersonScope;
  /** YYYY-MM-DD in London: who counts as still working here. */
  today: string;
  status?: ProgressStatus;
}

function progressSql(query: ProgressQuery): SQL {
  const inScope = personInScopeCondition(query.scope, {
    personId: sql`p.id`,
    organisationPath: sql`o.path`,
    sector: sql`o.sector`,
  });
  return sql`
    with attempt_totals as (
      select a.person_id,
        count(*)::int as attempts,
        coalesce(sum(a.total_seconds), 0)::int as total_seconds,
        max(a.last_saved_at) as last_saved_at,
        (array_agg(a.score_raw::text order by a.attempt_number desc)
          filter (where a.score_raw is not null or a.score_scaled is not null))[1] as score_raw,
        (array_agg(a.score_scaled::text order by a.attempt_number desc)
          filter (where a.score_raw is not null or a.score_scaled is not null))[1] as score_scaled
      from elearning_attempts a
      where a.course_id = ${query.courseId}
      group by a.person_id
    ),
    done as (
      select c.person_id, max(c.completed_on) as completed_on, max(c.recorded_at) as recorded_at
      from completions c
      where c.course_id = ${query.courseId} and c.revoked_at is null
      group by c.person_id
    ),
    rows as (
      select p.id as person_id,
        p.given_name || ' ' || p.family_name as name,
        p.family_name, p.given_name,
        p.email,
        o.name as organisation_name,
        case when d.person_id is not null then 'completed'
             when t.person_id is not null then 'in_progress'
             else 'not_started' end as status,
        coalesce(t.attempts, 0) as attempts,
        t.score_raw, t.score_scaled,
        coalesce(t.total_seconds, 0) as total_seconds,
        to_char(coalesce(t.last_saved_at, d.recorded_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          as last_activity_at,
        d.completed_on::text as completed_on
      from people p
      join organisations o on o.id = p.organisation_id
      left join attempt_totals t on t.person_id = p.id
      left join done d on d.person_id = p.id
      where ${inScope}
        and ((p.leaving_date is null or p.leaving_date >= ${query.today}::date)
          or t.person_id is not null or d.person_id is not null)
    )`;
}

function mapRow(row: Record<string, unknown>): ProgressRow {
  return {
    personId: Number(row.person_id),
    name: String(row.name),
    email: (row.email as string | null) ?? null,
    organisationName: String(row.organisation_name),
    status: row.status as ProgressStatus,
    attempts: Number(row.attempts),
    scoreRaw: (row.score_raw as string | null) ?? null,
    scoreScaled: (row.score_scaled as string | null) ?? null,
    totalSeconds: Number(row.total_seconds),
    lastActivityAt: row.last_activity_at ? new Date(String(row.last_activity_at)) : null,
    completedOn: (row.completed_on as string | null) ?? null,
  };
}

const STATUS_ORDER = sql`case status when 'in_progress' then 0 when 'not_started' then 1 else 2 end`;

/** One page of the course's progress, in progress first, then not started, then completed; by name. */
export async function courseProgress(
  db: Database,
  query: ProgressQuery & { page?: number; pageSize?: number },
): Promise<{ rows: ProgressRow[]; total: number; counts: Record<ProgressStatus, number>; page: number }> {
  const pageSize = query.pageSize ?? 50;
  const filter = query.status ? sql`where status = ${query.status}` : sql``;
  const counted = await queryOne<{ not_started: number; in_progress: number; completed: number }>(
    db,
    sql`${progressSql(query)}
      select count(*) filter (where status = 'not_started')::int as not_started,
             count(*) filter (where status = 'in_progress')::int as in_progress,
             count(*) filter (where status = 'completed')::int as completed
      from rows`,
  );
  const counts = {
    not_started: counted?.not_started ?? 0,
    in_progress: counted?.in_progress ?? 0,
    completed: counted?.completed ?? 0,
  };
  const total = query.status ? counts[query.status] : counts.not_started + counts.in_progress + counts.completed;
  // A page past the end is the last page.
  const page = pageShown(query.page ?? 1, total, pageSize);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`${progressSql(query)}
      select * from rows ${filter}
      order by ${STATUS_ORDER}, lower(family_name), lower(given_name), person_id
      limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  return { rows: rows.map(mapRow), total, counts, page };
}

/**
 * Every row of the course's progress (the CSV), in the page's order, a batch at a time
 * (readInBatches: a cursor over one snapshot on PostgreSQL; on PGlite pages by offset, the order
 * having no simple keyset, growing so a council's 50,000 people are a few statements).
 */
export function courseProgressPages(
  db: Database,
  query: ProgressQuery,
  pageSize = 2000,
): AsyncGenerator<ProgressRow[]> {
  const filter = query.status ? sql`where status = ${query.status}` : sql``;
  return readInBatches<Record<string, unknown>, ProgressRow>(
    db,
    (page) => sql`${progressSql(query)}
      select * from rows ${filter}
      order by ${STATUS_ORDER}, lower(family_name), lower(given_name), person_id
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
    { batchSize: pageSize, growTo: 16 * pageSize, expand: async (_db, rows) => rows.map(mapRow) },
  );
}
