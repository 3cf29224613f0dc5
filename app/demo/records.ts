/**
 * How a booking and a completion are added to the plan, shared by the training history
 * (completions.ts) and the registers (registers.ts): booking times, who recorded what and when,
 * the evidence notes, and certificate codes.
 */
import type { BookingStatus, CompletionSource } from "../db/schema";
import { addDaysToDate, formatDate } from "../lib/dates";
import { londonAt, maxDate, minDate } from "./calendar";
import { COURSE_CODES, type CourseCode } from "./catalogue";
import { course } from "./catalogue-and-requirements";
import type { BookingSeed, DemoPlan, IsoDate, PersonSeed, SessionSeed } from "./plan";
import { CROCKFORD_BASE32 } from "./random";

const WRAP_NOTE = "WRAP attendance imported from the Prevent team's historical register.";
const IMPORT_NOTE = "Imported from the training team's historical spreadsheet.";

/** Adds a booking and keeps the session's head count; returns the booking's index. */
export function addBooking(
  plan: DemoPlan,
  session: SessionSeed,
  personKey: number,
  b: Partial<BookingSeed> & { status: BookingStatus; createdAt: Date },
): number {
  plan.bookings.push({
    sessionIdx: plan.sessions.indexOf(session),
    personKey,
    waitlistedAt: null,
    cancelledAt: null,
    cancelReason: null,
    lateCancellation: false,
    walkIn: false,
    attendanceMarkedAt: null,
    managerAgreed: plan.rng.chance(0.85),
    bookedByAccountId: null,
    calendarSequence: 0,
    ...b,
  });
  if (b.status !== "cancelled") session.people.add(personKey);
  if (b.status === "booked" || b.status === "attended") session.taken++;
  return plan.bookings.length - 1;
}

/** When someone booked a past session: a few weeks before, or on the day as a walk-in. */
export function pastBookingTime(
  plan: DemoPlan,
  session: SessionSeed,
  p: PersonSeed,
): { createdAt: Date; walkIn: boolean } {
  const { rng } = plan;
  const booked = londonAt(addDaysToDate(session.date, -rng.int(6, 45)), rng.int(8, 17), rng.int(0, 59));
  const started = londonAt(p.startDate, 10, 0);
  if (booked >= started) return { createdAt: booked, walkIn: false };
  return { createdAt: new Date(session.startsAt.getTime() - 20 * 60_000), walkIn: true };
}

/** When a register was taken: within an hour and a half of the session's end. */
export function registerTakenAt(plan: DemoPlan, session: SessionSeed): Date {
  return new Date(session.endsAt.getTime() + plan.rng.int(5, 90) * 60_000);
}

/** Someone attended a past session: their booking, marked attended, and the completion it records. */
export function attend(plan: DemoPlan, session: SessionSeed, p: PersonSeed): void {
  const attended = addBooking(plan, session, p.key, {
    status: "attended",
    ...pastBookingTime(plan, session, p),
    attendanceMarkedAt: registerTakenAt(plan, session),
  });
  addCompletion(plan, {
    personKey: p.key,
    code: session.courseCode,
    completedOn: session.date,
    source: "attendance",
    sessionIdx: plan.sessions.indexOf(session),
    bookingIdx: attended,
    recordedAt: plan.bookings[attended]!.attendanceMarkedAt!,
  });
}

/** How a completion of a course outside a session comes in: evidence, the hosted e-learning, or an import. */
export function sourceFor(code: CourseCode): CompletionSource {
  const mode = course(code).deliveryMode;
  return mode === "external_elearning"
    ? "external_evidence"
    : mode === "hosted_elearning"
      ? "hosted_elearning"
      : "import";
}

function certificateCode(plan: DemoPlan): string {
  let code: string;
  do code = plan.rng.string(CROCKFORD_BASE32, 16);
  while (plan.certificateCodes.has(code));
  plan.certificateCodes.add(code);
  return code;
}

/** Recorded some days after the completion (never before it, never today or later). */
function recordedTime(plan: DemoPlan, completedOn: IsoDate, lagDays: [number, number]): Date {
  const { rng, yesterday } = plan;
  const day = minDate(
    maxDate(addDaysToDate(completedOn, rng.int(lagDays[0], lagDays[1])), completedOn),
    maxDate(yesterday, completedOn),
  );
  return londonAt(day, rng.int(9, 16), rng.int(0, 59));
}

/** Adds a completion, with when and how it was recorded unless given; returns its index. */
export function addCompletion(
  plan: DemoPlan,
  c: {
    personKey: number;
    code: CourseCode;
    completedOn: IsoDate;
    source: CompletionSource;
    sessionIdx?: number;
    bookingIdx?: number;
    recordedAt?: Date;
    evidenceNote?: string | null;
  },
): number {
  const { rng } = plan;
  // The service went live three years ago: older records were imported on that day.
  const goLive = plan.threeYearsAgo;
  let note = c.evidenceNote ?? null;
  let recordedAt = c.recordedAt;
  if (c.source === "external_evidence") {
    recordedAt ??= recordedTime(plan, c.completedOn, [0, 12]);
    note ??= rng.chance(0.55)
      ? `Completion confirmed by line manager on ${formatDate(recordedAt.toISOString().slice(0, 10))}.`
      : "Home Office certificate checked by the Prevent team.";
  } else if (c.source === "import") {
    recordedAt ??=
      c.completedOn < goLive ? londonAt(goLive, 14, rng.int(0, 30)) : recordedTime(plan, c.completedOn, [3, 30]);
    note ??= c.code === COURSE_CODES.wrap ? WRAP_NOTE : IMPORT_NOTE;
  } else {
    recordedAt ??= londonAt(c.completedOn, rng.int(9, 20), rng.int(0, 59));
  }
  plan.completions.push({
    personKey: c.personKey,
    courseCode: c.code,
    completedOn: c.completedOn,
    source: c.source,
    sessionIdx: c.sessionIdx ?? null,
    bookingIdx: c.bookingIdx ?? null,
    evidenceNote: note,
    recordedAt,
    recordedByAccountId: null,
    certificateCode: certificateCode(plan),
    revokedAt: null,
    revokedByAccountId: null,
    revokeReason: null,
  });
  return plan.completions.length - 1;
}
