/**
 * Who booked which session: past sessions' registers topped up to a believable size, with
 * absences and cancellations; upcoming sessions booked by people who need the course (one full
 * with a waiting list, some nearly full, a whole-staff briefing for one school), and one session
 * cancelled with its bookings.
 */
import type { Database } from "../db/database";
import { bookings } from "../db/schema";
import { addDaysToDate, daysBetween } from "../lib/dates";
import { londonAt, maxDate } from "./calendar";
import { COURSE_CODES, type CourseCode } from "./catalogue";
import { REQUIREMENT_MIX } from "./completions";
import { SCHOOLS } from "./names";
import { activeOn, chunks, type DemoPlan, type PersonSeed, type SessionSeed, type WrittenIds } from "./plan";
import { addBooking, attend, pastBookingTime, registerTakenAt } from "./records";
import { pastSessions } from "./sessions";

/** People who might go on a course nobody requires of them, for the work they do. */
function topUpPool(plan: DemoPlan, code: CourseCode, p: PersonSeed): boolean {
  if (p.demo || p.noSessions || plan.requiredCourses.get(p.key)!.has(code)) return false;
  switch (code) {
    case COURSE_CODES.preventWorkshop:
      return p.sector === "council" || p.sector === "partner";
    case COURSE_CODES.preventSchools:
      return p.sector === "partner" || p.orgChain.includes("LBN-CF");
    case COURSE_CODES.safeguardingChildren2:
    case COURSE_CODES.safeguardingChildren3:
      return p.sector === "council" || p.sector === "partner";
    case COURSE_CODES.safeguardingAdults2:
      return p.sector !== "school";
    case COURSE_CODES.dslTraining:
    case COURSE_CODES.dslUpdate:
      return p.sector === "partner" || p.orgChain.includes("LBN-CF-EDU");
    case COURSE_CODES.saferRecruitment:
      return (
        p.tags.includes("governor") ||
        (p.tags.includes("manager") &&
          (p.sector === "school" || p.orgChain.includes("LBN-CF") || p.orgChain.includes("LBN-RES-HR"))) ||
        p.jobTitle === "School Business Manager"
      );
    default:
      return false;
  }
}

/** Past sessions: thin ones topped up with people who chose to go, then absences and cancellations. */
export function planPastRegisters(plan: DemoPlan): void {
  const { rng, persons } = plan;
  const past = pastSessions(plan);
  const toppedUp = new Set<string>();
  for (const session of past) {
    const target = Math.floor(session.capacity * rng.between(0.45, 0.8));
    const candidates = rng.shuffle(
      persons.filter(
        (p) =>
          topUpPool(plan, session.courseCode, p) &&
          activeOn(p, session.date) &&
          !session.people.has(p.key) &&
          !toppedUp.has(`${p.key}:${session.courseCode}`),
      ),
    );
    for (const p of candidates) {
      if (session.taken >= target) break;
      toppedUp.add(`${p.key}:${session.courseCode}`);
      attend(plan, session, p);
    }
  }
  for (const session of past) {
    const attendees = session.taken;
    let absent = 0;
    for (let i = 0; i < attendees; i++) if (rng.chance(0.06)) absent++;
    const cancelled = rng.chance(0.4) ? rng.int(1, 2) : 0;
    const pool = rng.shuffle(
      persons.filter(
        (p) =>
          !p.noSessions &&
          !p.demo &&
          !session.people.has(p.key) &&
          activeOn(p, session.date) &&
          (plan.requiredCourses.get(p.key)!.has(session.courseCode) || topUpPool(plan, session.courseCode, p)),
      ),
    );
    for (const p of pool.slice(0, absent)) {
      addBooking(plan, session, p.key, {
        status: "absent",
        ...pastBookingTime(plan, session, p),
        attendanceMarkedAt: registerTakenAt(plan, session),
      });
    }
    for (const p of pool.slice(absent, absent + cancelled)) {
      const { createdAt } = pastBookingTime(plan, session, p);
      const late = rng.chance(0.35);
      const cancelledAt = late
        ? new Date(session.bookingClosesAt.getTime() + rng.int(2, 40) * 3_600_000)
        : new Date(createdAt.getTime() + rng.int(1, 5) * 86_400_000);
      if (cancelledAt >= session.startsAt || cancelledAt <= createdAt) continue;
      addBooking(plan, session, p.key, {
        status: "cancelled",
        createdAt,
        cancelledAt,
        cancelReason: rng.pick(["Work commitments", "Unwell", "Caseload: urgent visit", "Annual leave booked"]),
        lateCancellation: cancelledAt > session.bookingClosesAt,
      });
    }
  }
}

