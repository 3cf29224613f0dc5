import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlTextArray } from "../../db/database";
import { type KeysetCursor, keysetIds } from "../../db/keyset";
import { addDaysToDate, formatDate } from "../../lib/dates";
import { READ_ACTIONS } from "./reads";
import { auditActionWords } from "./values";

export interface AuditFilter {
  /** One action, exactly (the filter's list, in words): served by the (action, id) index. */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Events about one person (their record read or changed). */
  subjectPersonId?: number;
  /** Events by one account. */
  actorAccountId?: string;
  /** Events on or after this day, and on or before this one (London days). */
  from?: string;
  to?: string;
  /** "reads": views and downloads of personal data (decision 010); "changes": everything else. */
  kind?: "reads" | "changes";
  /** Only events about a person who works, now, in an organisation of this sector ("school": the education officer's view). */
  subjectSector?: "school";
  cursor?: KeysetCursor;
  pageSize?: number;
}

export interface AuditListItem {
  id: number;
  occurredAt: string;
  actorAccountId: string | null;
  /** The account's display name; null for the system. */
  actorName: string | null;
  action: string;
  /** What happened, in words ("Froze the figures for 2026-Q2"). */
  words: string;
  entityType: string;
  entityId: string;
  subjectPersonId: number | null;
  subjectName: string | null;
  /** The record before and after, as indented JSON; null when there was none. */
  before: string | null;
  after: string | null;
}

/**
 * The first event id on or after a London day's start, through the occurred_at index, so that a
 * date filter is a range of ids like every other (null: no event then or since). Events are
 * numbered as they are written, so ids and times run together.
 */
async function firstIdFrom(db: Database, day: string): Promise<number | null> {
  const row = await queryOne<{ id: number }>(
    db,
    sql`select e.id::float8 as id from audit_events e
        where e.occurred_at >= (${day}::date::timestamp at time zone 'Europe/London')
        order by e.occurred_at, e.id limit 1`,
  );
  return row ? Number(row.id) : null;
}

/**
 * The audit log, newest first, filtered, a page at a time by id (keyset: any page costs what the
 * first does, and nothing counts the whole log). Each filter is served by an index ending in the
 * id: (action, id), (actor_account_id, id), (subject_person_id, id), the primary key for dates.
 */
export async function listAuditEvents(
  db: Database,
  filter: AuditFilter = {},
): Promise<{ rows: AuditListItem[]; older: number | null; newer: number | null }> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const conditions: SQL[] = [sql`true`];
  if (filter.action) conditions.push(sql`e.action = ${filter.action}`);
  if (filter.entityType?.trim()) conditions.push(sql`e.entity_type = ${filter.entityType.trim()}`);
  if (filter.entityId?.trim()) conditions.push(sql`e.entity_id = ${filter.entityId.trim()}`);
  if (filter.subjectPersonId !== undefined) conditions.push(sql`e.subject_person_id = ${filter.subjectPersonId}`);
  if (filter.actorAccountId) conditions.push(sql`e.actor_account_id = ${filter.actorAccountId}`);
  if (filter.kind === "reads") conditions.push(sql`e.action = any(${sqlTextArray(READ_ACTIONS)})`);
  if (filter.kind === "changes") conditions.push(sql`e.action <> all(${sqlTextArray(READ_ACTIONS)})`);
  if (filter.from) {
    const first = await firstIdFrom(db, filter.from);
    if (first === null) return { rows: [], older: null, newer: null };
    conditions.push(sql`e.id >= ${first}`);
  }
  if (filter.to) {
    const after = await firstIdFrom(db, addDaysToDate(filter.to, 1));
    if (after !== null) conditions.push(sql`e.id < ${after}`);
  }
  if (filter.subjectSector) {
    conditions.push(sql`exists (select 1 from people sp join organisations so on so.id = sp.organisation_id
      where sp.id = e.subject_person_id and so.sector = ${filter.subjectSector})`);
  }
  const page = await keysetIds(db, {
    from: sql`audit_events e`,
    id: sql`e.id`,
    where: sql.join(conditions, sql` and `),
    cursor: filter.cursor ?? null,
    pageSize,
  });
  if (page.ids.length === 0) return { rows: [], older: page.older, newer: page.newer };
  const rows = await queryRows<{
    id: number;
    occurred_at: string;
    actor_account_id: string | null;
    actor_name: string | null;
    action: string;
    entity_type: string;
    entity_id: string;
    subject_person_id: number | null;
    subject_name: string | null;
    record_title: string | null;
    record_starts_at: string | null;
    before: string | null;
    after: string | null;
  }>(
    db,
    sql`select e.id::float8 as id, e.occurred_at::text, e.actor_account_id, a.display_name as actor_name,
          e.action, e.entity_type, e.entity_id, e.subject_person_id,
          p.given_name || ' ' || p.family_name as subject_name,
          r.title as record_title, r.starts_at::text as record_starts_at,
          jsonb_pretty(e.before) as before, jsonb_pretty(e.after) as after
        from audit_events e
        left join accounts a on a.id = e.actor_account_id
        left join people p on p.id = e.subject_person_id
        left join lateral (${recordInWords}) r on true
        where e.id = any(${`{${page.ids.join(",")}}`}::bigint[])
        order by e.id desc`,
  );
  return {
    rows: rows.map((r) => {
      const record =
        r.record_title === null
          ? r.subject_name
          : r.record_starts_at === null
            ? r.record_title
            : `${r.record_title} on ${formatDate(r.record_starts_at)}`;
      return {
        id: Number(r.id),
        occurredAt: r.occurred_at,
        actorAccountId: r.actor_account_id,
        actorName: r.actor_name,
        action: r.action,
        words: auditActionWords(r.action, record),
        entityType: r.entity_type,
        entityId: r.entity_id,
        subjectPersonId: r.subject_person_id,
        subjectName: r.subject_name,
        before: r.before,
        after: r.after,
      };
    }),
    older: page.older,
    newer: page.newer,
  };
}

