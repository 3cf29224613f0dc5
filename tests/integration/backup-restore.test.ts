import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, queryOne } from "../../app/db/database";
import { type OpenDatabase, openDatabase } from "../../app/db/open.server";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { coverageFigures } from "../../app/domain/kept-coverage/kept-rows";
import { backupEmbedded, restoreEmbedded } from "../../scripts/embedded-backup";
import { type ServedApp, letLoopbackThrough, serveApp } from "../support/served-app";

/**
 * Issue 24: `npm run backup` copies the embedded database while the app runs (its operations port),
 * `npm run restore` puts it back; the demo council comes back with the same people, completions
 * and figures.
 */
const TODAY = "2026-11-25";
let dataDir: string;
let opened: OpenDatabase;
let served: ServedApp;

/** What must come back: every person, every completion and every kept figure, row for row. */
async function snapshot(db: Database) {
  const digest = async (table: string, order: string) =>
    (await queryOne<{ n: number; digest: string }>(
      db,
      sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) as digest
               from ${table} t`),
    ))!;
  return {
    people: await digest("people", "id"),
    completions: await digest("completions", "id"),
    figures: await digest("coverage_figures", "t::text"),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "ptt-backup-"));
  opened = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
  await seedDemo(opened.db, { today: TODAY });
  await coverageFigures(opened.db, [TODAY]);
  served = await serveApp({ database: opened, operationsToken: "a-token-of-at-least-thirty-two-characters" });
});
afterAll(async () => {
  await served?.close();
  await opened?.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => letLoopbackThrough());

describe("the embedded database's backup", () => {
  it("is taken by the running app, and restored after a wipe with the same people, completions and figures", async () => {
    const before = await snapshot(opened.db);
    expect(before.people.n).toBeGreaterThan(100);
    expect(before.completions.n).toBeGreaterThan(100);
    expect(before.figures.n).toBeGreaterThan(0);

    const token = "a-token-of-at-least-thirty-two-characters";
    await expect(backupEmbedded({ dataDir, operationsUrl: served.operationsUrl })).rejects.toThrow(/401/);
    const { bytes, from } = await backupEmbedded({ dataDir, operationsUrl: served.operationsUrl, token });
    expect(from).toBe("the running app");
    // A write after the copy is not in it.
    await opened.db.execute(sql`delete from completions where id = (select min(id) from completions)`);

    // While the app runs (DATA_DIR/server.json names a live process), restore refuses.
    writeFileSync(path.join(dataDir, "server.json"), JSON.stringify({ pid: process.pid, host: "127.0.0.1", port: 1 }));
    await expect(restoreEmbedded({ dataDir, bytes })).rejects.toThrow(/running/);
    rmSync(path.join(dataDir, "server.json"));

    await opened.close();
    rmSync(path.join(dataDir, "pglite"), { recursive: true });
    const { keptAs } = await restoreEmbedded({ dataDir, bytes });
    expect(keptAs).toBeUndefined();

    opened = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
    expect(await snapshot(opened.db)).toEqual(before);
  });
});
