import type { Database } from "../../app/db/database";

/** Runs fn and counts the SQL statements it sends through this database handle. */
export async function countStatements<T>(db: Database, fn: () => Promise<T>): Promise<{ result: T; count: number }> {
  let count = 0;
  const original = db.execute.bind(db);
  (db as { execute: typeof db.execute }).execute = ((query: Parameters<typeof db.execute>[0]) => {
    count++;
    return original(query);
  }) as typeof db.execute;
  try {
    return { result: await fn(), count };
  } finally {
    (db as { execute: typeof db.execute }).execute = original;
  }
}
