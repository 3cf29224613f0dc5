import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import type { Database } from "../db/database";
import { accounts, authSessions } from "../db/schema";
import { env } from "../env.server";

const instances = new WeakMap<Database, Lucia>();

/** A session cookie is Secure unless the service itself is served over plain http (local runs). */
function secureCookies(): boolean {
  const { NODE_ENV, PUBLIC_URL } = env();
  return NODE_ENV === "production" && PUBLIC_URL.startsWith("https://");
}

/** lucia over our accounts and auth_sessions tables. Sessions last 12 hours and are extended on use. */
export function luciaFor(db: Database): Lucia {
  let lucia = instances.get(db);
  if (!lucia) {
    lucia = new Lucia(new DrizzlePostgreSQLAdapter(db, authSessions, accounts), {
      sessionExpiresIn: new TimeSpan(12, "h"),
      sessionCookie: {
        name: "ptt_session",
        attributes: { secure: secureCookies(), sameSite: "lax" },
      },
    });
    instances.set(db, lucia);
  }
  return lucia;
}
