import type { Database } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import { getCourse } from "../catalogue/get-course";
import { sessionCutOff } from "./cut-off";
import { type SessionListItem, getSessionWithFill } from "./list-sessions";
import { instant } from "./session-lock";

export interface SessionView extends SessionListItem {
  /** The session's date in London, YYYY-MM-DD. */
  date: string;
  placesLeft: number;
  /** False when the course is retired or not bookable. */
  courseBookable: boolean;
  /** The session's own cut-off, as set; bookingClosesAt is the one that applies (see cancellationCutOff). */
  ownBookingClosesAt: string | null;
}

/** One session with its course, trainer, audience and place counts, as the booking pages show it. */
export async function getSession(
  db: Database,
  sessionId: number,
  now: Date = new Date(),
): Promise<SessionView | undefined> {
  const session = await getSessionWithFill(db, sessionId, now);
  if (!session) return undefined;
  const course = await getCourse(db, session.courseId);
  // Booking closes the course's working days before the session, or at the session's own earlier cut-off.
  const closesAt = await sessionCutOff(db, {
    startsAt: session.startsAt,
    bookingClosesAt: session.bookingClosesAt,
    bookingClosesWorkingDays: course?.bookingClosesWorkingDays ?? 0,
  });
  return {
    ...session,
    bookingClosesAt: closesAt.toISOString(),
    ownBookingClosesAt: session.bookingClosesAt,
    date: todayInLondon(instant(session.startsAt)),
    placesLeft: Math.max(0, session.capacity - session.booked),
    courseBookable: Boolean(course?.bookable && course.retiredAt === null),
  };
}
