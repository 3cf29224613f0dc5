/**
 * Everyone's training history: for each requirement that applies to a person, whether they are
 * current, expiring, expired or missing (in the proportions a council sees), and the completion
 * that puts them there, at a past session when one fits; earlier cycles, training taken for its
 * own sake, the demo people's own records, and two completions revoked as made in error.
 */
import type { Database } from "../db/database";
import { completions } from "../db/schema";
import { addDaysToDate, addMonthsToDate, daysBetween } from "../lib/dates";
import { maxDate, minDate } from "./calendar";
import { CATALOGUE, COURSE_CODES, type CourseCode } from "./catalogue";
import { applies, course } from "./catalogue-and-requirements";
import {
  activeOn,
  chunks,
  type DemoPlan,
  type IsoDate,
  type Outcome,
  type PersonSeed,
  type SessionSeed,
  type WrittenIds,
} from "./plan";
import { addCompletion, attend, sourceFor } from "./records";
import { SCHOOLS } from "./names";
import { REQUIREMENTS } from "./requirements";
import { pastSessions, sessionable } from "./sessions";

/** How each requirement's audience is spread across statuses, and which courses they took. */
export const REQUIREMENT_MIX: Record<
  string,
  { outcomes: [number, number, number, number]; courses: [CourseCode, number][] }
> = {
  "council-frontline-prevent": {
    outcomes: [68, 9, 11, 12],
    courses: [
      [COURSE_CODES.preventAwareness, 55],
      [COURSE_CODES.preventWorkshop, 40],
      [COURSE_CODES.wrap, 25],
    ],
  },
  "contractor-frontline-prevent": {
    outcomes: [55, 8, 15, 22],
    courses: [
      [COURSE_CODES.preventAwareness, 60],
      [COURSE_CODES.preventWorkshop, 35],
      [COURSE_CODES.wrap, 15],
    ],
  },
  "school-staff-prevent": {
    outcomes: [75, 8, 9, 8],
    courses: [
      [COURSE_CODES.preventAwareness, 40],
      [COURSE_CODES.preventSchools, 45],
      [COURSE_CODES.preventWorkshop, 5],
      [COURSE_CODES.wrap, 10],
    ],
  },
  "school-dsl-training": { outcomes: [80, 8, 8, 4], courses: [[COURSE_CODES.dslTraining, 1]] },
  "school-dsl-update": { outcomes: [72, 10, 12, 6], courses: [[COURSE_CODES.dslUpdate, 1]] },
  "school-staff-safeguarding": {
    outcomes: [78, 10, 8, 4],
    courses: [
      [COURSE_CODES.safeguardingChildren1, 70],
      [COURSE_CODES.safeguardingChildren2, 25],
      [COURSE_CODES.safeguardingChildren3, 5],
    ],
  },
  "council-managers-referrals": { outcomes: [55, 8, 10, 27], courses: [[COURSE_CODES.preventReferrals, 1]] },
  "children-families-safeguarding-l2": {
    outcomes: [70, 8, 12, 10],
    courses: [
      [COURSE_CODES.safeguardingChildren2, 75],
      [COURSE_CODES.safeguardingChildren3, 25],
    ],
  },
  "adults-health-safeguarding-l2": { outcomes: [70, 8, 12, 10], courses: [[COURSE_CODES.safeguardingAdults2, 1]] },
};

/**
 * A school behind with its training whatever day the demo is seeded on (its DSL's training and its
 * staff's Prevent awareness ran out), so the schools table always shows a red school beside the
 * amber and green ones that the proportions above give.
 */
const SCHOOL_BEHIND = SCHOOLS.find((s) => s.name === "Canal Side Primary School")!;
const LAPSED_AT_SCHOOL_BEHIND = new Set(["school-staff-prevent", "school-dsl-training", "school-dsl-update"]);

