import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BackgroundWork,
  DAILY_JOB_LOCK,
  runDailyJobOnce,
  startBackgroundWork,
  startServiceBackgroundWork,
} from "../../app/background.server";
import { queryOne, queryRows } from "../../app/db/database";
import { requirementCourses, requirements } from "../../app/db/schema";
import type { ComposeEmail } from "../../app/domain/notifications/dispatch";
import { notify } from "../../app/domain/notifications/notify";
import { bringPersonRequirementsUpToDate } from "../../app/domain/kept-coverage/kept-rows";
import { vacuumKeptTables } from "../../app/domain/kept-coverage/readers";
import { MESSAGE_TEMPLATES } from "../../app/domain/notifications/templates";
import { todayInLondon } from "../../app/lib/dates";
import { notifySender } from "../../app/notify/notify-sender.server";
import { server } from "../mocks";
import { TEST_NOTIFY_API_KEY, fakeNotify } from "../mocks/notify";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { council } from "./booking-fixtures";

/** The background work: the dispatcher's loop, its stop (as on SIGTERM), the daily job's lock. */
const concurrent = Boolean(process.env.TEST_DATABASE_URL);
let t: TestDatabase;
let fake: ReturnType<typeof fakeNotify>;
let work: BackgroundWork | undefined;
const compose: ComposeEmail = () => ({ templateId: "0b7e8f49-5c8e-4a36-9a55-3f0e1a7b2c11", personalisation: {} });

beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 3 });
});
afterAll(async () => {
  await t?.close();
});
// A failed test must not leave a loop running into the next.
afterEach(async () => {
  await work?.stop();
  work = undefined;
});
beforeEach(async () => {
  await t.reset();
  fake = fakeNotify();
  server.use(...fake.handlers);
});

async function owe(): Promise<void> {
  await notify(t.db, {
    kind: "booking.confirmed",
    recipientPersonId: null,
    recipientEmail: "a@example.org",
    details: {},
  });
}

