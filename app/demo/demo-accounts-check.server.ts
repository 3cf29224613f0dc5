import { and, isNull, sql } from "drizzle-orm";
import { verifyPassword } from "../auth/password.server";
import { type Database, sqlTextArray } from "../db/database";
import { accounts } from "../db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./accounts";

/** The demo seed's accounts that are enabled and still open with the published demo password. */
export async function demoAccountsWithDemoPassword(db: Database): Promise<string[]> {
  const emails = DEMO_ACCOUNTS.map((a) => a.email.toLowerCase());
  const rows = await db
    .select({ email: accounts.email, passwordHash: accounts.passwordHash })
    .from(accounts)
    .where(and(sql`lower(${accounts.email}) = any(${sqlTextArray(emails)})`, isNull(accounts.disabledAt)));
  const open: string[] = [];
  for (const row of rows) {
    if (await verifyPassword(row.passwordHash, DEMO_PASSWORD)) open.push(row.email);
  }
  return open.sort();
}

/** Why a production server will not start on this database, and what to do about it. */
export function demoAccountsMessage(emails: readonly string[]): string {
  return (
    `Refusing to start in production: the demo accounts (${emails.join(", ")}) can still be signed in to ` +
    `with the published demo password, so this database holds the demo council. ` +
    `Start on the council's own, empty database (set DATABASE_URL, or DATA_DIR for the embedded one), ` +
    `or disable those accounts (set accounts.disabled_at) first. ` +
    `To run the demo council in production mode on purpose, set SEED_DEMO=true.`
  );
}
