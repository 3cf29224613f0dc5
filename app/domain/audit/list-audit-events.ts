import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlTextArray } from "../../db/database";
import { READ_ACTIONS } from "./reads";

export interface AuditFilter {
  /** "course" matches course.create, course.update…; "course.retire" only that. */
  actionPrefix?: string;
  entityType?: string;
  entityId?: string;
  /** "reads": views and downloads of personal data (decision 010); "changes": everything else. */
  kind?: "reads" | "changes";
  /** Only events about a person who works, now, in an organisation of this sector ("school": the education officer's view). */
  subjectSector?: "school";
  page?: number;
  pageSize?: number;
}

export interface AuditListItem {
  id: number;
  occurredAt: string;
  actorAccountId: string | null;
  /** The account's display name; null for the system. */
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  subjectPersonId: number | null;
  subjectName: string | null;
  /** The record before and after, as indented JSON; null when there was none. */
  before: string | null;
  after: string | null;
}

/** The audit log, newest first, filtered and a page at a time. */
export async function listAuditEvents(
  db: Database,
  filter: AuditFilter = {},
): Promise<{ rows: AuditListItem[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const conditions: SQL[] = [sql`true`];
  const prefix = filter.actionPrefix?.trim();
  if (prefix) {
    const escaped = prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    conditions.push(sql`e.action like ${`${escaped}%`}`);
  }
  if (filter.entityType?.trim()) conditions.push(sql`e.entity_type = ${filter.entityType.trim()}`);
  if (filter.entityId?.trim()) conditions.push(sql`e.entity_id = ${filter.entityId.trim()}`);
  if (filter.kind === "reads") conditions.push(sql`e.action = any(${sqlTextArray(READ_ACTIONS)})`);
  if (filter.kind === "changes") conditions.push(sql`e.action <> all(${sqlTextArray(READ_ACTIONS)})`);
  if (filter.subjectSector) {
    conditions.push(sql`exists (select 1 from people sp join organisations so on so.id = sp.organisation_id
      where sp.id = e.subject_person_id and so.sector = ${filter.subjectSector})`);
  }
  const where = sql.join(conditions, sql` and `);
  const count = await queryOne<{ total: number }>(
    db,
    sql`select count(*)::int as total from audit_events e where ${where}`,
  );
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
    before: string | null;
    after: string | null;
  }>(
    db,
    sql`select e.id::int as id, e.occurred_at::text, e.actor_account_id, a.display_name as actor_name,
          e.action, e.entity_type, e.entity_id, e.subject_person_id,
          p.given_name || ' ' || p.family_name as subject_name,
          jsonb_pretty(e.before) as before, jsonb_pretty(e.after) as after
        from audit_events e
        left join accounts a on a.id = e.actor_account_id
        left join people p on p.id = e.subject_person_id
        where ${where}
        order by e.occurred_at desc, e.id desc
        limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  return {
    rows: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorAccountId: r.actor_account_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subjectPersonId: r.subject_person_id,
      subjectName: r.subject_name,
      before: r.before,
      after: r.after,
    })),
    total: count?.total ?? 0,
    page,
    pageSize,
  };
}

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
