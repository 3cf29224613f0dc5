/**
 * The training team's sessions: three years of delivered classroom and online sessions and
 * three months of scheduled ones, each course with its trainers, venues and room sizes, on days
 * the team works. Who booked and attended is in registers.ts.
 */
import type { Database } from "../db/database";
import { courseSessions } from "../db/schema";
import { addDaysToDate, daysBetween } from "../lib/dates";
import { isSessionDay, londonAt, subtractWorkingDays } from "./calendar";
import { COURSE_CODES, type CourseCode } from "./catalogue";
import { course } from "./catalogue-and-requirements";
import { VENUES } from "./names";
import { chunks, type DemoPlan, type IsoDate, type SessionSeed, type WrittenIds } from "./plan";

/** Past (three years) and upcoming (three months) sessions per bookable classroom course. */
export const SESSION_COUNTS: [CourseCode, number, number][] = [
  [COURSE_CODES.preventWorkshop, 14, 10],
  [COURSE_CODES.preventSchools, 9, 6],
  [COURSE_CODES.safeguardingChildren2, 10, 6],
  [COURSE_CODES.safeguardingChildren3, 5, 3],
  [COURSE_CODES.safeguardingAdults2, 8, 5],
  [COURSE_CODES.dslTraining, 6, 4],
  [COURSE_CODES.dslUpdate, 5, 4],
  [COURSE_CODES.saferRecruitment, 4, 2],
];

/** Whether the team runs sessions of a course (others are e-learning or historical). */
export function sessionable(code: CourseCode): boolean {
  return SESSION_COUNTS.some(([c]) => c === code);
}

const VENUE_CHOICES: Record<string, readonly string[]> = {
  [COURSE_CODES.preventWorkshop]: [...VENUES.townHall, ...VENUES.civicCentre],
  [COURSE_CODES.safeguardingChildren2]: [...VENUES.civicCentre, ...VENUES.other],
  [COURSE_CODES.safeguardingChildren3]: VENUES.civicCentre,
  [COURSE_CODES.safeguardingAdults2]: [...VENUES.civicCentre, VENUES.townHall[0]],
  [COURSE_CODES.dslTraining]: [VENUES.other[0]],
  [COURSE_CODES.saferRecruitment]: [VENUES.other[0], VENUES.civicCentre[1]],
};

const CAPACITY: Record<string, [number, number]> = {
  [COURSE_CODES.preventWorkshop]: [20, 30],
  [COURSE_CODES.preventSchools]: [25, 30],
  [COURSE_CODES.safeguardingChildren2]: [16, 24],
  [COURSE_CODES.safeguardingChildren3]: [14, 20],
  [COURSE_CODES.safeguardingAdults2]: [16, 22],
  [COURSE_CODES.dslTraining]: [16, 24],
  [COURSE_CODES.dslUpdate]: [24, 30],
  [COURSE_CODES.saferRecruitment]: [12, 16],
};

