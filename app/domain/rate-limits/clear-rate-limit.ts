import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { rateLimitBuckets } from "../../db/schema";

/** Forgets the hits counted against `key`, as if its window had just ended. */
export async function clearRateLimit(db: Database, key: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
}