/**
 * The record an event is about, in words, where one look-up finds it (a page's 50 events, each
 * by primary key): a course's title (and a session's start), a requirement's or organisation's
 * name, an account's name, a KPI's name, a frozen quarter. Otherwise null, and the person's name.
 */
const recordInWords = sql`
  select case e.entity_type
      when 'course' then (select c.title from courses c where c.id = e.entity_id::int)
      when 'session' then (select c.title from course_sessions s join courses c on c.id = s.course_id where s.id = e.entity_id::int)
      when 'booking' then (select c.title from bookings b join course_sessions s on s.id = b.session_id
                           join courses c on c.id = s.course_id where b.id = e.entity_id::int)
      when 'completion' then (select c.title from completions k join courses c on c.id = k.course_id where k.id = e.entity_id::int)
      when 'requirement' then (select q.name from requirements q where q.id = e.entity_id::int)
      when 'organisation' then (select o.name from organisations o where o.id = e.entity_id::int)
      when 'school_declaration' then (select o.name from school_declarations d join organisations o on o.id = d.organisation_id
                                      where d.id = e.entity_id::int)
      when 'account' then (select x.display_name from accounts x where x.id = e.entity_id)
      when 'kpi_definition' then (select k.name from kpi_definitions k where k.key = e.entity_id)
      when 'kpi_snapshot' then e.after->>'quarter'
    end as title,
    case when e.action like 'booking.mark-%' or e.action = 'booking.walk-in' then
      (select s.starts_at from bookings b join course_sessions s on s.id = b.session_id where b.id = e.entity_id::int)
    when e.entity_type = 'session' then (select s.starts_at from course_sessions s where s.id = e.entity_id::int)
    end as starts_at
  where e.entity_id ~ '^[0-9]{1,9}$' or e.entity_type in ('account', 'kpi_definition', 'kpi_snapshot')`;

/** The kinds of record the log holds, for the filter (a skip scan of the entity index, cheap on a long log). */
export async function listAuditEntityTypes(db: Database): Promise<string[]> {
  const rows = await queryRows<{ entity_type: string }>(
    db,
    sql`with recursive kinds(entity_type) as (
          select min(entity_type) from audit_events
          union all
          select (select min(e.entity_type) from audit_events e where e.entity_type > kinds.entity_type)
          from kinds where kinds.entity_type is not null
        )
        select entity_type from kinds where entity_type is not null order by entity_type`,
  );
  return rows.map((r) => r.entity_type);
}

/** The names the audit log's person and account filters show ("about Sam Smith", "by Alex Coordinator"). */
export async function auditFilterNames(
  db: Database,
  filter: { subjectPersonId?: number; actorAccountId?: string },
): Promise<{ personName: string | null; actorName: string | null }> {
  const row = await queryOne<{ person_name: string | null; actor_name: string | null }>(
    db,
    sql`select (select given_name || ' ' || family_name from people where id = ${filter.subjectPersonId ?? null}::int) as person_name,
               (select display_name from accounts where id = ${filter.actorAccountId ?? null}::text) as actor_name`,
  );
  return { personName: row?.person_name ?? null, actorName: row?.actor_name ?? null };
}
