import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { oneTimeLinks } from "../../app/db/schema";
import {
  LINK_TTL_SECONDS,
  createLink,
  describeLink,
  endLinks,
  hashSecret,
  newBrowserBinding,
  redeemLink,
} from "../../app/domain/accounts/one-time-links";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { account, councilAndSchool, person } from "../support/factories";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

const at = (iso: string) => new Date(iso);

async function someone() {
  const { service } = await councilAndSchool(t.db);
  const p = await person(t.db, { organisationId: service.id });
  const a = await account(t.db, { personId: p.id });
  return { person: p, account: a };
}

describe("one-time links", () => {
  it("gives a 32-byte base64url token and keeps only its SHA-256", async () => {
    const { person: p } = await someone();
    const token = await createLink(t.db, { purpose: "invitation", personId: p.id });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await queryRows<{ row: string }>(t.db, sql`select row_to_json(l)::text as row from one_time_links l`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(token);
    expect(rows[0]!.row).toContain(hashSecret(token));
  });

  it("works once: the second use, and a use for another purpose, find nothing", async () => {
    const { account: a } = await someone();
    const token = await createLink(t.db, { purpose: "password-reset", accountId: a.id });
    expect(await redeemLink(t.db, { purpose: "sign-in", token })).toBeNull();
    const used = await redeemLink(t.db, { purpose: "password-reset", token });
    expect(used).toMatchObject({ accountId: a.id, personId: null, purpose: "password-reset" });
    expect(await redeemLink(t.db, { purpose: "password-reset", token })).toBeNull();
    expect((await describeLink(t.db, { purpose: "password-reset", token })).state).toBe("used");
  });

  it("two uses at once: only one succeeds", async () => {
    const { account: a } = await someone();
    const token = await createLink(t.db, { purpose: "password-reset", accountId: a.id });
    const results = await Promise.all([
      redeemLink(t.db, { purpose: "password-reset", token }),
      redeemLink(t.db, { purpose: "password-reset", token }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("expires after its time to live, to the second", async () => {
    const { account: a } = await someone();
    const now = at("2026-12-01T10:00:00Z");
    const token = await createLink(t.db, { purpose: "password-reset", accountId: a.id, now });
    expect(LINK_TTL_SECONDS["password-reset"]).toBe(3600);
    const justBefore = at("2026-12-01T10:59:59Z");
    expect((await describeLink(t.db, { purpose: "password-reset", token, now: justBefore })).state).toBe("open");
    expect(await redeemLink(t.db, { purpose: "password-reset", token, now: at("2026-12-01T11:00:00Z") })).toBeNull();
    expect(
      (await describeLink(t.db, { purpose: "password-reset", token, now: at("2026-12-01T11:00:00Z") })).state,
    ).toBe("expired");
    expect(await redeemLink(t.db, { purpose: "password-reset", token, now: justBefore })).not.toBeNull();
  });

  it("a new link of a purpose ends the earlier one for the same person, not others' nor other purposes", async () => {
    const { person: p, account: a } = await someone();
    const other = await person(t.db, { organisationId: p.organisationId });
    const first = await createLink(t.db, { purpose: "invitation", personId: p.id });
    const othersLink = await createLink(t.db, { purpose: "invitation", personId: other.id });
    const reset = await createLink(t.db, { purpose: "password-reset", accountId: a.id });
    const second = await createLink(t.db, { purpose: "invitation", personId: p.id });
    expect((await describeLink(t.db, { purpose: "invitation", token: first })).state).toBe("ended");
    expect(await redeemLink(t.db, { purpose: "invitation", token: first })).toBeNull();
    expect(await redeemLink(t.db, { purpose: "invitation", token: second })).toMatchObject({ personId: p.id });
    expect(await redeemLink(t.db, { purpose: "invitation", token: othersLink })).toMatchObject({ personId: other.id });
    expect(await redeemLink(t.db, { purpose: "password-reset", token: reset })).toMatchObject({ accountId: a.id });
  });

  it("endLinks ends the open links of a purpose and leaves used ones as they were", async () => {
    const { person: p } = await someone();
    const token = await createLink(t.db, { purpose: "invitation", personId: p.id });
    expect(await endLinks(t.db, { purpose: "invitation", personId: p.id })).toBe(1);
    expect(await redeemLink(t.db, { purpose: "invitation", token })).toBeNull();
    expect(await endLinks(t.db, { purpose: "invitation", personId: p.id })).toBe(0);
  });

  it("a browser-bound link works only with the value kept in that browser, and a wrong browser does not use it up", async () => {
    const { account: a } = await someone();
    const binding = newBrowserBinding();
    const token = await createLink(t.db, {
      purpose: "sign-in",
      accountId: a.id,
      browserBindingHash: hashSecret(binding),
    });
    const [row] = await t.db.select().from(oneTimeLinks).where(eq(oneTimeLinks.accountId, a.id));
    expect(row!.browserBindingHash).not.toBe(binding);
    expect(await redeemLink(t.db, { purpose: "sign-in", token })).toBeNull();
    expect(await redeemLink(t.db, { purpose: "sign-in", token, browserBinding: newBrowserBinding() })).toBeNull();
    expect(await redeemLink(t.db, { purpose: "sign-in", token, browserBinding: binding })).toMatchObject({
      accountId: a.id,
    });
  });

  it("an unknown token is unknown", async () => {
    expect((await describeLink(t.db, { purpose: "invitation", token: "nope" })).state).toBe("unknown");
    expect(await redeemLink(t.db, { purpose: "invitation", token: "nope" })).toBeNull();
  });
});
