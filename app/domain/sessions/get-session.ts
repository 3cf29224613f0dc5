import type { Database } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import { getCourse } from "../catalogue/get-course";
import { type SessionListItem, getSessionWithFill } from "./list-sessions";
import { instant } from "./session-lock";

export interface SessionView extends SessionListItem {
  /** The session's date in London, YYYY-MM-DD. */
  date: string;
  placesLeft: number;
  /** False when the course is retired or not bookable. */
  courseBookable: boolean;
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
  return {
    ...session,
    date: todayInLondon(instant(session.startsAt)),
    placesLeft: Math.max(0, session.capacity - session.booked),
    courseBookable: Boolean(course?.bookable && course.retiredAt === null),
  };
}
