import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne } from "../../app/db/database";
import { openDatabase } from "../../app/db/open.server";

let dir: string;
let freshDatabaseFile: string;

/** The build's migrated empty database, made by the build's own script into a build folder of the test's. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fresh-database-"));
  execFileSync("node", ["scripts/fresh-database.mjs"], { env: { ...process.env, BUILD_DIR: dir }, stdio: "pipe" });
  freshDatabaseFile = path.join(dir, "fresh-database.tar.gz");
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function migrationsApplied(dataDir: string): Promise<number> {
  const opened = await openDatabase({ dataDir, freshDatabaseFile, migrate: false });
  try {
    return (await queryOne<{ n: number }>(opened.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))!
      .n;
  } finally {
    await opened.close();
  }
}

describe("the first start on an empty data folder", () => {
  it("unpacks the build's migrated database instead of creating one: every migration is there", async () => {
    expect(existsSync(freshDatabaseFile)).toBe(true);
    const migrations = (await readdir("drizzle")).filter((f) => f.endsWith(".sql")).length;
    // migrate: false, so the migrations counted are the ones the unpacked database came with.
    expect(await migrationsApplied(path.join(dir, "data"))).toBe(migrations);
  }, 120_000);

  it("leaves a data folder that holds a database as it is", async () => {
    const dataDir = path.join(dir, "kept");
    const first = await openDatabase({ dataDir, freshDatabaseFile });
    await first.db.execute(sql`insert into bank_holidays (day, title) values ('2031-12-25', 'Christmas Day')`);
    await first.close();

    const again = await openDatabase({ dataDir, freshDatabaseFile });
    const kept = await queryOne<{ n: number }>(
      again.db,
      sql`select count(*)::int as n from bank_holidays where day = '2031-12-25'`,
    );
    await again.close();
    expect(kept!.n).toBe(1);
  }, 120_000);
});
