import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { type ComposeEmail, claimDue, dispatchDue } from "../../app/domain/notifications/dispatch";
import { notify } from "../../app/domain/notifications/notify";
import { notifySender } from "../../app/notify/notify-sender.server";
import { server } from "../mocks";
import { TEST_NOTIFY_API_KEY, fakeNotify } from "../mocks/notify";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Two app instances send the same outbox: on PostgreSQL (TEST_DATABASE_URL) two dispatchers run
 * on separate connections, interleaved on purpose, and no row is sent twice. Embedded PGlite has
 * one connection, so there the same steps run one after another and the same outcome is asserted.
 */
const concurrent = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDatabase;
let fake: ReturnType<typeof fakeNotify>;
// The dispatcher's "now": ahead of the real clock (messages are owed at the real now, and are due
// from then), on a whole minute. A fixed date here stopped the tests once the day passed it.
const T0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000);
const compose: ComposeEmail = () => ({
  templateId: "0b7e8f49-5c8e-4a36-9a55-3f0e1a7b2c11",
  personalisation: { subject: "s", body: "b" },
});

beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 4 });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.reset();
  fake = fakeNotify();
  server.use(...fake.handlers);
});

async function owe(count: number): Promise<number[]> {
  for (let i = 0; i < count; i++) {
    await notify(t.db, {
      kind: "booking.confirmed",
      recipientPersonId: null,
      recipientEmail: `person${i}@example.org`,
      details: {},
    });
  }
  return (await queryRows<{ id: number }>(t.db, sql`select id::int as id from notifications order by id`)).map(
    (r) => r.id,
  );
}

/** Fails if `work` has not finished within `ms`: a dispatcher that waits on another's lock. */
function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms (blocked?)`)), ms);
    }),
  ]);
}

describe("two dispatchers on one outbox", () => {
  it("a dispatcher skips the row another is claiming, without waiting for it, and sends only its own", async () => {
    const [first, second] = await owe(2);
    if (!concurrent) {
      const claimed = await claimDue(t.db, T0, 120);
      expect(claimed?.id).toBe(first);
      expect((await dispatchDue(t.db, notifySender(TEST_NOTIFY_API_KEY), { now: T0, compose })).sent).toBe(1);
      expect(fake.posts.map((p) => p.reference)).toEqual([`outbox-${second}`]);
      return;
    }
    // Instance A claims the oldest row in a transaction it holds open (its lock held mid-claim).
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let claimedByA!: (id: number | undefined) => void;
    const aClaimed = new Promise<number | undefined>((resolve) => (claimedByA = resolve));
    const a = t.db.transaction(async (tx) => {
      claimedByA((await claimDue(tx, T0, 120))?.id);
      await committing;
    });
    expect(await aClaimed).toBe(first);
    try {
      // Instance B, on another connection, runs meanwhile: it must neither wait for A nor take A's row.
      const summary = await within(
        10_000,
        dispatchDue(t.db, notifySender(TEST_NOTIFY_API_KEY), { now: T0, compose }),
        "The second dispatcher",
      );
      expect(summary.sent).toBe(1);
      expect(fake.posts.map((p) => p.reference)).toEqual([`outbox-${second}`]);
    } finally {
      commit();
      await a;
    }
    // A's claim stands once committed: B's next run leaves the row alone.
    expect((await dispatchDue(t.db, notifySender(TEST_NOTIFY_API_KEY), { now: T0, compose })).sent).toBe(0);
    const rows = await queryRows<{ id: number; status: string }>(
      t.db,
      sql`select id::int as id, status::text from notifications order by id`,
    );
    expect(rows).toEqual([
      { id: first, status: "sending" },
      { id: second, status: "sent" },
    ]);
  });

  it("two dispatchers running at once, each send held at Notify a while, send every row exactly once", async () => {
    const ids = await owe(12);
    const release = fake.hold();
    const run = () => dispatchDue(t.db, notifySender(TEST_NOTIFY_API_KEY), { now: T0, compose, limit: 100 });
    const both = concurrent ? Promise.all([run(), run()]) : run().then(async (one) => [one, await run()]);
    // Notify answers once both have claimed and sent their first rows (one, one after another on PGlite).
    void (async () => {
      const started = Date.now();
      while (fake.posts.length < (concurrent ? 2 : 1) && Date.now() - started < 20_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      release();
    })();
    const summaries = await within(60_000, both, "The two dispatchers");
    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(ids.length);
    const references = fake.posts.map((p) => p.reference);
    expect(new Set(references).size).toBe(references.length);
    expect([...references].sort()).toEqual(ids.map((id) => `outbox-${id}`).sort());
    if (concurrent) {
      // Both instances did some of the work.
      expect(summaries.every((s) => s.sent > 0)).toBe(true);
    }
    const statuses = await queryRows<{ status: string; attempts: number }>(
      t.db,
      sql`select status::text, attempts from notifications`,
    );
    expect(statuses.every((s) => s.status === "sent" && s.attempts === 1)).toBe(true);
  });
});
