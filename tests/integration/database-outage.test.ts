import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { type Server, type Socket, connect, createServer } from "node:net";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { type OpenDatabase, openDatabase } from "../../app/db/open.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { withDatabase } from "../support/postgres-url";
import { signedInRequest } from "../support/requests";
import { type ServedApp, letLoopbackThrough, serveApp } from "../support/served-app";

/**
 * Issue 24: when the database is away, pages answer 503 (GOV.UK's "Sorry, the service is
 * unavailable") with a Retry-After, never 500; readiness says not ready; once it is back the app
 * answers again by itself. The first part runs everywhere (a PostgreSQL address nothing answers);
 * the second, with TEST_DATABASE_URL, stops and starts PostgreSQL under a client: a cluster of its
 * own (pg_ctlcluster, when this machine has it and runs the tests as root), else a TCP proxy in
 * front of the shared server that the test closes (its connections cut, new ones refused) and
 * opens again, because the shared server must not be stopped under other test files.
 */
const TOKEN = "a-token-of-at-least-thirty-two-characters";
let t: TestDatabase;
let served: ServedApp;

beforeAll(async () => {
  t = await createTestDatabase();
  served = await serveApp({ database: { db: t.db, engine: t.engine }, operationsToken: TOKEN });
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});
beforeEach(() => letLoopbackThrough());

/** A port on this machine with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function useDatabase(opened: Pick<OpenDatabase, "db" | "engine" | "poolUse">) {
  const client = await served.appModule<typeof import("../../app/db/client.server")>("/app/db/client.server.ts");
  client.provideDatabaseForTests(opened.db, { engine: opened.engine, poolUse: opened.poolUse });
}

describe("with the database away", () => {
  let away: OpenDatabase;
  beforeAll(async () => {
    away = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/none`, migrate: false });
    await useDatabase(away);
  });
  afterAll(async () => {
    await away.close();
    await useDatabase(t);
  });

  // A session cookie makes the page look its session up: the database's first question.
  const signedIn = { Cookie: "ptt_session=a-session-the-database-would-look-up" };

  it("a page is GOV.UK's 503 with a Retry-After and the request's reference, not a 500", async () => {
    const response = await fetch(`${served.url}/people`, { headers: signedIn });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("30");
    const page = await response.text();
    expect(page).toContain("Sorry, the service is unavailable");
    expect(page).toContain(`give them this reference: ${response.headers.get("X-Request-Id")}`);
  });

  it("a form post is a 503 too, and so is a page's data request", async () => {
    const post = await fetch(`${served.url}/people/new`, {
      method: "POST",
      headers: { ...signedIn, "Content-Type": "application/x-www-form-urlencoded", Origin: served.url },
      body: "givenName=Someone",
      redirect: "manual",
    });
    expect(post.status).toBe(503);
    const data = await fetch(`${served.url}/people.data`, { headers: signedIn });
    expect(data.status).toBe(503);
    expect(data.headers.get("Retry-After")).toBe("30");
  });

  it("readiness says not ready, liveness still answers, and the metrics say the database is down", async () => {
    const ready = await fetch(`${served.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "database unavailable" });
    expect((await fetch(`${served.url}/health/live`)).status).toBe(200);
    const metrics = await (
      await fetch(`${served.operationsUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^ptt_database_up 0$/m);
  });
});

interface Outage {
  how: string;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const CLUSTER = { version: "15", name: "ptt_outage", port: 5439 };

/** A PostgreSQL cluster of the test's own, when pg_ctlcluster is here and the tests run as root. */
function ownCluster(): Outage | null {
  if (!existsSync("/usr/bin/pg_ctlcluster") || process.getuid?.() !== 0) return null;
  if (!existsSync(`/usr/lib/postgresql/${CLUSTER.version}`)) return null;
  const clusters = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" });
  if (!clusters.split("\n").some((line) => line.split(/\s+/)[1] === CLUSTER.name)) {
    execFileSync("pg_createcluster", [
      CLUSTER.version,
      CLUSTER.name,
      "--port",
      String(CLUSTER.port),
      "--",
      "--auth=trust",
    ]);
  }
  const ctl = (action: string) => {
    execFileSync("pg_ctlcluster", [
      CLUSTER.version,
      CLUSTER.name,
      action,
      ...(action === "stop" ? ["-m", "fast"] : []),
    ]);
  };
  try {
    ctl("start");
  } catch {
    // already running
  }
  return {
    how: `its own PostgreSQL cluster (${CLUSTER.name}) stopped and started`,
    url: `postgres://postgres@127.0.0.1:${CLUSTER.port}/postgres`,
    stop: async () => ctl("stop"),
    start: async () => ctl("start"),
    close: async () => ctl("stop"),
  };
}

