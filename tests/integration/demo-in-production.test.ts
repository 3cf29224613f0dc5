import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { prepareDatabase } from "../../app/demo/prepare-database.server";
import type { Database } from "../../app/db/database";
import { accounts } from "../../app/db/schema";
import { DEMO_PASSWORD } from "../../app/demo/accounts";
import { parseEnv } from "../../app/env.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";

let t: TestDatabase;
let demoHash: string;
const production = parseEnv({
  NODE_ENV: "production",
  PUBLIC_URL: "https://prevent-training.example.gov.uk",
  SECRET_KEY: "a production key of 32 characters or more",
});
const demoRun = parseEnv({ NODE_ENV: "production", PUBLIC_URL: "http://localhost:4101", SEED_DEMO: "true" });

beforeAll(async () => {
  t = await createTestDatabase();
  demoHash = await hashPassword(DEMO_PASSWORD);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

/** A stand-in for the demo seed that records that it ran. */
function recordingSeed() {
  const calls: Database[] = [];
  return { calls, seed: async (db: Database) => void calls.push(db) };
}

async function demoCoordinator(passwordHash: string) {
  const org = await make.organisation(t.db);
  const person = await make.person(t.db, { organisationId: org.id });
  const account = await make.account(t.db, { personId: person.id, email: "Coordinator@Example.com" });
  await t.db.update(accounts).set({ passwordHash }).where(eq(accounts.id, account.id));
  return account;
}

describe("the demo council and production", () => {
  it("does not seed an empty production database unless SEED_DEMO=true", async () => {
    const { calls, seed } = recordingSeed();
    await prepareDatabase(t.db, production, seed);
    expect(calls).toHaveLength(0);
    await prepareDatabase(t.db, demoRun, seed);
    expect(calls).toHaveLength(1);
    await prepareDatabase(t.db, parseEnv({ NODE_ENV: "development" }), seed);
    expect(calls).toHaveLength(2);
  });

  it("refuses to start in production while a demo account opens with the demo password, saying what to do", async () => {
    await demoCoordinator(demoHash);
    const { seed } = recordingSeed();
    const refusal = prepareDatabase(t.db, production, seed);
    await expect(refusal).rejects.toThrow(
      /Refusing to start in production: the demo accounts \(Coordinator@Example\.com\)/,
    );
    await expect(prepareDatabase(t.db, production, seed)).rejects.toThrow(/SEED_DEMO=true/);
  });

  it("starts when the demo run is asked for, outside production, or once the demo account is safe", async () => {
    const account = await demoCoordinator(demoHash);
    const { seed } = recordingSeed();
    await prepareDatabase(t.db, demoRun, seed);
    await prepareDatabase(t.db, parseEnv({ NODE_ENV: "development", SEED_DEMO: "false" }), seed);
    await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, account.id));
    await prepareDatabase(t.db, production, seed);
    await t.db
      .update(accounts)
      .set({ disabledAt: null, passwordHash: await hashPassword("the council's own password") })
      .where(eq(accounts.id, account.id));
    await prepareDatabase(t.db, production, seed);
  });
});