export function planTrainingHistory(plan: DemoPlan): void {
  const { rng, today: T, yesterday, outcomes } = plan;
  const past = pastSessions(plan);

  /** Records that a person completed a course some day in [lo, hi]: at a past session if one fits. */
  const complete = (p: PersonSeed, code: CourseCode, lo: IsoDate, hi: IsoDate): IsoDate => {
    if (sessionable(code) && !p.noSessions) {
      const fits = past.filter(
        (s: SessionSeed) =>
          s.courseCode === code &&
          s.date >= lo &&
          s.date <= hi &&
          s.taken < s.capacity &&
          !s.people.has(p.key) &&
          activeOn(p, s.date),
      );
      if (fits.length > 0) {
        const session = rng.pick(fits);
        attend(plan, session, p);
        return session.date;
      }
    }
    const completedOn = addDaysToDate(lo, rng.int(0, daysBetween(lo, hi)));
    addCompletion(plan, { personKey: p.key, code, completedOn, source: sourceFor(code) });
    return completedOn;
  };

  const wrapLatest = addDaysToDate(addMonthsToDate(T, -36), 60);
  const wrapEarliest = addMonthsToDate(T, -60);

  for (const p of plan.persons) {
    if (p.demo) continue;
    const lastDay = p.leavingDate ? addDaysToDate(p.leavingDate, -1) : yesterday;
    let dslTrainingOn: IsoDate | null = null;
    for (const r of REQUIREMENTS) {
      if (!applies(r, p)) continue;
      const mix = REQUIREMENT_MIX[r.key]!;
      const isLead = p.tags.includes("dsl") || p.tags.includes("deputy_dsl");
      const recent = daysBetween(p.startDate, T) < r.dueWithinDays;
      const lapsed = p.orgRef === SCHOOL_BEHIND.laestab && LAPSED_AT_SCHOOL_BEHIND.has(r.key);
      let outcome: Outcome = lapsed
        ? "expired"
        : recent
          ? rng.weighted<Outcome>([
              ["current", 30],
              ["missing", 70],
            ])
          : rng.weighted<Outcome>([
              ["current", mix.outcomes[0]],
              ["expiring", mix.outcomes[1]],
              ["expired", mix.outcomes[2]],
              ["missing", mix.outcomes[3]],
            ]);
      if (
        r.key === "school-dsl-update" &&
        dslTrainingOn &&
        dslTrainingOn > addDaysToDate(addMonthsToDate(T, -12), 62)
      ) {
        // Full DSL training in the last year already serves as the annual update.
        outcomes.push({ personKey: p.key, requirement: r, outcome: "current" });
        continue;
      }
      if (outcome === "missing") {
        outcomes.push({ personKey: p.key, requirement: r, outcome });
        continue;
      }
      const courseWeights =
        r.key === "school-staff-safeguarding" && isLead
          ? ([
              [COURSE_CODES.safeguardingChildren1, 30],
              [COURSE_CODES.safeguardingChildren2, 30],
              [COURSE_CODES.safeguardingChildren3, 40],
            ] as [CourseCode, number][])
          : mix.courses;
      let code = rng.weighted(courseWeights.filter(([c]) => c !== COURSE_CODES.wrap || outcome !== "current"));
      const months = (c: CourseCode) => r.renewalMonths ?? course(c).validityMonths ?? 36;
      /** The days a completion could fall on for this outcome, within the person's time here. */
      const windowFor = (o: Outcome, c: CourseCode): [IsoDate, IsoDate] => {
        const base = addMonthsToDate(T, -months(c));
        let [lo, hi] =
          o === "current"
            ? [addDaysToDate(base, r.reminderDays + 2), yesterday]
            : o === "expiring"
              ? [addDaysToDate(base, 2), addDaysToDate(base, r.reminderDays - 1)]
              : [addDaysToDate(base, -540), addDaysToDate(base, -2)];
        if (c === COURSE_CODES.wrap) {
          lo = maxDate(lo, wrapEarliest);
          hi = minDate(hi, wrapLatest);
        }
        return [maxDate(lo, p.startDate), minDate(hi, lastDay)];
      };
      let [lo, hi] = windowFor(outcome, code);
      if (lo > hi && lapsed) {
        // Too new at the school behind to have let it run out: never trained.
        outcomes.push({ personKey: p.key, requirement: r, outcome: "missing" });
        continue;
      }
      if (lo > hi) {
        outcome = "current";
        if (code === COURSE_CODES.wrap) code = courseWeights.find(([c]) => c !== COURSE_CODES.wrap)![0];
        [lo, hi] = windowFor(outcome, code);
      }
      if (lo > hi) {
        outcomes.push({ personKey: p.key, requirement: r, outcome: "missing" });
        continue;
      }
      outcomes.push({ personKey: p.key, requirement: r, outcome });
      const done = complete(p, code, lo, hi);
      if (code === COURSE_CODES.dslTraining) dslTrainingOn = done;

      // An earlier cycle: a WRAP record for long-serving staff, or the previous refresher.
      if (outcome !== "current" || !rng.chance(0.4)) continue;
      if (r.courseCodes.includes(COURSE_CODES.wrap) && code !== COURSE_CODES.wrap) {
        const wrapHi = minDate(addDaysToDate(addMonthsToDate(T, -36), -30), addDaysToDate(done, -200));
        const wrapLo = maxDate(wrapEarliest, p.startDate);
        if (wrapLo <= wrapHi) complete(p, COURSE_CODES.wrap, wrapLo, wrapHi);
      } else {
        const previous = addMonthsToDate(done, -months(code));
        const prevLo = maxDate(addDaysToDate(previous, -45), p.startDate);
        const prevHi = minDate(addDaysToDate(previous, 45), addDaysToDate(done, -60));
        if (prevLo <= prevHi) complete(p, code, prevLo, prevHi);
      }
    }

    // Training nobody requires of them but which people take anyway.
    const inCommunitySafety = p.orgChain.includes("LBN-CE-CS");
    const lead = p.tags.includes("dsl") || p.tags.includes("deputy_dsl");
    const anyDay = () => {
      const lo = maxDate(p.startDate, addMonthsToDate(T, -40));
      return lo <= lastDay ? addDaysToDate(lo, rng.int(0, daysBetween(lo, lastDay))) : null;
    };
    const extra = (code: CourseCode, chance: number) => {
      if (!rng.chance(chance)) return;
      const day = anyDay();
      if (day) addCompletion(plan, { personKey: p.key, code, completedOn: day, source: sourceFor(code) });
    };
    if (lead || inCommunitySafety) {
      extra(COURSE_CODES.preventReferrals, 0.5);
      extra(COURSE_CODES.channelAwareness, 0.3);
    }
    if (
      p.sector === "council" &&
      p.tags.includes("frontline") &&
      !p.orgChain.includes("LBN-CF") &&
      !p.orgChain.includes("LBN-AH")
    ) {
      extra(rng.chance(0.5) ? COURSE_CODES.safeguardingAdults1 : COURSE_CODES.safeguardingChildren1, 0.2);
    }
    if (p.sector === "contractor" && p.orgRef === "CON-0417") extra(COURSE_CODES.safeguardingChildren1, 0.5);
    if (p.sector === "partner") {
      extra(COURSE_CODES.preventAwareness, 0.6);
      extra(COURSE_CODES.channelAwareness, 0.2);
    }
  }
}

