import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryOne, queryRows } from "../../app/db/database";
import {
  type ComposeEmail,
  type DispatchSummary,
  composeFromTemplates,
  dispatchDue,
} from "../../app/domain/notifications/dispatch";
import { type NotificationKind, notify } from "../../app/domain/notifications/notify";
import { MESSAGE_TEMPLATES } from "../../app/domain/notifications/templates";
import { notifySender } from "../../app/notify/notify-sender.server";
import { server } from "../mocks";
import { TEST_NOTIFY_API_KEY, fakeNotify } from "../mocks/notify";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * The outbox's dispatcher against GOV.UK Notify's API as msw answers for it (tests/mocks/notify.ts),
 * through the real client (notifications-node-client): what is sent, retried, given up, skipped,
 * and never sent twice.
 */
let t: TestDatabase;
let fake: ReturnType<typeof fakeNotify>;
// The dispatcher's "now": ahead of the real clock (messages are owed at the real now, and are due
// from then), on a whole minute. A fixed date here stopped the tests once the day passed it.
const T0 = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const TEMPLATE_ID = "0b7e8f49-5c8e-4a36-9a55-3f0e1a7b2c11";

/** One template for every kind: the words, and the details as they are (enough for these tests). */
const compose: ComposeEmail = (kind, details) => ({
  templateId: TEMPLATE_ID,
  personalisation: { kind, course_title: String(details.courseTitle ?? "") },
});

const sender = () => notifySender(TEST_NOTIFY_API_KEY);
const dispatch = (now: Date, options: { maxAttempts?: number } = {}): Promise<DispatchSummary> =>
  dispatchDue(t.db, sender(), { now, compose, ...options });

async function owe(email: string | null = "learner@example.org"): Promise<number> {
  await notify(t.db, {
    kind: "booking.confirmed",
    recipientPersonId: null,
    recipientEmail: email,
    details: { courseTitle: "Prevent awareness" },
  });
  return (await queryOne<{ id: number }>(t.db, sql`select max(id)::int as id from notifications`))!.id;
}

async function row(id: number) {
  return (await queryOne<{
    status: string;
    attempts: number;
    next_attempt_at: string;
    claimed_until: string | null;
    notify_id: string | null;
    sent_at: string | null;
    last_error: string | null;
  }>(
    t.db,
    sql`select status::text, attempts, next_attempt_at::text, claimed_until::text, notify_id, sent_at::text, last_error
        from notifications where id = ${id}`,
  ))!;
}

const iso = (text: string | null) => (text === null ? null : new Date(text).toISOString());

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.reset();
  fake = fakeNotify();
  server.use(...fake.handlers);
});

