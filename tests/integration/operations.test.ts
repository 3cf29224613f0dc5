import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notify } from "../../app/domain/notifications/notify";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";
import { type LogLine, type ServedApp, letLoopbackThrough, serveApp } from "../support/served-app";

/**
 * Issue 24: the health checks, the metrics and the request log of the app as production serves it
 * (server/app.mjs, server/operations-app.mjs), over HTTP.
 */
const TOKEN = "a-token-of-at-least-thirty-two-characters";

let t: TestDatabase;
let served: ServedApp;
let coordinator: string;
let personId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  served = await serveApp({ database: { db: t.db, engine: t.engine, poolUse: t.poolUse }, operationsToken: TOKEN });
  const { service } = await make.councilAndSchool(t.db);
  const person = await make.person(t.db, {
    organisationId: service.id,
    givenName: "Marjorie",
    familyName: "Quenby",
    email: "marjorie.quenby@example.test",
  });
  personId = person.id;
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});
beforeEach(() => letLoopbackThrough());

const bearer = { Authorization: `Bearer ${TOKEN}` };

/** GET as the signed-in coordinator, over HTTP: the page read whole, and its log line written. */
async function getSignedIn(path: string): Promise<{ response: Response; body: string; line: LogLine }> {
  const request = await signedInRequest(t.db, coordinator, path);
  const response = await fetch(`${served.url}${path}`, {
    headers: { Cookie: request.headers.get("Cookie")! },
    redirect: "manual",
  });
  const body = await response.text();
  return { response, body, line: await logLineOf(response) };
}

/** The request's line: written once the response has gone, so a moment after the client has it. */
async function logLineOf(response: Response): Promise<LogLine> {
  const id = response.headers.get("X-Request-Id");
  for (let tries = 0; tries < 50; tries++) {
    const lines = served.log.filter((line) => line.requestId === id && typeof line.durationMs === "number");
    if (lines.length > 0) {
      expect(lines).toHaveLength(1);
      return lines[0]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No log line for request ${id}`);
}

describe("health checks", () => {
  it("liveness answers on the public port without the database", async () => {
    const response = await fetch(`${served.url}/health/live`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "live" });
  });

  it("readiness is ready when the database answers and holds this build's migrations", async () => {
    const response = await fetch(`${served.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", engine: t.engine });
  });

  it("readiness is not ready when the database is behind this build's migrations", async () => {
    const newest = `(select max(created_at) from drizzle.__drizzle_migrations)`;
    await t.db.execute(
      `update drizzle.__drizzle_migrations set created_at = created_at - 1 where created_at = ${newest}`,
    );
    try {
      const response = await fetch(`${served.url}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "migrations behind this build", engine: t.engine });
    } finally {
      await t.db.execute(
        `update drizzle.__drizzle_migrations set created_at = created_at + 1 where created_at = ${newest}`,
      );
    }
  });

  it("the operations port answers both, with its token", async () => {
    expect((await fetch(`${served.operationsUrl}/health/live`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${served.operationsUrl}/health/ready`, { headers: bearer })).status).toBe(200);
  });
});

describe("metrics", () => {
  it("are served on the operations port with its token only, never on the public port", async () => {
    expect((await fetch(`${served.operationsUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${served.operationsUrl}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status,
    ).toBe(401);
    const publicly = await fetch(`${served.url}/metrics`, { redirect: "manual" });
    expect(publicly.status).not.toBe(200);
    expect(await publicly.text()).not.toContain("http_request_duration_seconds");
  });

  it("time requests by route pattern and status, and count the pool, kept coverage and the outbox", async () => {
    expect((await getSignedIn(`/people/${personId}`)).response.status).toBe(200);
    await notify(t.db, { kind: "booking.confirmed", recipientPersonId: personId, details: {} });
    await t.db.execute(`insert into stale_person_requirements (person_id) values (${personId}) on conflict do nothing`);

    const response = await fetch(`${served.operationsUrl}/metrics`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/people\/:personId",status="200"\} 1/,
    );
    expect(text).not.toContain(`/people/${personId}`);
    expect(text).toMatch(/^ptt_database_up 1$/m);
    // PGlite is one connection; the test's PostgreSQL pool holds four (tests/support/database.ts).
    expect(text).toMatch(new RegExp(`^ptt_database_connections_max ${t.engine === "pglite" ? 1 : 4}$`, "m"));
    expect(text).toMatch(/^ptt_database_connections_open [1-4]$/m);
    expect(text).toMatch(/^ptt_kept_coverage_stale_people 1$/m);
    expect(text).toMatch(/^ptt_outbox_waiting_messages 1$/m);
    expect(text).toMatch(/^ptt_outbox_oldest_waiting_seconds \d/m);
  });
});

describe("the request log", () => {
  it("is one JSON line per request with its id, the route's pattern, status and duration, and no name from the query", async () => {
    const { response, body, line } = await getSignedIn(
      "/people?q=Marjorie%20Quenby&email=marjorie.quenby%40example.test",
    );
    expect(response.status).toBe(200);
    expect(body).toContain("Quenby");
    expect(response.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(line).toMatchObject({
      level: "info",
      requestId: response.headers.get("X-Request-Id"),
      route: "/people",
      req: { method: "GET" },
      res: { statusCode: 200 },
      msg: "GET /people 200",
    });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    const everything = JSON.stringify(served.log);
    expect(everything).not.toMatch(/Marjorie|Quenby|marjorie/i);
    expect(everything).not.toMatch(/cookie|auth_session/i);
  });

  it("names a path no page has by the catch-all route's pattern, not by its path", async () => {
    const response = await fetch(`${served.url}/no-such-page/marjorie.quenby@example.test`, { redirect: "manual" });
    expect(response.status).toBe(404);
    await response.text();
    expect(await logLineOf(response)).toMatchObject({ route: "/*", res: { statusCode: 404 } });
    expect(JSON.stringify(served.log)).not.toContain("quenby");
  });

  it("refuses a path with a broken percent escape with a 400 that says so, quoting it nowhere in the log", async () => {
    for (const path of ["/people/marjorie.quenby%E0%A4%A", "/assets/quenby%E0%A4%A.js", "/%E0%A4%A.data"]) {
      const response = await fetch(`${served.url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(400);
      expect(await response.text()).toMatch(/^This web address is not valid/);
      expect(await logLineOf(response)).toMatchObject({ route: "malformed", res: { statusCode: 400 } });
    }
    expect(JSON.stringify(served.log)).not.toMatch(/quenby|%E0/i);
  });

  it("names a data request by its page's pattern", async () => {
    const { response, line } = await getSignedIn(`/people/${personId}.data`);
    expect(response.status).toBe(200);
    expect(line).toMatchObject({ route: "/people/:personId", res: { statusCode: 200 } });
  });
});
