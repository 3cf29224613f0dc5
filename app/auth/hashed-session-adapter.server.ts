import { createHash } from "node:crypto";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";

/** The database id of a session: SHA-256 of the cookie's token, so a leaked table signs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Wraps lucia's drizzle adapter so that session ids are hashed at the database boundary, and
 * sessions older than `maxAgeMs` (whatever their sliding expiry) are deleted and reported absent.
 *
 * lucia passes the cookie's token into every method and then hands `session.id` from
 * getSessionAndUser back to deleteSession, updateSessionExpiration and createSessionCookie; so
 * getSessionAndUser returns the token as the id, and each method hashes exactly once.
 */
export class HashedSessionAdapter implements Adapter {
  constructor(
    private readonly inner: Adapter,
    private readonly maxAgeMs: number,
  ) {}

  async getSessionAndUser(token: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [session, user] = await this.inner.getSessionAndUser(hashSessionToken(token));
    if (!session) return [null, null];
    const createdAt = (session.attributes as { createdAt?: unknown }).createdAt;
    if (!(createdAt instanceof Date) || Date.now() - createdAt.getTime() >= this.maxAgeMs) {
      await this.inner.deleteSession(session.id);
      return [null, null];
    }
    return [{ ...session, id: token }, user];
  }

  /** Stored ids are hashes that lucia could not use as tokens; nothing here lists sessions. */
  async getUserSessions(): Promise<DatabaseSession[]> {
    throw new Error("Session ids are stored hashed: they cannot be listed as tokens");
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.inner.setSession({
      ...session,
      id: hashSessionToken(session.id),
      // The same clock as lucia's expiresAt, which the absolute lifetime is compared with.
      attributes: { ...session.attributes, createdAt: new Date() } as DatabaseSession["attributes"],
    });
  }

  async updateSessionExpiration(token: string, expiresAt: Date): Promise<void> {
    await this.inner.updateSessionExpiration(hashSessionToken(token), expiresAt);
  }

  async deleteSession(token: string): Promise<void> {
    await this.inner.deleteSession(hashSessionToken(token));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.inner.deleteUserSessions(userId);
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.inner.deleteExpiredSessions();
  }
}
