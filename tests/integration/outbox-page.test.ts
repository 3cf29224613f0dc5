import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { listOutbox } from "../../app/domain/notifications/list-outbox";
import { notify } from "../../app/domain/notifications/notify";
import { loader } from "../../app/routes/admin.outbox";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

/** The coordinator's outbox: every message with its status and reason, filters, paging, links only in the demo. */
let t: TestDatabase;
let coordinator: string;

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db);
  const person = await make.person(t.db, { organisationId: org.id });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
  const link = "http://localhost:3000/sign-in/link/secret-token";
  for (const [kind, email, details] of [
    ["account.sign-in-link", "a@example.org", { link }],
    ["booking.confirmed", "b@example.org", { courseTitle: "Prevent awareness" }],
    ["booking.confirmed", null, { courseTitle: "Prevent awareness" }],
    ["session.cancelled", "c@example.org", { courseTitle: "WRAP", reason: "Trainer ill" }],
  ] as const) {
    await notify(t.db, { kind, recipientPersonId: null, recipientEmail: email, details });
  }
  await t.db.execute(sql`update notifications set status = 'skipped', last_error = 'No e-mail address'
                         where recipient_email is null`);
  await t.db.execute(sql`update notifications set status = 'failed', last_error = '400: BadRequestError: email_address Not a valid email address'
                         where recipient_email = 'c@example.org'`);
  await t.db.execute(sql`update notifications set status = 'sent', sent_at = now(), notify_id = 'n-1'
                         where recipient_email = 'b@example.org'`);
});

const get = async (accountId: string, path: string) =>
  call(async () => loader({ request: await signedInRequest(t.db, accountId, path), params: {}, context: {} }));

describe("the outbox page", () => {
  it("shows the coordinator every message with its status and reason, newest first", async () => {
    const page = (await get(coordinator, "/admin/outbox")) as Awaited<ReturnType<typeof loader>>;
    expect(page.rows).toHaveLength(4);
    expect([page.older, page.newer]).toEqual([null, null]);
    expect(page.notifySetUp).toBe(false);
    expect(page.rows.map((r) => [r.kind, r.status, r.to])).toEqual([
      ["session.cancelled", "failed", "c@example.org"],
      ["booking.confirmed", "skipped", null],
      ["booking.confirmed", "sent", "b@example.org"],
      ["account.sign-in-link", "pending", "a@example.org"],
    ]);
    expect(page.rows[0]!.lastError).toContain("Not a valid email address");
    expect(page.rows[1]!.lastError).toBe("No e-mail address");
    expect(page.kinds).toEqual(["account.sign-in-link", "booking.confirmed", "session.cancelled"]);
  });

  it("filters by status and kind, ignoring values it does not know", async () => {
    const failed = (await get(coordinator, "/admin/outbox?status=failed")) as Awaited<ReturnType<typeof loader>>;
    expect(failed.rows.map((r) => r.to)).toEqual(["c@example.org"]);
    const kind = (await get(coordinator, "/admin/outbox?kind=booking.confirmed")) as Awaited<ReturnType<typeof loader>>;
    expect(kind.rows).toHaveLength(2);
    const junk = (await get(coordinator, "/admin/outbox?status=lost&kind=%27;drop")) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(junk.rows).toHaveLength(4);
  });

  it("refuses a page cursor no link of ours makes with a 400", async () => {
    for (const query of ["older=-4", "older=abc", "newer=1.5", "older=1&newer=2", "older=99999999999999999999"]) {
      const answer = await get(coordinator, `/admin/outbox?${query}`);
      expect(answer, query).toBeInstanceOf(Response);
      expect((answer as Response).status, query).toBe(400);
    }
  });

  it("pages fifty at a time", async () => {
    for (let i = 0; i < 50; i++) {
      await notify(t.db, {
        kind: "booking.confirmed",
        recipientPersonId: null,
        recipientEmail: `p${i}@example.org`,
        details: {},
      });
    }
    const first = (await get(coordinator, "/admin/outbox")) as Awaited<ReturnType<typeof loader>>;
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.to).toBe("p49@example.org");
    expect(first.newer).toBeNull();
    const second = (await get(coordinator, `/admin/outbox?older=${first.older}`)) as Awaited<ReturnType<typeof loader>>;
    expect(second.rows.map((r) => r.to)).toEqual(["c@example.org", null, "b@example.org", "a@example.org"]);
    expect(second.older).toBeNull();
    // Back up: the newer page is the first one again.
    const back = (await get(coordinator, `/admin/outbox?newer=${second.newer}`)) as Awaited<ReturnType<typeof loader>>;
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.newer).toBeNull();
  });

  it("is refused to anyone but the coordinator", async () => {
    const org = await make.organisation(t.db);
    const person = await make.person(t.db, { organisationId: org.id });
    const manager = (await make.account(t.db, { personId: person.id, roles: ["manager"] })).id;
    const answer = await get(manager, "/admin/outbox");
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(403);
  });

  it("shows one-time links only where the demo runs, and cuts them from the words elsewhere", async () => {
    const demo = await listOutbox(t.db, { showLinks: true, kind: "account.sign-in-link" });
    expect(demo.rows[0]!.link).toBe("http://localhost:3000/sign-in/link/secret-token");
    expect(demo.rows[0]!.body).toContain("secret-token");
    const council = await listOutbox(t.db, { showLinks: false, kind: "account.sign-in-link" });
    expect(council.rows[0]!.link).toBeNull();
    expect(council.rows[0]!.body).not.toContain("secret-token");
    expect(council.rows[0]!.body).toContain("[link hidden]");
  });
});
