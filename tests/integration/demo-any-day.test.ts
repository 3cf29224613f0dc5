/**
 * The demo council is alive on whatever day it is seeded (issue 23): every role has something to
 * do that day. Seeded on a Monday in term, a Saturday and Christmas Eve (in the Christmas
 * fortnight, when the training team runs no sessions of its own accord).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryOne, queryRows } from "../../app/db/database";
import { seedDemo } from "../../app/demo/seed-demo.server";
import { complianceFor } from "../../app/domain/compliance/status-for-people";
import { schoolsCoverage } from "../../app/domain/coverage/schools-coverage";
import { addDaysToDate } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const DAYS = [
  ["a Monday in term", "2026-03-09"],
  ["a Saturday", "2026-06-20"],
  ["Christmas Eve", "2025-12-24"],
] as const;

/** The London date of an instant column, as text. */
const londonDay = (column: string) => sql.raw(`(${column} at time zone 'Europe/London')::date`);

describe.each(DAYS)("the demo council seeded on %s", (_label, today) => {
  beforeAll(async () => {
    await t.reset();
    await seedDemo(t.db, { today });
  }, 180_000);

  const demoPerson = async (email: string) =>
    (await queryOne<{ id: number }>(t.db, sql`select id from people where email = ${email}`))!.id;

  it("gives the trainer a session today with its register to take, and last week's taken", async () => {
    const trainer = await demoPerson("trainer@example.com");
    const sessions = await queryRows<{ day: string; status: string; booked: number; marked: number; attended: number }>(
      t.db,
      sql`select ${londonDay("s.starts_at")}::text as day, s.status,
                 count(b.id) filter (where b.status = 'booked')::int as booked,
                 count(b.id) filter (where b.attendance_marked_at is not null)::int as marked,
                 count(b.id) filter (where b.status = 'attended')::int as attended
          from course_sessions s left join bookings b on b.session_id = s.id
          where s.trainer_person_id = ${trainer}
            and ${londonDay("s.starts_at")} between ${addDaysToDate(today, -14)}::date and ${today}::date
          group by s.id order by s.starts_at`,
    );
    const todays = sessions.filter((s) => s.day === today);
    expect(todays).toHaveLength(1);
    expect(todays[0]).toMatchObject({ status: "scheduled", marked: 0, attended: 0 });
    expect(todays[0]!.booked).toBeGreaterThanOrEqual(5);

    const lastWeek = sessions.filter((s) => s.day >= addDaysToDate(today, -13) && s.day <= addDaysToDate(today, -7));
    expect(lastWeek.length).toBeGreaterThanOrEqual(1);
    expect(lastWeek.some((s) => s.status === "delivered" && s.attended >= 5 && s.booked === 0)).toBe(true);
  });

  it("has upcoming sessions with places, and one full with a waiting list", async () => {
    const upcoming = await queryRows<{ capacity: number; booked: number; waiting: number }>(
      t.db,
      sql`select s.capacity,
                 count(b.id) filter (where b.status = 'booked')::int as booked,
                 count(b.id) filter (where b.status = 'waitlisted')::int as waiting
          from course_sessions s left join bookings b on b.session_id = s.id
          where s.status = 'scheduled' and ${londonDay("s.starts_at")} > ${today}::date
          group by s.id`,
    );
    expect(upcoming.filter((s) => s.booked < s.capacity).length).toBeGreaterThanOrEqual(20);
    expect(upcoming.filter((s) => s.booked === s.capacity && s.waiting > 0)).toHaveLength(1);
  });

  it("gives the learner something due soon, a booking for it and a certificate", async () => {
    const learner = await demoPerson("learner@example.com");
    const rows = await complianceFor(t.db, { scope: { kind: "all" }, personIds: [learner], onDate: today });
    const mine = rows.filter((r) => r.personId === learner);
    expect(mine.some((r) => r.status === "expiring" || r.status === "expired" || r.status === "missing")).toBe(true);
    const record = await queryOne<{ certificates: number; upcoming: number }>(
      t.db,
      sql`select
        (select count(*)::int from completions c where c.person_id = ${learner} and c.revoked_at is null
           and c.certificate_code is not null and c.completed_on <= ${today}::date) as certificates,
        (select count(*)::int from bookings b join course_sessions s on s.id = b.session_id
           where b.person_id = ${learner} and b.status = 'booked' and ${londonDay("s.starts_at")} > ${today}::date) as upcoming`,
    );
    expect(record!.certificates).toBeGreaterThanOrEqual(1);
    expect(record!.upcoming).toBeGreaterThanOrEqual(1);
  });

  it("gives the manager a team with people overdue, expiring and current", async () => {
    const manager = await demoPerson("manager@example.com");
    const team = await queryRows<{ id: number }>(
      t.db,
      sql`with recursive team as (
            select id from people where line_manager_id = ${manager}
            union select p.id from people p join team on p.line_manager_id = team.id)
          select id from team`,
    );
    const rows = await complianceFor(t.db, {
      scope: { kind: "all" },
      personIds: team.map((p) => p.id),
      onDate: today,
    });
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has("current")).toBe(true);
    expect(statuses.has("expiring")).toBe(true);
    expect(statuses.has("expired") || statuses.has("missing")).toBe(true);
  });

  it("has schools in every status (a school behind with its training among them)", async () => {
    const { summary } = await schoolsCoverage(t.db, {}, today);
    expect(summary.green).toBeGreaterThan(0);
    expect(summary.amber).toBeGreaterThan(0);
    expect(summary.red).toBeGreaterThan(0);
  });

  // The outbox's messages are the start-up's daily messages, not the seed's (app/start-up.server.ts).
  it("still has evidence to verify and a workshop for the manager to evaluate", async () => {
    const waiting = await queryOne<{ evidence: number; to_evaluate: number }>(
      t.db,
      sql`select
        (select count(*)::int from evidence_submissions where status = 'awaiting_verification') as evidence,
        (select count(*)::int from bookings b join people p on p.id = b.person_id
           where p.email = 'manager@example.com' and b.status = 'attended'
             and not exists (select 1 from evaluation_responses r where r.booking_id = b.id)) as to_evaluate`,
    );
    expect(waiting!.evidence).toBeGreaterThanOrEqual(1);
    expect(waiting!.to_evaluate).toBeGreaterThanOrEqual(1);
  });
});
