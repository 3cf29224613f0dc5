import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookings, courseSessions } from "../../app/db/schema";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { bookingCalendar } from "../../app/domain/sessions/booking-calendar";
import { cancelBooking } from "../../app/domain/sessions/cancel-booking";
import { DomainError } from "../../app/domain/errors";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const options = {
  organiser: { name: "Northbridge Prevent training", email: "prevent.training@northbridge.example" },
  publicUrl: "https://training.northbridge.example",
  now: new Date("2026-11-25T10:00:00Z"),
};

/** Unfolds iCalendar's 75-octet line folding, so properties can be matched whole. */
function lines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

async function setup() {
  const { people } = await council(t.db, 2);
  const course = await make.course(t.db, { title: "Prevent awareness workshop" });
  // 2 December 2026, 9:30 to 12:30 in London (GMT).
  const s = await session(t.db, {
    courseId: course.id,
    startsAt: new Date("2026-12-02T09:30:00Z"),
    hours: 3,
    capacity: 1,
    bookingClosesAt: null,
  });
  const booking = await bookPlace(t.db, {
    sessionId: s.id,
    personId: people[0]!.id,
    actorAccountId: null,
    managerAgreed: true,
    joinWaitingList: false,
    now: options.now,
  });
  return { s, people, bookingId: booking.bookingId };
}

describe("a booking's calendar file", () => {
  it("is an invitation with a stable UID, UTC times, the place and the person", async () => {
    const { bookingId, people } = await setup();
    const file = (await bookingCalendar(t.db, bookingId, options))!;
    expect(file.method).toBe("REQUEST");
    expect(file.filename).toBe("prevent-awareness-workshop-2026-12-02.ics");
    // RFC 5545: every line ends with CRLF, the last one too, and no line ends with a bare LF.
    expect(file.content.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(file.content.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const ics = lines(file.content);
    expect(ics[0]).toBe("BEGIN:VCALENDAR");
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain(`UID:booking-${bookingId}@prevent-training-tracker`);
    expect(ics).toContain("SEQUENCE:0");
    expect(ics).toContain("DTSTART:20261202T093000Z");
    expect(ics).toContain("DTEND:20261202T123000Z");
    expect(ics).toContain("SUMMARY:Prevent awareness workshop");
    expect(ics).toContain("LOCATION:Town Hall\\, Committee Room 2");
    expect(ics).toContain("STATUS:CONFIRMED");
    expect(
      ics.some((l) =>
        l.startsWith('ORGANIZER;CN="Northbridge Prevent training":mailto:prevent.training@northbridge.example'),
      ),
    ).toBe(true);
    expect(ics.some((l) => l.startsWith("ATTENDEE;") && l.endsWith(`:MAILTO:${people[0]!.email}`))).toBe(true);
  });

  it("raises SEQUENCE when the session changes, and cancels with the same UID", async () => {
    const { bookingId } = await setup();
    // What a change of time does to a booking (the scheduling side raises the sequence).
    await t.db.update(bookings).set({ calendarSequence: 1 }).where(eq(bookings.id, bookingId));
    expect(lines((await bookingCalendar(t.db, bookingId, options))!.content)).toContain("SEQUENCE:1");
    await cancelBooking(t.db, { bookingId, actorAccountId: null, allowAfterCutOff: false, now: options.now });
    const cancelled = (await bookingCalendar(t.db, bookingId, options))!;
    expect(cancelled.method).toBe("CANCEL");
    const ics = lines(cancelled.content);
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain(`UID:booking-${bookingId}@prevent-training-tracker`);
    expect(ics).toContain("SEQUENCE:2");
    expect(ics).toContain("SUMMARY:Cancelled: Prevent awareness workshop");
  });

  it("is a cancellation when the whole session is cancelled", async () => {
    const { bookingId, s } = await setup();
    await t.db
      .update(courseSessions)
      .set({ status: "cancelled", cancelReason: "Trainer unwell." })
      .where(eq(courseSessions.id, s.id));
    const file = (await bookingCalendar(t.db, bookingId, options))!;
    expect(file.method).toBe("CANCEL");
    expect(lines(file.content).find((l) => l.startsWith("DESCRIPTION:"))).toContain("Trainer unwell.");
  });

  it("is not offered while the person is only on the waiting list, nor for a booking that does not exist", async () => {
    const { s, people } = await setup();
    const waiting = await bookPlace(t.db, {
      sessionId: s.id,
      personId: people[1]!.id,
      actorAccountId: null,
      managerAgreed: true,
      joinWaitingList: true,
      now: options.now,
    });
    await expect(bookingCalendar(t.db, waiting.bookingId, options)).rejects.toBeInstanceOf(DomainError);
    expect(await bookingCalendar(t.db, 999_999, options)).toBeUndefined();
  });
});
