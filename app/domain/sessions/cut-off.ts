import type { Database } from "../../db/database";
import { bankHolidaySet } from "../working-days/bank-holidays";
import { bookingCutOff, type HolidaySet } from "../working-days/working-days";
import { instant } from "./session-lock";

export interface CutOffSession {
  startsAt: string;
  bookingClosesAt: string | null;
  /** The course's booking_closes_working_days. */
  bookingClosesWorkingDays: number;
}

/**
 * When booking closes and self-cancellation ends: the course's working days before the session
 * at its start time (weekends and the England and Wales bank holidays skipped), or the session's
 * own cut-off when that is earlier.
 */
export function cancellationCutOff(session: CutOffSession, holidays: HolidaySet): Date {
  return bookingCutOff(
    {
      startsAt: instant(session.startsAt),
      bookingClosesAt: session.bookingClosesAt ? instant(session.bookingClosesAt) : null,
      workingDays: session.bookingClosesWorkingDays,
    },
    holidays,
  );
}

/** cancellationCutOff with the bank holidays read from the table. */
export async function sessionCutOff(db: Database, session: CutOffSession): Promise<Date> {
  return cancellationCutOff(session, await bankHolidaySet(db));
}
