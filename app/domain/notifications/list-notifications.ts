import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import { pageShown } from "../../lib/pagination";
import type { NotificationStatus } from "../../lib/values";
import { type MessageText, messageText } from "./message-text";
import type { NotificationKind } from "./notify";

export interface StoredMessage extends MessageText {
  id: number;
  kind: NotificationKind;
  createdAt: string;
  status: NotificationStatus;
  details: Record<string, unknown>;
}

/** The messages owed to one person, newest first, a page at a time, each with its words. */
export async function listNotificationsForPerson(
  db: Database,
  personId: number,
  options: { page?: number; pageSize?: number } = {},
): Promise<{ rows: StoredMessage[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 20, 1), 100);
  const count = await queryOne<{ total: number }>(
    db,
    sql`select count(*)::int as total from notifications where recipient_person_id = ${personId}`,
  );
  // A page past the end is the last page.
  const page = pageShown(options.page ?? 1, count?.total ?? 0, pageSize);
  const rows = await queryRows<{
    id: number;
    kind: NotificationKind;
    created_at: string;
    status: NotificationStatus;
    details: Record<string, unknown>;
  }>(
    db,
    sql`select id::int as id, kind, created_at::text, status, details
        from notifications where recipient_person_id = ${personId}
        order by created_at desc, id desc
        limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  return {
    rows: rows.map((r) => {
      const details = typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details;
      return {
        id: r.id,
        kind: r.kind,
        createdAt: r.created_at,
        status: r.status,
        details,
        ...messageText(r.kind, details),
      };
    }),
    total: count?.total ?? 0,
    page,
    pageSize,
  };
}
