import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  /** When the current window ends and the count starts again. */
  resetsAt: Date;
}

/**
 * Counts one hit against `key` in a fixed window and says whether it is within `limit`.
 * One upsert, so concurrent requests and several app instances count together.
 */
export async function hitRateLimit(
  db: Database,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const row = await queryOne<{ hits: number; window_started_at: string }>(
    db,
    sql`insert into rate_limit_buckets as b (key, window_started_at, hits)
        values (${key}, ${now.toISOString()}::timestamptz, 1)
        on conflict (key) do update set
          hits = case when b.window_started_at <= ${now.toISOString()}::timestamptz - make_interval(secs => ${windowSeconds})
                      then 1 else b.hits + 1 end,
          window_started_at = case when b.window_started_at <= ${now.toISOString()}::timestamptz - make_interval(secs => ${windowSeconds})
                      then ${now.toISOString()}::timestamptz else b.window_started_at end
        returning hits::int as hits, window_started_at::text as window_started_at`,
  );
  const started = new Date(row!.window_started_at);
  return {
    allowed: row!.hits <= limit,
    hits: row!.hits,
    resetsAt: new Date(started.getTime() + windowSeconds * 1000),
  };
}
