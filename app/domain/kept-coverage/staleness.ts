import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

/** How far the kept coverage state is behind the records, for the operators' metrics (issue 24). */
export interface KeptCoverageStaleness {
  /** People marked stale one by one, waiting for a reader to bring their rows up to date. */
  peopleWaiting: number;
  /** Whether a change to a requirement, the organisation tree or a sector has marked everyone stale. */
  everyoneWaiting: boolean;
}

/** One count over the marks (stale-marks.ts says what the ids mean): cheap enough for every scrape. */
export async function keptCoverageStaleness(db: Database): Promise<KeptCoverageStaleness> {
  const row = await queryOne<{ people: number; everyone: boolean }>(
    db,
    sql`select count(*) filter (where person_id > 0)::int as people,
               coalesce(bool_or(person_id <= 0), false) as everyone
        from stale_person_requirements`,
  );
  return { peopleWaiting: row?.people ?? 0, everyoneWaiting: row?.everyone ?? false };
}
