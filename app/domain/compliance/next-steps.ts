import { parseISO } from "date-fns";
import type { Database } from "../../db/database";
import type { Requirement } from "../requirements/get-requirement";
import { findSessions } from "../sessions/find-sessions";
import type { ComplianceRow } from "./status-for-people";

export interface NextSteps {
  /** E-learning among the equivalent courses: launch it (elsewhere or here), then record it. */
  elearning: Array<{ courseId: number; title: string; externalUrl: string | null; hosted: boolean }>;
  /** The soonest scheduled sessions of the equivalent bookable courses. */
  sessions: Array<{
    sessionId: number;
    courseId: number;
    courseTitle: string;
    startsAt: string;
    online: boolean;
    venue: string | null;
    placesLeft: number;
  }>;
  /** Bookable classroom courses, for "see all sessions". */
  bookableCourses: Array<{ courseId: number; title: string }>;
}

const SESSIONS_SHOWN = 3;

/**
 * What a person can do next about each requirement they do not hold comfortably (anything but
 * current, and not already booked): the e-learning among its courses, and the soonest sessions
 * of its bookable ones. One query per distinct bookable course, whatever the number of requirements.
 */
export async function nextStepsFor(
  db: Database,
  rows: readonly ComplianceRow[],
  requirements: readonly Requirement[],
  now: Date = new Date(),
): Promise<Map<number, NextSteps>> {
  const byId = new Map(requirements.map((r) => [r.id, r]));
  const wanted = rows.filter((row) => row.status !== "current" && row.booked === null && byId.has(row.requirementId));
  const classroom = (mode: string) => mode === "face_to_face" || mode === "live_online";
  const courseIds = new Set<number>();
  for (const row of wanted) {
    for (const course of byId.get(row.requirementId)!.courses) {
      if (course.bookable && !course.retired && classroom(course.deliveryMode)) courseIds.add(course.id);
    }
  }
  const sessionsByCourse = new Map(
    await Promise.all(
      [...courseIds].map(
        async (courseId) =>
          [courseId, (await findSessions(db, { courseId, pageSize: SESSIONS_SHOWN }, now)).rows] as const,
      ),
    ),
  );
  const steps = new Map<number, NextSteps>();
  for (const row of wanted) {
    const requirement = byId.get(row.requirementId)!;
    const live = requirement.courses.filter((c) => c.bookable && !c.retired);
    steps.set(row.requirementId, {
      elearning: live
        .filter((c) => c.deliveryMode === "external_elearning" || c.deliveryMode === "hosted_elearning")
        .map((c) => ({
          courseId: c.id,
          title: c.title,
          externalUrl: c.deliveryMode === "external_elearning" ? c.externalUrl : null,
          hosted: c.deliveryMode === "hosted_elearning",
        })),
      sessions: live
        .filter((c) => classroom(c.deliveryMode))
        .flatMap((c) => sessionsByCourse.get(c.id) ?? [])
        .filter((s) => s.bookingClosesAt === null || parseISO(s.bookingClosesAt.replace(" ", "T")) > now)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .slice(0, SESSIONS_SHOWN)
        .map((s) => ({
          sessionId: s.id,
          courseId: s.courseId,
          courseTitle: s.courseTitle,
          startsAt: s.startsAt,
          online: s.online,
          venue: s.venue,
          placesLeft: s.placesLeft,
        })),
      bookableCourses: live.filter((c) => classroom(c.deliveryMode)).map((c) => ({ courseId: c.id, title: c.title })),
    });
  }
  return steps;
}