export function planSessions(plan: DemoPlan): void {
  const { rng, today: T, threeYearsAgo, sessions } = plan;
  const prevent = plan.demo.trainer;
  const { educationAdviser, safeguardingTrainer, learningAdviser } = plan.trainers;
  /** Who runs each course, and how often. */
  const TRAINERS: Record<string, [number, number][]> = {
    [COURSE_CODES.preventWorkshop]: [
      [prevent, 75],
      [learningAdviser, 25],
    ],
    [COURSE_CODES.preventSchools]: [
      [prevent, 50],
      [educationAdviser, 50],
    ],
    [COURSE_CODES.safeguardingChildren2]: [
      [safeguardingTrainer, 70],
      [educationAdviser, 30],
    ],
    [COURSE_CODES.safeguardingChildren3]: [
      [educationAdviser, 60],
      [safeguardingTrainer, 40],
    ],
    [COURSE_CODES.safeguardingAdults2]: [
      [safeguardingTrainer, 60],
      [learningAdviser, 40],
    ],
    [COURSE_CODES.dslTraining]: [[educationAdviser, 1]],
    [COURSE_CODES.dslUpdate]: [
      [educationAdviser, 70],
      [prevent, 30],
    ],
    [COURSE_CODES.saferRecruitment]: [[learningAdviser, 1]],
  };
  /** A session day in [lo, hi], or the nearest one inside [floor, ceiling] when the slot has none. */
  const sessionDayBetween = (lo: IsoDate, hi: IsoDate, floor: IsoDate, ceiling: IsoDate): IsoDate => {
    const start = rng.int(0, daysBetween(lo, hi));
    for (const [from, to] of [
      [lo, hi],
      [floor, ceiling],
    ] as const) {
      for (let offset = 0; offset <= 120; offset++) {
        for (const day of [addDaysToDate(lo, start + offset), addDaysToDate(lo, start - offset)]) {
          if (day >= from && day <= to && isSessionDay(day)) return day;
        }
      }
    }
    throw new Error("seedDemo: no day for a session");
  };
  const teamsLink = () =>
    `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${rng.string("abcdefghijklmnopqrstuvwxyz0123456789", 32)}%40thread.v2/0`;

  const makeSession = (code: CourseCode, date: IsoDate, past: boolean): SessionSeed => {
    const c = course(code);
    const [startHour, startMinute] =
      c.durationMinutes >= 300
        ? [9, 30]
        : c.durationMinutes >= 150
          ? rng.pick([
              [9, 30],
              [13, 30],
            ] as const)
          : code === COURSE_CODES.preventSchools
            ? rng.pick([
                [15, 45],
                [16, 0],
                [10, 0],
              ] as const)
            : rng.pick([
                [10, 0],
                [14, 0],
              ] as const);
    const startsAt = londonAt(date, startHour, startMinute);
    const online = c.deliveryMode === "live_online";
    const [minCap, maxCap] = CAPACITY[code] ?? [12, 30];
    return {
      courseCode: code,
      date,
      startsAt,
      endsAt: new Date(startsAt.getTime() + c.durationMinutes * 60_000),
      venue: online ? VENUES.online : rng.pick(VENUE_CHOICES[code] ?? VENUES.civicCentre),
      joiningLink: online ? teamsLink() : null,
      capacity: rng.int(minCap, maxCap),
      trainerKey: rng.weighted(TRAINERS[code]!),
      bookingClosesAt: londonAt(subtractWorkingDays(date, 3), 23, 59),
      status: past ? "delivered" : "scheduled",
      cancelledAt: null,
      cancelReason: null,
      calendarSequence: 0,
      audienceOrgRef: null,
      notes:
        code === COURSE_CODES.dslTraining
          ? "Please bring a copy of your school's child protection policy."
          : code === COURSE_CODES.saferRecruitment
            ? "Lunch is not provided. Certificates are issued to those who complete the final assessment."
            : null,
      createdAt: londonAt(
        past ? addDaysToDate(date, -rng.int(60, 110)) : addDaysToDate(T, -rng.int(55, 100)),
        11,
        rng.int(0, 59),
      ),
      people: new Set(),
      taken: 0,
    };
  };

  // Each course's past sessions spread evenly over three years, up to a week ago.
  for (const [code, pastCount] of SESSION_COUNTS) {
    const span = daysBetween(threeYearsAgo, addDaysToDate(T, -7));
    for (let i = 0; i < pastCount; i++) {
      const lo = addDaysToDate(threeYearsAgo, Math.floor((span * i) / pastCount) + 1);
      const hi = addDaysToDate(threeYearsAgo, Math.floor((span * (i + 1)) / pastCount));
      sessions.push(
        makeSession(code, sessionDayBetween(lo, hi, addDaysToDate(threeYearsAgo, 1), addDaysToDate(T, -7)), true),
      );
    }
  }
  // The demo trainer's own week, whatever day the demo is seeded on (a newcomer can take a register
  // at once): last week's workshop, its register taken, and one today, its register still to take.
  // Fixed times and no random choice, so the rest of the council is drawn as before.
  let lastWeek = addDaysToDate(T, -7);
  while (!isSessionDay(lastWeek)) lastWeek = addDaysToDate(lastWeek, -1);
  sessions.push(trainersOwn(lastWeek, prevent, true));
  const pastSessionCount = sessions.length;
  // And its upcoming ones over the next three months.
  for (const [code, , upcomingCount] of SESSION_COUNTS) {
    const span = 88;
    for (let i = 0; i < upcomingCount; i++) {
      const lo = addDaysToDate(T, 3 + Math.floor((span * i) / upcomingCount));
      const hi = addDaysToDate(T, 2 + Math.floor((span * (i + 1)) / upcomingCount));
      sessions.push(makeSession(code, sessionDayBetween(lo, hi, addDaysToDate(T, 3), addDaysToDate(T, 90)), false));
    }
  }
  sessions.push(trainersOwn(T, prevent, false));
  // Sessions in date order, so their ids read chronologically.
  const order = sessions
    .map((s, i) => [s, i] as const)
    .sort(([a, i], [b, j]) => a.startsAt.getTime() - b.startsAt.getTime() || i - j);
  sessions.splice(0, sessions.length, ...order.map(([s]) => s));
  if (pastSessions(plan).length !== pastSessionCount) throw new Error("seedDemo: session dates out of range");
}

