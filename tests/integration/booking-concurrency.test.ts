import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../app/db/database";
import { type BookPlaceResult, bookPlace } from "../../app/domain/sessions/book-place";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { council, session } from "./booking-fixtures";

/**
 * Issue 3: "Capacity is never exceeded, even when many people book the last places at the same
 * moment." On PostgreSQL (TEST_DATABASE_URL) 60 bookings race over 20 connections for 10 places;
 * embedded PGlite has one connection, so there the same assertions run on bookings made one after
 * another.
 */
const PLACES = 10;
const PEOPLE = 60;
const concurrent = Boolean(process.env.TEST_DATABASE_URL);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 20 });
});
afterAll(() => t.close());

describe(`${PEOPLE} people booking ${PLACES} places ${concurrent ? "at the same moment (PostgreSQL)" : "one after another (PGlite)"}`, () => {
  it("books exactly the capacity, waitlists the rest in the order they got the lock, and shows nobody an error", async () => {
    expect(t.engine).toBe(concurrent ? "postgresql" : "pglite");
    const { people } = await council(t.db, PEOPLE);
    const s = await session(t.db, { capacity: PLACES });
    const attempt = (personId: number) =>
      bookPlace(t.db, { sessionId: s.id, personId, actorAccountId: null, managerAgreed: true, joinWaitingList: true });

    let results: BookPlaceResult[];
    if (concurrent) {
      const settled = await Promise.allSettled(people.map((p) => attempt(p.id)));
      const errors = settled
        .filter((r) => r.status === "rejected")
        .map((r) => String((r as PromiseRejectedResult).reason));
      expect(errors).toEqual([]);
      results = settled.map((r) => (r as PromiseFulfilledResult<BookPlaceResult>).value);
    } else {
      results = [];
      for (const p of people) results.push(await attempt(p.id));
    }

    expect(results.filter((r) => r.status === "booked")).toHaveLength(PLACES);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(PEOPLE - PLACES);
    // Each person was told the position they really hold: 1 to 50, each once.
    expect(
      results
        .map((r) => r.waitlistPosition)
        .filter((p) => p !== null)
        .sort((a, b) => a! - b!),
    ).toEqual(Array.from({ length: PEOPLE - PLACES }, (_, i) => i + 1));

    const rows = await queryRows<{ id: number; status: string; waitlisted_at: string | null; position: number | null }>(
      t.db,
      sql`select id, status, waitlisted_at::text,
            case when status = 'waitlisted'
              then row_number() over (partition by status order by waitlisted_at, id)::int end as position
          from bookings where session_id = ${s.id} order by id`,
    );
    expect(rows.filter((r) => r.status === "booked")).toHaveLength(PLACES);
    // Ids are drawn after the lock is granted, so id order is lock order. Everyone booked got the
    // lock before everyone waiting, and the waiting list's order (waitlisted_at) is the lock order:
    // distinct times, rising with the id.
    const firstWaiting = rows.find((r) => r.status === "waitlisted")!.id;
    expect(rows.filter((r) => r.status === "booked").every((r) => r.id < firstWaiting)).toBe(true);
    const waiting = rows.filter((r) => r.status === "waitlisted");
    expect(waiting.map((r) => r.position)).toEqual(waiting.map((_, i) => i + 1));
    expect(new Set(waiting.map((r) => r.waitlisted_at)).size).toBe(waiting.length);
    const byTime = [...waiting].sort((a, b) => (a.waitlisted_at! < b.waitlisted_at! ? -1 : 1));
    expect(byTime.map((r) => r.id)).toEqual(waiting.map((r) => r.id));
    // What each caller was told matches the stored list.
    for (const r of results.filter((x) => x.status === "waitlisted")) {
      expect(waiting.find((w) => w.id === r.bookingId)!.position).toBe(r.waitlistPosition);
    }

    const [written] = await queryRows<{ audit: number; messages: number }>(
      t.db,
      sql`select (select count(*)::int from audit_events where entity_type = 'booking') as audit,
            (select count(*)::int from notifications) as messages`,
    );
    expect(written).toEqual({ audit: PEOPLE, messages: PEOPLE });
  });
});