describe("dispatching the outbox through GOV.UK Notify", () => {
  it("sends a pending message with its template, address, personalisation and the outbox id as reference", async () => {
    const id = await owe();
    expect(await dispatch(T0)).toEqual({ sent: 1, foundSent: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(fake.taken).toHaveLength(1);
    const [sent] = fake.taken;
    expect(sent).toMatchObject({
      template_id: TEMPLATE_ID,
      email_address: "learner@example.org",
      personalisation: { kind: "booking.confirmed", course_title: "Prevent awareness" },
      reference: `outbox-${id}`,
    });
    // The client signs each request with a token made from the key's secret.
    expect(sent!.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const after = await row(id);
    expect(after).toMatchObject({
      status: "sent",
      attempts: 1,
      notify_id: sent!.id,
      last_error: null,
      claimed_until: null,
    });
    expect(iso(after.sent_at)).toBe(T0.toISOString());
    // Nothing more to do: no second send.
    expect(await dispatch(at(600))).toEqual({ sent: 0, foundSent: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(fake.posts).toHaveLength(1);
  });

  it("sends each kind with its own template id and the registry's personalisation, every value a string", async () => {
    const kinds = Object.keys(MESSAGE_TEMPLATES) as NotificationKind[];
    const templateIds = Object.fromEntries(
      kinds.map((kind, i) => [
        MESSAGE_TEMPLATES[kind].setting,
        `0b7e8f49-5c8e-4a36-9a55-${String(i).padStart(12, "0")}`,
      ]),
    );
    const details = {
      courseTitle: "Prevent awareness",
      startsAt: "2026-12-21T09:30:00Z",
      endsAt: "2026-12-21T12:30:00Z",
      venue: "Town Hall",
      bookingId: 7,
      personName: "Sam Learner",
      expiresOn: "2027-03-01",
      completedOn: "2026-12-01",
      certificatePath: "/certificates/PTT-1.pdf",
      link: "https://training.example.gov.uk/sign-in/link/abc",
      reason: "The trainer is ill",
    };
    const ids: Record<string, number> = {};
    for (const [i, kind] of kinds.entries()) {
      await notify(t.db, { kind, recipientPersonId: null, recipientEmail: `person${i}@example.org`, details });
      ids[kind] = (await queryOne<{ id: number }>(t.db, sql`select max(id)::int as id from notifications`))!.id;
    }
    const serviceUrl = "https://training.example.gov.uk";
    const all = composeFromTemplates(MESSAGE_TEMPLATES, templateIds, serviceUrl);
    expect((await dispatchDue(t.db, sender(), { now: T0, compose: all, limit: 100 })).sent).toBe(kinds.length);
    for (const [i, kind] of kinds.entries()) {
      const sent = fake.taken.find((m) => m.reference === `outbox-${ids[kind]}`);
      expect(sent, kind).toBeDefined();
      expect(sent!.template_id, kind).toBe(templateIds[MESSAGE_TEMPLATES[kind].setting]);
      expect(sent!.email_address, kind).toBe(`person${i}@example.org`);
      expect(sent!.personalisation, kind).toEqual(MESSAGE_TEMPLATES[kind].personalisation(details, serviceUrl));
      for (const value of Object.values(sent!.personalisation!)) expect(typeof value, kind).toBe("string");
      expect(sent!.personalisation!.subject, kind).not.toBe("");
    }
  });

  it("retries after a 429 with back-off, and sends once it is due again", async () => {
    const id = await owe();
    fake.answerNext({
      status: 429,
      error: "RateLimitError",
      message: "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    });
    expect((await dispatch(T0)).retrying).toBe(1);
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, claimed_until: null });
    expect(waiting.last_error).toContain("429");
    expect(waiting.last_error).toContain("RateLimitError");
    expect(iso(waiting.next_attempt_at)).toBe(at(60).toISOString());
    // Not before its time.
    expect((await dispatch(at(30))).sent).toBe(0);
    expect(fake.posts).toHaveLength(1);
    expect((await dispatch(at(60))).sent).toBe(1);
    expect(fake.posts).toHaveLength(2);
    expect(fake.taken).toHaveLength(1);
    // A rate-limited request was not taken, so nothing was looked up.
    expect(fake.lookups).toEqual([]);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  it("retries after a 500, looking first whether Notify took it, and waits longer each time", async () => {
    const id = await owe();
    fake.answerNext({ status: 500, error: "Exception", message: "Internal server error" }, { status: 503 });
    expect((await dispatch(T0)).retrying).toBe(1);
    const first = await row(id);
    // Its outcome unknown, it stays claimed until the retry, and is looked up then.
    expect(first).toMatchObject({ status: "sending", attempts: 1 });
    expect(first.last_error).toContain("500");
    expect(iso(first.claimed_until)).toBe(at(60).toISOString());
    expect((await dispatch(at(59))).retrying).toBe(0);
    // The 503 answers the look-up: it waits again, twice as long, without sending.
    expect((await dispatch(at(60))).retrying).toBe(1);
    expect(fake.posts).toHaveLength(1);
    const second = await row(id);
    expect(second).toMatchObject({ status: "sending", attempts: 2 });
    expect(iso(second.claimed_until)).toBe(at(60 + 120).toISOString());
    expect((await dispatch(at(180))).sent).toBe(1);
    expect(fake.lookups).toEqual([`outbox-${id}`, `outbox-${id}`]);
    expect(fake.taken).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 3, notify_id: fake.taken[0]!.id });
  });

  it("retries after the connection fails, as an unknown outcome", async () => {
    const id = await owe();
    fake.answerNext("network-error");
    expect((await dispatch(T0)).retrying).toBe(1);
    expect((await row(id)).last_error).toContain("No answer from GOV.UK Notify");
    expect((await dispatch(at(60))).sent).toBe(1);
    expect(fake.lookups).toEqual([`outbox-${id}`]);
    expect(fake.taken).toHaveLength(1);
  });

  it.each([
    [400, "BadRequestError", "email_address Not a valid email address"],
    [403, "AuthError", "Invalid token: API key not found"],
  ])("gives up on a %i with Notify's error recorded", async (status, error, message) => {
    const id = await owe();
    fake.answerNext({ status, error, message });
    expect((await dispatch(T0)).failed).toBe(1);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, claimed_until: null, notify_id: null });
    expect(failed.last_error).toBe(`${status}: ${error}: ${message}`);
    expect((await dispatch(at(24 * 3600))).failed).toBe(0);
    expect(fake.posts).toHaveLength(1);
  });

  it("gives up after its last attempt when Notify keeps refusing with 429", async () => {
    const id = await owe();
    fake.answerNext({ status: 429 }, { status: 429 }, { status: 429 });
    expect((await dispatch(T0, { maxAttempts: 3 })).retrying).toBe(1);
    expect((await dispatch(at(60), { maxAttempts: 3 })).retrying).toBe(1);
    expect((await dispatch(at(180), { maxAttempts: 3 })).failed).toBe(1);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.last_error).toMatch(/^Gave up after 3 attempts: 429/);
    expect(fake.taken).toHaveLength(0);
  });

  it("sends no duplicate after a crash between sending and marking sent: the next claim finds it at Notify", async () => {
    const id = await owe();
    // The mark fails once (as if the process died after Notify answered 201).
    await t.db.execute(sql`create sequence fail_mark_once`);
    await t.db.execute(
      sql.raw(`create function fail_mark_once() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' and nextval('fail_mark_once') = 1 then raise exception 'the mark failed'; end if;
          return new;
        end $$`),
    );
    await t.db.execute(
      sql.raw(
        "create trigger fail_mark_once before update on notifications for each row execute function fail_mark_once()",
      ),
    );
    try {
      await expect(dispatch(T0)).rejects.toThrow();
      expect(fake.taken).toHaveLength(1);
      const stuck = await row(id);
      expect(stuck).toMatchObject({ status: "sending", attempts: 1, notify_id: null });
      // Its claim holds for 2 minutes: no one touches it meanwhile.
      expect(await dispatch(at(119))).toEqual({ sent: 0, foundSent: 0, retrying: 0, failed: 0, skipped: 0 });
      // Then it is looked up by reference and marked sent with Notify's id, not sent again.
      expect(await dispatch(at(120))).toEqual({ sent: 0, foundSent: 1, retrying: 0, failed: 0, skipped: 0 });
      expect(fake.posts).toHaveLength(1);
      expect(fake.lookups).toEqual([`outbox-${id}`]);
      expect(await row(id)).toMatchObject({ status: "sent", notify_id: fake.taken[0]!.id, attempts: 2 });
    } finally {
      await t.db.execute(sql.raw("drop trigger fail_mark_once on notifications"));
      await t.db.execute(sql.raw("drop function fail_mark_once()"));
      await t.db.execute(sql.raw("drop sequence fail_mark_once"));
    }
  });

  it("sends nothing when the change's transaction rolls back", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await notify(tx, {
          kind: "booking.confirmed",
          recipientPersonId: null,
          recipientEmail: "learner@example.org",
          details: { courseTitle: "Prevent awareness" },
        });
        throw new Error("the booking failed");
      }),
    ).rejects.toThrow("the booking failed");
    expect(await dispatch(T0)).toEqual({ sent: 0, foundSent: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(fake.posts).toHaveLength(0);
    expect(await queryRows(t.db, sql`select id from notifications`)).toEqual([]);
  });

  it("skips a message to no address with the reason, and sends none", async () => {
    const id = await owe(null);
    // F's notify() may already store it as skipped; either way nothing is sent and the reason is kept.
    const summary = await dispatch(T0);
    expect(summary.sent).toBe(0);
    expect(await row(id)).toMatchObject({ status: "skipped", last_error: "No e-mail address" });
    expect(fake.posts).toHaveLength(0);
  });

  it("fails a message whose kind has no template id set, naming the setting", async () => {
    const id = await owe();
    const none = composeFromTemplates(
      { "booking.confirmed": { setting: "NOTIFY_TEMPLATE_BOOKING_CONFIRMED", personalisation: () => ({}) } },
      {},
      "https://training.example.gov.uk",
    );
    expect((await dispatchDue(t.db, sender(), { now: T0, compose: none })).failed).toBe(1);
    expect(await row(id)).toMatchObject({
      status: "failed",
      last_error: "No GOV.UK Notify template id is set (NOTIFY_TEMPLATE_BOOKING_CONFIRMED)",
    });
    expect(fake.posts).toHaveLength(0);
  });

  it("sends at most its limit in one run, oldest first", async () => {
    const ids = [await owe("a@example.org"), await owe("b@example.org"), await owe("c@example.org")];
    expect((await dispatchDue(t.db, sender(), { now: T0, compose, limit: 2 })).sent).toBe(2);
    expect(fake.taken.map((m) => m.reference)).toEqual([`outbox-${ids[0]}`, `outbox-${ids[1]}`]);
    expect((await dispatchDue(t.db, sender(), { now: T0, compose, limit: 2 })).sent).toBe(1);
  });
});
