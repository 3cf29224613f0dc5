/**
 * `npm run restore -- <file> [--yes]`: puts a copy made by `npm run backup` back as the embedded
 * database (DATA_DIR/pglite). Refuses while the app runs; asks before replacing the database
 * unless --yes; keeps the database it replaces beside it. On PostgreSQL use pg_restore (README).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { env } from "../app/env.server";
import { restoreEmbedded, runningServer } from "./embedded-backup";

async function main(): Promise<number> {
  const { DATABASE_URL, DATA_DIR } = env();
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith("--"));
  if (DATABASE_URL) {
    console.error("DATABASE_URL is set: restore PostgreSQL with pg_restore or your platform's recovery (README).");
    return 1;
  }
  if (!file) {
    console.error("Usage: npm run restore -- <backup file> [--yes]");
    return 1;
  }
  if (runningServer(DATA_DIR)) {
    console.error("The app is running on this database: stop it first, then restore.");
    return 1;
  }
  const target = path.join(DATA_DIR, "pglite");
  if (!args.includes("--yes")) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`This replaces the database in ${target} with ${file}. Type yes to go on: `);
    prompt.close();
    if (answer.trim().toLowerCase() !== "yes") {
      console.log("Nothing was changed.");
      return 1;
    }
  }
  const { keptAs } = await restoreEmbedded({ dataDir: DATA_DIR, bytes: new Uint8Array(readFileSync(file)) });
  console.log(`Restored ${file} to ${target}.${keptAs ? ` The database it replaced is kept in ${keptAs}.` : ""}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
