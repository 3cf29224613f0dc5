/**
 * Backups of the embedded database (PGlite in DATA_DIR/pglite), for `npm run backup` and
 * `npm run restore` (decision 019). PGlite allows one process: while the app runs, its operations
 * port makes the copy (GET /backup, between transactions); when it does not, the folder is opened
 * here. A copy is PGlite's data folder as a gzipped tar (dumpDataDir), restored with loadDataDir.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { openDatabase } from "../app/db/open.server";

/** What server/index.mjs writes in DATA_DIR while it runs on the embedded database. */
export interface RunningServer {
  pid: number;
  host: string;
  port: number;
}

export function runningServer(dataDir: string): RunningServer | null {
  const file = path.join(dataDir, "server.json");
  if (!existsSync(file)) return null;
  const running = JSON.parse(readFileSync(file, "utf8")) as RunningServer;
  try {
    process.kill(running.pid, 0);
    return running;
  } catch {
    return null; // left behind by a server that was killed
  }
}

/** A consistent copy of the embedded database: from the running app when there is one. */
export async function backupEmbedded(options: {
  dataDir: string;
  /** The running app's operations port; found in DATA_DIR/server.json when not given. */
  operationsUrl?: string;
  token?: string;
}): Promise<{ bytes: Uint8Array; from: "the running app" | "the folder" }> {
  const running = runningServer(options.dataDir);
  const url = options.operationsUrl ?? (running ? `http://${running.host}:${running.port}` : undefined);
  if (url) {
    const response = await fetch(`${url}/backup`, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
    if (!response.ok)
      throw new Error(`The running app refused the backup: ${response.status} ${await response.text()}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), from: "the running app" };
  }
  const folder = path.join(options.dataDir, "pglite");
  if (!existsSync(path.join(folder, "PG_VERSION"))) throw new Error(`No embedded database in ${folder}`);
  const opened = await openDatabase({ dataDir: folder, migrate: false });
  try {
    return { bytes: new Uint8Array(await (await opened.dumpDataDir!()).arrayBuffer()), from: "the folder" };
  } finally {
    await opened.close();
  }
}

/**
 * Puts a copy back as DATA_DIR/pglite. Refuses while the app runs (PGlite allows one process);
 * the database it replaces is kept beside it, renamed, until the operator removes it.
 */
export async function restoreEmbedded(options: { dataDir: string; bytes: Uint8Array }): Promise<{ keptAs?: string }> {
  if (runningServer(options.dataDir)) {
    throw new Error("The app is running on this database: stop it first, then restore");
  }
  const folder = path.join(options.dataDir, "pglite");
  let keptAs: string | undefined;
  if (existsSync(folder)) {
    keptAs = `${folder}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    renameSync(folder, keptAs);
  }
  mkdirSync(folder, { recursive: true });
  const client = await PGlite.create(folder, {
    loadDataDir: new Blob([new Uint8Array(options.bytes)]),
    extensions: { pg_trgm },
  });
  await client.query("select 1");
  await client.close();
  return { keptAs };
}