/** Upcoming sessions: bookings by people who need the course, filling up as the date comes closer. */
export function planUpcomingBookings(plan: DemoPlan): void {
  const { rng, today: T, yesterday, persons, demo } = plan;
  const upcomingSessions = plan.sessions.filter((s) => s.status === "scheduled");
  const byCourse = (code: CourseCode) => upcomingSessions.filter((s) => s.courseCode === code && !s.demoTrainersOwn);
  const workshops = byCourse(COURSE_CODES.preventWorkshop);
  const fullSession = workshops[2]!;
  fullSession.capacity = 14;
  const nearlyFull = [
    workshops[5]!,
    byCourse(COURSE_CODES.dslUpdate)[1]!,
    byCourse(COURSE_CODES.safeguardingChildren2)[1]!,
  ];
  const cancelledSession = byCourse(COURSE_CODES.safeguardingAdults2)[2]!;
  const schoolBriefing = byCourse(COURSE_CODES.preventSchools)[3]!;
  const briefingSchool = SCHOOLS.find((s) => s.name === "Northbridge Academy")!;
  schoolBriefing.audienceOrgRef = briefingSchool.laestab;
  schoolBriefing.capacity = 30;
  schoolBriefing.notes = `Whole-staff briefing for ${briefingSchool.name}.`;

  const bookedCourses = new Set<string>();
  const managedByDemoManager = (p: PersonSeed) => {
    for (let m = p.managerKey; m !== null; m = persons[m]!.managerKey) if (m === demo.manager) return true;
    return false;
  };
  const bookUpcoming = (session: SessionSeed, p: PersonSeed, status: "booked" | "waitlisted" = "booked") => {
    const lo = maxDate(addDaysToDate(T, -50), p.startDate);
    const bookedOn = addDaysToDate(lo, rng.int(0, daysBetween(lo, maxDate(lo, yesterday))));
    let createdAt = londonAt(bookedOn, rng.int(8, 17), rng.int(0, 59));
    if (createdAt > session.bookingClosesAt)
      createdAt = new Date(session.bookingClosesAt.getTime() - rng.int(2, 30) * 3_600_000);
    bookedCourses.add(`${p.key}:${session.courseCode}`);
    return addBooking(plan, session, p.key, {
      status,
      createdAt,
      waitlistedAt: status === "waitlisted" ? createdAt : null,
      bookedByAccountId: managedByDemoManager(p) && rng.chance(0.5) ? "demo-manager" : null,
    });
  };
  const canBook = (session: SessionSeed, p: PersonSeed) =>
    !p.noSessions &&
    !session.people.has(p.key) &&
    !bookedCourses.has(`${p.key}:${session.courseCode}`) &&
    activeOn(p, yesterday) &&
    p.leavingDate === null &&
    (session.audienceOrgRef === null || p.orgChain.includes(session.audienceOrgRef));

  // The demo learner is booked on a workshop before their Prevent awareness runs out.
  const learnerWorkshop = workshops.find(
    (s) => s !== fullSession && !nearlyFull.includes(s) && s.date > addDaysToDate(T, 7),
  )!;
  bookUpcoming(learnerWorkshop, persons[demo.learner]!);

  for (const o of plan.outcomes) {
    if (o.outcome === "current") continue;
    const p = persons[o.personKey]!;
    if (p.leavingDate) continue;
    const recent = daysBetween(p.startDate, T) < 60;
    if (!rng.chance(recent ? 0.6 : 0.4)) continue;
    const mix = REQUIREMENT_MIX[o.requirement.key]!;
    const code = rng.weighted(mix.courses.filter(([c]) => c !== COURSE_CODES.wrap));
    const open = byCourse(code).filter((s) => s !== schoolBriefing && s.taken < s.capacity && canBook(s, p));
    if (open.length > 0) bookUpcoming(rng.pick(open), p);
  }
  for (const p of persons) {
    if (p.orgRef === briefingSchool.laestab && p.tags.includes("school_staff") && canBook(schoolBriefing, p)) {
      bookUpcoming(schoolBriefing, p);
    }
  }
  /** People who still need a course: their requirement listing it is missing, expired or expiring. */
  const needy = new Set<string>();
  for (const o of plan.outcomes) {
    if (o.outcome === "current") continue;
    for (const code of o.requirement.courseCodes) needy.add(`${o.personKey}:${code}`);
  }
  const fillTo = (session: SessionSeed, places: number, waitlist: number) => {
    const candidates = rng.shuffle(
      persons.filter(
        (p) =>
          canBook(session, p) &&
          (plan.requiredCourses.get(p.key)!.has(session.courseCode) || topUpPool(plan, session.courseCode, p)),
      ),
    );
    const first = candidates.filter((p) => needy.has(`${p.key}:${session.courseCode}`));
    const then = candidates.filter((p) => !needy.has(`${p.key}:${session.courseCode}`));
    for (const p of [...first, ...then]) {
      if (session.taken < places) bookUpcoming(session, p);
      else if (waitlist > 0) {
        bookUpcoming(session, p, "waitlisted");
        waitlist--;
      } else break;
    }
  };
  fillTo(fullSession, fullSession.capacity, 3);
  for (const session of nearlyFull) fillTo(session, session.capacity - rng.int(1, 2), 0);
  // The rest fill up as their date comes closer.
  for (const session of upcomingSessions) {
    if (session === fullSession || nearlyFull.includes(session) || session === schoolBriefing) continue;
    const daysAway = daysBetween(T, session.date);
    const share =
      daysAway < 30 ? rng.between(0.4, 0.8) : daysAway < 60 ? rng.between(0.2, 0.55) : rng.between(0.05, 0.3);
    fillTo(session, Math.max(session.taken, Math.round(session.capacity * share)), 0);
  }

  // A cancelled session: its bookings are cancelled with it.
  cancelledSession.status = "cancelled";
  cancelledSession.cancelledAt = londonAt(addDaysToDate(T, -3), 10, 15);
  cancelledSession.cancelReason = "Trainer unavailable. Everyone booked has been asked to rebook on a later date.";
  cancelledSession.calendarSequence = 1;
  const cancelledIdx = plan.sessions.indexOf(cancelledSession);
  for (const booking of plan.bookings) {
    if (booking.sessionIdx !== cancelledIdx) continue;
    booking.status = "cancelled";
    const cancelledAt = cancelledSession.cancelledAt;
    if (booking.createdAt >= cancelledAt)
      booking.createdAt = new Date(cancelledAt.getTime() - rng.int(20, 400) * 3_600_000);
    booking.cancelledAt = cancelledAt;
    booking.cancelReason = "Session cancelled by the training team.";
    booking.calendarSequence = 1;
  }
}

