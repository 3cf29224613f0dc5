/**
 * `npm run check:coverage`: compares every kept coverage row with what the records give now
 * (app/domain/coverage/check-kept-coverage.ts), records the result (the dashboard's "figures last
 * checked" line), prints a summary and exits 1 when anything differs. Opens the database the app
 * uses: DATABASE_URL, or the embedded one in DATA_DIR (stop the app first: PGlite allows one
 * process at a time).
 */
import path from "node:path";
import { checkKeptCoverage, keptCoverageCheckSummary } from "../app/domain/kept-coverage/check-kept-coverage";
import { openDatabase } from "../app/db/open.server";
import { env } from "../app/env.server";
import { todayInLondon } from "../app/lib/dates";

async function main(): Promise<number> {
  const { DATABASE_URL, DATA_DIR } = env();
  const opened = await openDatabase({ url: DATABASE_URL, dataDir: path.join(DATA_DIR, "pglite"), maxConnections: 2 });
  try {
    const started = performance.now();
    const check = await checkKeptCoverage(opened.db, { today: todayInLondon() });
    for (const line of keptCoverageCheckSummary(check)) console.log(line);
    console.log(`Checked on ${opened.engine} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return check.differences === 0 ? 0 : 1;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