/**
 * One of the demo trainer's workshops at 9:00 on a day, made without the random sequence (the
 * rest of the council comes out as it did before these were added).
 */
function trainersOwn(date: IsoDate, trainerKey: number, past: boolean): SessionSeed {
  const code = COURSE_CODES.preventWorkshop;
  const startsAt = londonAt(date, 9, 0);
  return {
    courseCode: code,
    date,
    startsAt,
    endsAt: new Date(startsAt.getTime() + course(code).durationMinutes * 60_000),
    venue: VENUES.townHall[0]!,
    joiningLink: null,
    capacity: 24,
    trainerKey,
    bookingClosesAt: londonAt(subtractWorkingDays(date, 3), 23, 59),
    status: past ? "delivered" : "scheduled",
    cancelledAt: null,
    cancelReason: null,
    calendarSequence: 0,
    audienceOrgRef: null,
    notes: null,
    createdAt: londonAt(addDaysToDate(date, -60), 11, 0),
    people: new Set(),
    taken: 0,
    demoTrainersOwn: true,
  };
}

export function pastSessions(plan: DemoPlan): SessionSeed[] {
  return plan.sessions.filter((s) => s.status === "delivered");
}

/** Writes the sessions in plan order (rows come back in the order they were sent); returns their ids. */
export async function writeSessions(
  tx: Database,
  plan: DemoPlan,
  ids: Omit<WrittenIds, "sessionIds" | "bookingIds">,
): Promise<number[]> {
  const sessionIds: number[] = [];
  for (const chunk of chunks(plan.sessions)) {
    const inserted = await tx
      .insert(courseSessions)
      .values(
        chunk.map((s) => ({
          courseId: ids.courseIds.get(s.courseCode)!,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          venue: s.venue,
          joiningLink: s.joiningLink,
          capacity: s.capacity,
          trainerPersonId: ids.personId(s.trainerKey),
          bookingClosesAt: s.bookingClosesAt,
          audienceOrganisationId: s.audienceOrgRef ? ids.orgIds.get(s.audienceOrgRef)! : null,
          status: s.status,
          calendarSequence: s.calendarSequence,
          notes: s.notes,
          cancelledAt: s.cancelledAt,
          cancelReason: s.cancelReason,
          createdAt: s.createdAt,
          updatedAt: s.cancelledAt ?? s.createdAt,
        })),
      )
      .returning({ id: courseSessions.id, startsAt: courseSessions.startsAt });
    chunk.forEach((s, i) => {
      if (inserted[i]?.startsAt.getTime() !== s.startsAt.getTime())
        throw new Error("seedDemo: sessions came back out of order");
    });
    sessionIds.push(...inserted.map((row) => row.id));
  }
  return sessionIds;
}
