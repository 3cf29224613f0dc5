import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { messageText } from "./message-text";
import type { NotificationKind } from "./notify";

export interface OutboxMessage {
  id: number;
  kind: NotificationKind;
  to: string | null;
  createdAt: string;
  subject: string;
  body: string;
  /** The one-time link a message carries (invitations, password resets, sign-in links), if any. */
  link: string | null;
}

/** The latest messages still waiting to be sent, to anyone, newest first (the demo council's outbox). */
export async function listOutbox(db: Database, options: { limit?: number } = {}): Promise<OutboxMessage[]> {
  const rows = await queryRows<{
    id: number;
    kind: NotificationKind;
    recipient_email: string | null;
    created_at: string;
    details: Record<string, unknown>;
  }>(
    db,
    sql`select id::int as id, kind, recipient_email, created_at::text, details
        from notifications where status = 'pending'
        order by created_at desc, id desc limit ${Math.min(Math.max(options.limit ?? 50, 1), 200)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.recipient_email,
    createdAt: r.created_at,
    ...messageText(r.kind, r.details),
    link: typeof r.details.link === "string" ? r.details.link : null,
  }));
}