/** A TCP proxy in front of the shared server: closed, it cuts every connection and refuses new ones. */
async function proxyTo(url: string): Promise<Outage> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const port = await closedPort();
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const socket = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, socket]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(socket).pipe(client);
      }).listen(port, "127.0.0.1", () => resolve());
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server ? server.close(() => resolve()) : resolve();
    });
  await listen();
  const proxied = new URL(url);
  proxied.host = `127.0.0.1:${port}`;
  return {
    how: "a TCP proxy in front of the shared PostgreSQL closed (connections cut, new ones refused) and opened again",
    url: proxied.toString(),
    stop: close,
    start: listen,
    close,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Only with PostgreSQL: the embedded database has no server to stop (the part above runs everywhere).
if (process.env.TEST_DATABASE_URL)
  describe("PostgreSQL stopped and started under a client", () => {
    let outage: Outage;
    let opened: OpenDatabase;
    let name: string;

    beforeAll(async () => {
      outage = ownCluster() ?? (await proxyTo(process.env.TEST_DATABASE_URL!));
      name = `ptt_outage_${process.pid}`;
      const admin = postgres(outage.url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      opened = await openDatabase({ url: withDatabase(outage.url, name), maxConnections: 4 });
      await useDatabase(opened);
    }, 180_000);
    afterAll(async () => {
      await useDatabase(t);
      await opened?.close();
      if (outage) {
        const admin = postgres(outage.url, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
        await outage.close();
      }
    });

    it("answers 503 while it is away and 200 once it is back, never 500, and keeps every write it said it made", async () => {
      const { service } = await make.councilAndSchool(opened.db);
      const me = await make.person(opened.db, { organisationId: service.id });
      const coordinator = (await make.account(opened.db, { personId: me.id, roles: ["coordinator"] })).id;
      const cookie = (await signedInRequest(opened.db, coordinator, "/people/new")).headers.get("Cookie")!;

      const statuses: number[] = [];
      const saved: string[] = [];
      let n = 0;
      /** One page read and one person added, as a client would, noting what the service answered. */
      const step = async () => {
        n += 1;
        const page = await fetch(`${served.url}/people`, { headers: { Cookie: cookie }, redirect: "manual" });
        await page.text();
        statuses.push(page.status);
        const familyName = `Outage${n}`;
        const form = new URLSearchParams({
          givenName: "Client",
          familyName,
          employmentType: "permanent",
          organisationId: String(service.id),
          "startDate-day": "1",
          "startDate-month": "9",
          "startDate-year": "2026",
        });
        const post = await fetch(`${served.url}/people/new`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: served.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: form,
          redirect: "manual",
        });
        await post.text();
        statuses.push(post.status);
        if (post.status === 303 || post.status === 302) saved.push(familyName);
        if (post.status === 503) expect(post.headers.get("Retry-After")).toBe("30");
      };

      for (let i = 0; i < 3; i++) await step();
      expect(saved).toHaveLength(3);

      await outage.stop();
      const during: number[] = [];
      for (let i = 0; i < 4; i++) {
        const before = statuses.length;
        await step();
        during.push(...statuses.slice(before));
        await sleep(100);
      }
      expect(during.every((status) => status === 503)).toBe(true);
      expect((await fetch(`${served.url}/health/ready`)).status).toBe(503);

      await outage.start();
      let back = false;
      for (let i = 0; i < 60 && !back; i++) {
        const before = statuses.length;
        await step();
        back = statuses.slice(before).every((status) => status === 200 || status === 303 || status === 302);
        if (!back) await sleep(500);
      }
      expect(back).toBe(true);
      expect((await fetch(`${served.url}/health/ready`)).status).toBe(200);

      expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
      const rows = await queryRows<{ family_name: string }>(
        opened.db,
        sql`select family_name from people where family_name like 'Outage%'`,
      );
      const stored = new Set(rows.map((r) => r.family_name));
      expect(saved.filter((familyName) => !stored.has(familyName))).toEqual([]);
    }, 120_000);
  });