/** The demo people's own records, written by hand so each account shows something to talk about. */
export function planDemoPeopleRecords(plan: DemoPlan): void {
  const { today: T, demo } = plan;
  const ext = (key: number, code: CourseCode, completedOn: IsoDate) =>
    addCompletion(plan, { personKey: key, code, completedOn, source: sourceFor(code) });
  ext(demo.coordinator, COURSE_CODES.wrap, addDaysToDate(T, -1750));
  ext(demo.coordinator, COURSE_CODES.preventAwareness, addDaysToDate(T, -402));
  ext(demo.coordinator, COURSE_CODES.preventReferrals, addDaysToDate(T, -388));
  ext(demo.coordinator, COURSE_CODES.channelAwareness, addDaysToDate(T, -371));
  ext(demo.education_officer, COURSE_CODES.preventAwareness, addDaysToDate(T, -702));
  ext(demo.education_officer, COURSE_CODES.preventReferrals, addDaysToDate(T, -690));
  ext(demo.education_officer, COURSE_CODES.channelAwareness, addDaysToDate(T, -684));
  ext(demo.education_officer, COURSE_CODES.safeguardingChildren3, addDaysToDate(T, -505));
  ext(demo.trainer, COURSE_CODES.wrap, addDaysToDate(T, -1690));
  ext(demo.trainer, COURSE_CODES.preventAwareness, addDaysToDate(T, -905));
  ext(demo.trainer, COURSE_CODES.preventReferrals, addDaysToDate(T, -881));
  ext(demo.trainer, COURSE_CODES.channelAwareness, addDaysToDate(T, -874));
  ext(demo.manager, COURSE_CODES.wrap, addDaysToDate(T, -1665));
  ext(demo.manager, COURSE_CODES.preventAwareness, addDaysToDate(T, -431));
  ext(demo.manager, COURSE_CODES.preventReferrals, addDaysToDate(T, -409));
  ext(demo.learner, COURSE_CODES.wrap, addDaysToDate(T, -1522));
  // Prevent awareness runs out 25 days from today: "expiring" for the council frontline requirement.
  ext(demo.learner, COURSE_CODES.preventAwareness, addDaysToDate(addMonthsToDate(T, -36), 25));
  ext(demo.learner, COURSE_CODES.safeguardingAdults1, addDaysToDate(T, -150));
}