const statusOf = async () =>
  (await queryOne<{ status: string }>(t.db, sql`select status::text from notifications order by id desc limit 1`))!
    .status;

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error("Timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the background work", () => {
  it("sends what the outbox owes every few seconds, and sends nothing more once stopped", async () => {
    await owe();
    work = startBackgroundWork(t.db, {
      sender: notifySender(TEST_NOTIFY_API_KEY),
      compose,
      dispatchEveryMs: 20,
    });
    await until(async () => (await statusOf()) === "sent");
    await work.stop();
    await owe();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await statusOf()).toBe("pending");
    expect(fake.posts).toHaveLength(1);
  });

  it("on stop (SIGTERM) finishes the send under way and marks it before it resolves", async () => {
    await owe();
    const release = fake.hold();
    work = startBackgroundWork(t.db, { sender: notifySender(TEST_NOTIFY_API_KEY), compose, dispatchEveryMs: 20 });
    await until(async () => fake.posts.length === 1);
    let stopped = false;
    const stopping = work.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await statusOf()).toBe("sent");
  });

  it("does nothing without GOV.UK Notify but the daily job, and nothing at all until started", async () => {
    await owe();
    let dailyRuns = 0;
    work = startBackgroundWork(t.db, {
      compose,
      daily: async () => {
        dailyRuns++;
      },
      dailyEveryMs: 60_000,
    });
    await until(async () => dailyRuns === 1);
    await work.runOnce();
    await work.stop();
    expect(dailyRuns).toBe(2);
    expect(await statusOf()).toBe("pending");
    expect(fake.posts).toHaveLength(0);
  });

  it("vacuums the kept tables every so often: the stale marks taken leave no dead rows behind", async () => {
    // Marks for 3,000 people (none exists: nothing to redo), taken by bringing the kept rows up to date.
    await t.db.execute(sql`insert into stale_person_requirements (person_id) select g from generate_series(1, 3000) g`);
    await bringPersonRequirementsUpToDate(t.db);
    const size = async () =>
      (await queryOne<{ bytes: number }>(
        t.db,
        sql`select pg_relation_size('stale_person_requirements')::int as bytes`,
      ))!.bytes;
    expect(await size()).toBeGreaterThan(0);
    let runs = 0;
    work = startBackgroundWork(t.db, {
      compose,
      tidy: async (db) => {
        runs++;
        await vacuumKeptTables(db);
      },
      tidyEveryMs: 50,
    });
    await until(async () => runs >= 2);
    await work.stop();
    // Every row was dead: the vacuum gave the table's pages back.
    expect(await size()).toBe(0);
  });

  it("counts today's statuses and coverage figures ahead of the day's first view, as the server runs it", async () => {
    await council(t.db, 3);
    const course = await make.course(t.db, { title: "Prevent awareness" });
    const [requirement] = await t.db
      .insert(requirements)
      .values({ name: "Prevent awareness", dueWithinDays: 90 })
      .returning();
    await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
    const today = todayInLondon();
    const kept = async () =>
      (await queryOne<{ statuses: number; applicable: number }>(
        t.db,
        sql`select (select count(*)::int from person_statuses where on_date = ${today}::date) as statuses,
          (select coalesce(sum(applicable), 0)::int from coverage_figures
            where on_date = ${today}::date and requirement_id = ${requirement!.id}) as applicable`,
      ))!;
    expect(await kept()).toEqual({ statuses: 0, applicable: 0 });
    work = startServiceBackgroundWork(t.db, {
      NOTIFY: undefined,
      NOTIFY_TEMPLATE_IDS: {},
      PUBLIC_URL: "https://training.example.gov.uk",
    });
    await work.runOnce();
    await work.stop();
    // The three people's statuses, and the requirement's figure counting all three.
    expect(await kept()).toEqual({ statuses: 3, applicable: 3 });
  });

  it("runs the daily job in one instance at a time (an advisory lock), the other skipping it", async () => {
    const now = new Date("2026-12-07T06:00:00Z");
    if (!concurrent) {
      expect(await runDailyJobOnce(t.db, async () => {}, now)).toBe(true);
      return;
    }
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = runDailyJobOnce(
      t.db,
      async () => {
        started();
        await holding;
      },
      now,
    );
    await running;
    // The second instance, on another connection, does not wait: it skips.
    expect(await runDailyJobOnce(t.db, async () => {}, now)).toBe(false);
    release();
    expect(await first).toBe(true);
    // The lock was the transaction's: free again.
    expect(await runDailyJobOnce(t.db, async () => {}, now)).toBe(true);
    expect(DAILY_JOB_LOCK).toBeGreaterThan(0);
  });

  it("refuses to start with GOV.UK Notify set up while a kind of message has no template id", () => {
    expect(() =>
      startServiceBackgroundWork(t.db, {
        NOTIFY: { apiKey: TEST_NOTIFY_API_KEY, baseUrl: undefined },
        NOTIFY_TEMPLATE_IDS: { NOTIFY_TEMPLATE_BOOKING_CONFIRMED: "0b7e8f49-5c8e-4a36-9a55-3f0e1a7b2c11" },
        PUBLIC_URL: "https://training.example.gov.uk",
      }),
    ).toThrow(/no template id: .*NOTIFY_TEMPLATE_BOOKING_CANCELLED/);
  });

  it("as the server runs it: the day's messages are made and sent through GOV.UK Notify with their template", async () => {
    // Someone whose training expires today (London): the daily job owes them "training expired".
    const { service } = await council(t.db);
    const course = await make.course(t.db, { title: "Prevent awareness" });
    const [requirement] = await t.db
      .insert(requirements)
      .values({ name: "Prevent awareness", dueWithinDays: 90, reminderDays: 60 })
      .returning();
    await t.db.insert(requirementCourses).values({ requirementId: requirement!.id, courseId: course.id });
    const person = await make.person(t.db, { organisationId: service.id, email: "expired@example.org" });
    await make.completion(t.db, {
      personId: person.id,
      courseId: course.id,
      completedOn: "2023-01-10",
      expiresOn: todayInLondon(),
    });
    const templateIds = Object.fromEntries(
      Object.values(MESSAGE_TEMPLATES).map((template, i) => [
        template.setting,
        `0b7e8f49-5c8e-4a36-9a55-${String(i).padStart(12, "0")}`,
      ]),
    );
    work = startServiceBackgroundWork(t.db, {
      NOTIFY: { apiKey: TEST_NOTIFY_API_KEY, baseUrl: undefined },
      NOTIFY_TEMPLATE_IDS: templateIds,
      PUBLIC_URL: "https://training.example.gov.uk",
    });
    await until(async () => fake.taken.some((m) => m.email_address === "expired@example.org"));
    await work.stop();
    const sent = fake.taken.find((m) => m.email_address === "expired@example.org")!;
    const rows = await queryRows<{ kind: string; status: string }>(
      t.db,
      sql`select kind, status::text from notifications where recipient_email = 'expired@example.org'`,
    );
    expect(rows).toEqual([{ kind: "requirement.expired", status: "sent" }]);
    expect(sent.template_id).toBe(templateIds[MESSAGE_TEMPLATES["requirement.expired"].setting]);
  });
});
