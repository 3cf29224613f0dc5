import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import { type KeysetCursor, keysetIds } from "../../db/keyset";
import type { NotificationStatus } from "../../lib/values";
import { messageText } from "./message-text";
import type { NotificationKind } from "./notify";

export interface OutboxMessage {
  id: number;
  kind: NotificationKind;
  to: string | null;
  createdAt: string;
  status: NotificationStatus;
  attempts: number;
  /** When it was sent (GOV.UK Notify took it). */
  sentAt: string | null;
  /** When a message waiting after a failed attempt is tried again. */
  nextAttemptAt: string;
  /** Why it failed or was skipped, or the last error before a retry. */
  lastError: string | null;
  subject: string;
  body: string;
  /** The one-time link a message carries (invitations, password resets, sign-in links), if any. */
  link: string | null;
}

export interface OutboxQuery {
  status?: NotificationStatus;
  kind?: string;
  cursor?: KeysetCursor;
  pageSize?: number;
  /**
   * Whether one-time links may be shown: only where the demo council runs. Elsewhere a link is the
   * key to its recipient's account, and is cut from the message's words too.
   */
  showLinks: boolean;
}

/**
 * Every message in the outbox, newest first, filtered by status and kind, a page at a time by id
 * (app/db/keyset.ts, as the audit log: no count, no OFFSET) (the coordinator's outbox).
 */
export async function listOutbox(
  db: Database,
  query: OutboxQuery,
): Promise<{ rows: OutboxMessage[]; older: number | null; newer: number | null; kinds: string[] }> {
  const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 200);
  const conditions: SQL[] = [sql`true`];
  if (query.status) conditions.push(sql`status = ${query.status}`);
  if (query.kind) conditions.push(sql`kind = ${query.kind}`);
  const page = await keysetIds(db, {
    from: sql`notifications`,
    id: sql`id`,
    where: sql.join(conditions, sql` and `),
    cursor: query.cursor ?? null,
    pageSize,
  });
  const [rows, kinds] = await Promise.all([
    queryRows<{
      id: number;
      kind: NotificationKind;
      recipient_email: string | null;
      created_at: string;
      status: NotificationStatus;
      attempts: number;
      sent_at: string | null;
      next_attempt_at: string;
      last_error: string | null;
      details: Record<string, unknown> | string;
    }>(
      db,
      sql`select id::int as id, kind, recipient_email, created_at::text, status::text as status, attempts,
                 sent_at::text, next_attempt_at::text, last_error, details
          from notifications where id = any(${sqlIntArray(page.ids)})
          order by id desc`,
    ),
    queryRows<{ kind: string }>(db, sql`select distinct kind from notifications order by kind`),
  ]);
  return {
    rows: rows.map((r) => {
      const details = typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details;
      const link = typeof details.link === "string" && details.link !== "" ? details.link : null;
      const words = messageText(r.kind, details);
      const hide = (text: string) => (link && !query.showLinks ? text.split(link).join("[link hidden]") : text);
      return {
        id: r.id,
        kind: r.kind,
        to: r.recipient_email,
        createdAt: r.created_at,
        status: r.status,
        attempts: r.attempts,
        sentAt: r.sent_at,
        nextAttemptAt: r.next_attempt_at,
        lastError: r.last_error,
        subject: hide(words.subject),
        body: hide(words.body),
        link: query.showLinks ? link : null,
      };
    }),
    older: page.older,
    newer: page.newer,
    kinds: kinds.map((k) => k.kind),
  };
}
