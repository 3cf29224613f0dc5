/**
 * `npm run backup [-- <file>]`: a consistent copy of the embedded database (DATA_DIR/pglite), taken
 * by the running app when it runs (its operations port; OPERATIONS_TOKEN when it has one), or from
 * the folder when it does not. On PostgreSQL (DATABASE_URL) use pg_dump or the platform's recovery:
 * the README's production section says how.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../app/env.server";
import { backupEmbedded } from "./embedded-backup";

async function main(): Promise<number> {
  const { DATABASE_URL, DATA_DIR } = env();
  if (DATABASE_URL) {
    console.error("DATABASE_URL is set: back up PostgreSQL with pg_dump or your platform's recovery (README).");
    return 1;
  }
  const file = process.argv[2] ?? `ptt-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`;
  const { bytes, from } = await backupEmbedded({ dataDir: DATA_DIR, token: process.env.OPERATIONS_TOKEN || undefined });
  writeFileSync(file, bytes);
  console.log(`Backed up ${path.join(DATA_DIR, "pglite")} (from ${from}) to ${file}: ${bytes.byteLength} bytes.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
