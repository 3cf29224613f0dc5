/**
 * What the demo council asks of a database at start-up: seeded when it is empty and SEED_DEMO
 * says so, and refused in production while the demo accounts still open with the published
 * password. Run by entry.server once the database is open; the seed itself is loaded only when
 * it is about to run.
 */
import type { Database } from "../db/database";
import { isEmpty } from "../db/open.server";
import type { Env } from "../env.server";
import { demoAccountsMessage, demoAccountsWithDemoPassword } from "./demo-accounts-check.server";

async function seedDemoCouncil(db: Database): Promise<void> {
  const { seedDemo } = await import("./seed-demo.server");
  await seedDemo(db);
}

/**
 * Seeds the demo council into an empty database when SEED_DEMO says so, and refuses a production
 * database whose demo accounts still open with the published password (unless SEED_DEMO=true).
 */
export async function prepareDatabase(
  db: Database,
  settings: Pick<Env, "NODE_ENV" | "SEED_DEMO" | "SEED_DEMO_REQUESTED">,
  seed: (db: Database) => Promise<unknown> = seedDemoCouncil,
): Promise<void> {
  if (settings.SEED_DEMO && (await isEmpty(db))) {
    console.log("Seeding the demo council…");
    await seed(db);
  }
  if (settings.NODE_ENV === "production" && !settings.SEED_DEMO_REQUESTED) {
    const open = await demoAccountsWithDemoPassword(db);
    if (open.length > 0) throw new Error(demoAccountsMessage(open));
  }
}
