import { Lucia, TimeSpan } from "lucia";
import type { Database } from "../db/database";
import { env } from "../env.server";
import { HashedSessionAdapter } from "./hashed-session-adapter.server";
import { SessionAccountAdapter } from "./session-account-adapter.server";

/** A session ends after this long without use (lucia extends it once half has passed)… */
export const SESSION_IDLE_HOURS = 4;
/** …and this long after sign-in, however busy (decision 007). */
export const SESSION_ABSOLUTE_HOURS = 12;

const instances = new WeakMap<Database, Lucia>();

/** A session cookie is Secure unless the service itself is served over plain http (local runs). */
function secureCookies(): boolean {
  const { NODE_ENV, PUBLIC_URL } = env();
  return NODE_ENV === "production" && PUBLIC_URL.startsWith("https://");
}

/** lucia over our accounts and auth_sessions tables, with session ids stored hashed. */
export function luciaFor(db: Database): Lucia {
  let lucia = instances.get(db);
  if (!lucia) {
    const adapter = new HashedSessionAdapter(new SessionAccountAdapter(db), SESSION_ABSOLUTE_HOURS * 60 * 60 * 1000);
    lucia = new Lucia(adapter, {
      sessionExpiresIn: new TimeSpan(SESSION_IDLE_HOURS, "h"),
      sessionCookie: {
        name: "ptt_session",
        attributes: { secure: secureCookies(), sameSite: "lax" },
      },
      // The account and its grants, read with the session (SessionAccountAdapter): session.server's user.
      getUserAttributes: (attributes) => ({ account: (attributes as { account?: unknown }).account }),
    });
    instances.set(db, lucia);
  }
  return lucia;
}