/** Writes the bookings in plan order (rows come back in the order they were sent); returns their ids. */
export async function writeBookings(
  tx: Database,
  plan: DemoPlan,
  ids: Omit<WrittenIds, "bookingIds">,
): Promise<number[]> {
  const bookingIds: number[] = [];
  for (const chunk of chunks(plan.bookings)) {
    const inserted = await tx
      .insert(bookings)
      .values(
        chunk.map((b) => ({
          sessionId: ids.sessionIds[b.sessionIdx]!,
          personId: ids.personId(b.personKey),
          status: b.status,
          managerAgreed: b.managerAgreed,
          bookedByAccountId: b.bookedByAccountId,
          waitlistedAt: b.waitlistedAt,
          cancelledAt: b.cancelledAt,
          cancelReason: b.cancelReason,
          lateCancellation: b.lateCancellation,
          walkIn: b.walkIn,
          attendanceMarkedAt: b.attendanceMarkedAt,
          calendarSequence: b.calendarSequence,
          createdAt: b.createdAt,
          updatedAt: b.cancelledAt ?? b.attendanceMarkedAt ?? b.createdAt,
        })),
      )
      .returning({ id: bookings.id, personId: bookings.personId });
    chunk.forEach((b, i) => {
      if (inserted[i]?.personId !== ids.personId(b.personKey))
        throw new Error("seedDemo: bookings came back out of order");
    });
    bookingIds.push(...inserted.map((row) => row.id));
  }
  return bookingIds;
}
