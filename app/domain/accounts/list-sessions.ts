import { and, desc, eq, gt } from "drizzle-orm";
import type { Database } from "../../db/database";
import { authSessions } from "../../db/schema";

export interface ActiveSession {
  /** The stored id: the SHA-256 of the cookie's token, never the token, so it signs nobody in. */
  id: string;
  createdAt: Date;
  expiresAt: Date;
}

/** An account's sessions that have not expired, newest first. */
export async function listActiveSessions(db: Database, accountId: string, now = new Date()): Promise<ActiveSession[]> {
  return db
    .select({ id: authSessions.id, createdAt: authSessions.createdAt, expiresAt: authSessions.expiresAt })
    .from(authSessions)
    .where(and(eq(authSessions.userId, accountId), gt(authSessions.expiresAt, now)))
    .orderBy(desc(authSessions.createdAt), authSessions.id);
}
