import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";
import { type ServedApp, letLoopbackThrough, serveApp } from "../support/served-app";

/**
 * A route that only takes posts (an action, no loader, no page) was answered on a GET by Remix
 * with a 400 {"message":"Unexpected Server Error"} and an error in the log, each time. Its loader
 * is now app/auth/guards.server's `postOnly`: a 404, as any other address with nothing there, and
 * nothing logged.
 * route-access.test.ts checks that every route without a page has a loader.
 */
let t: TestDatabase;
let served: ServedApp;
let learner: string;

beforeAll(async () => {
  t = await createTestDatabase();
  served = await serveApp({ database: { db: t.db, engine: t.engine, poolUse: t.poolUse } });
  const { service } = await make.councilAndSchool(t.db);
  const person = await make.person(t.db, { organisationId: service.id });
  learner = (await make.account(t.db, { personId: person.id })).id;
});
afterAll(async () => {
  await served?.close();
  await t?.close();
});
beforeEach(() => letLoopbackThrough());

describe("a GET to a route that only takes posts", () => {
  it("is a 404, signed in or not, with no error logged", async () => {
    const signedIn = await signedInRequest(t.db, learner, "/elearning/attempts/1");
    for (const cookie of [signedIn.headers.get("Cookie")!, ""]) {
      const before = served.log.length;
      const response = await fetch(`${served.url}/elearning/attempts/1`, {
        headers: cookie ? { Cookie: cookie } : {},
        redirect: "manual",
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("We could not find that page.");
      // The request's own line comes once the response has gone.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const errors = served.log.slice(before).filter((line) => line.level === "error" || line.level === "fatal");
      expect(errors).toEqual([]);
    }
  });
});