/** Two completions made in error, revoked rather than deleted. */
export function planRevokedCompletions(plan: DemoPlan): void {
  const { today: T, persons } = plan;
  const duplicateOf = plan.completions.find(
    (c) =>
      c.source === "external_evidence" && c.courseCode === COURSE_CODES.preventAwareness && !persons[c.personKey]!.demo,
  )!;
  const duplicate = addCompletion(plan, {
    personKey: duplicateOf.personKey,
    code: duplicateOf.courseCode,
    completedOn: duplicateOf.completedOn,
    source: "external_evidence",
  });
  const duplicateRow = plan.completions[duplicate]!;
  duplicateRow.revokedAt = new Date(duplicateRow.recordedAt.getTime() + 3 * 86_400_000);
  duplicateRow.revokedByAccountId = "demo-coordinator";
  duplicateRow.revokeReason = "Duplicate: the same certificate was recorded twice.";
  const wrongPerson = persons.find(
    (p) =>
      p.sector === "council" &&
      p.tags.includes("frontline") &&
      !p.demo &&
      !p.leavingDate &&
      p.key > persons.length / 3 &&
      p.startDate < addDaysToDate(T, -400),
  )!;
  const wrong = addCompletion(plan, {
    personKey: wrongPerson.key,
    code: COURSE_CODES.preventAwareness,
    completedOn: addDaysToDate(T, -220),
    source: "external_evidence",
  });
  const wrongRow = plan.completions[wrong]!;
  wrongRow.revokedAt = new Date(wrongRow.recordedAt.getTime() + 9 * 86_400_000);
  wrongRow.revokedByAccountId = "demo-coordinator";
  wrongRow.revokeReason =
    "Recorded against the wrong person: the certificate belongs to a colleague with the same name.";
}

/** Completions in date order, so their ids read chronologically; attendance records name who took the register. */
export function orderCompletions(plan: DemoPlan): void {
  plan.completions.sort((a, b) =>
    a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : a.personKey - b.personKey,
  );
  for (const c of plan.completions) {
    if (
      c.source === "attendance" &&
      c.sessionIdx !== null &&
      plan.sessions[c.sessionIdx]!.trainerKey === plan.demo.trainer
    ) {
      c.recordedByAccountId = "demo-trainer";
    }
  }
}

export async function writeCompletions(tx: Database, plan: DemoPlan, ids: WrittenIds): Promise<void> {
  const validity = new Map(CATALOGUE.map((c) => [c.code, c.validityMonths]));
  for (const chunk of chunks(plan.completions)) {
    await tx.insert(completions).values(
      chunk.map((c) => {
        const months = validity.get(c.courseCode) ?? null;
        return {
          personId: ids.personId(c.personKey),
          courseId: ids.courseIds.get(c.courseCode)!,
          completedOn: c.completedOn,
          expiresOn: months === null ? null : addMonthsToDate(c.completedOn, months),
          source: c.source,
          sessionId: c.sessionIdx === null ? null : ids.sessionIds[c.sessionIdx]!,
          bookingId: c.bookingIdx === null ? null : ids.bookingIds[c.bookingIdx]!,
          evidenceNote: c.evidenceNote,
          recordedByAccountId: c.recordedByAccountId,
          recordedAt: c.recordedAt,
          certificateCode: c.certificateCode,
          revokedAt: c.revokedAt,
          revokedByAccountId: c.revokedByAccountId,
          revokeReason: c.revokeReason,
        };
      }),
    );
  }
}
