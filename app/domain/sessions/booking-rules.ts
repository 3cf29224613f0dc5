import type { SessionStatus } from "../../db/schema";
import { formatDateTime } from "../../lib/dates";
import { instant } from "./session-lock";

export interface BookingWindow {
  status: SessionStatus;
  startsAt: string;
  /** The course is bookable and not retired. */
  courseBookable: boolean;
  bookingOpensAt: string | null;
  bookingClosesAt: string | null;
}

/**
 * Why a session cannot be booked now, or null when it can: the session-level rules of booking
 * (scheduled, not started, course still bookable, inside the booking window). bookPlace enforces
 * them; pages use them to say why there is no Book button.
 */
export function whyNotBookable(
  session: BookingWindow,
  now: Date = new Date(),
): { code: string; message: string } | null {
  if (session.status === "cancelled") return { code: "cancelled", message: "This session has been cancelled." };
  if (session.status === "delivered" || instant(session.startsAt) <= now) {
    return { code: "started", message: "This session has already started." };
  }
  if (!session.courseBookable) return { code: "not-bookable", message: "This course can no longer be booked." };
  if (session.bookingOpensAt && instant(session.bookingOpensAt) > now) {
    return {
      code: "not-open",
      message: `Booking for this session opens on ${formatDateTime(session.bookingOpensAt)}.`,
    };
  }
  if (session.bookingClosesAt && instant(session.bookingClosesAt) <= now) {
    return {
      code: "closed",
      message: `Booking for this session closed on ${formatDateTime(session.bookingClosesAt)}.`,
    };
  }
  return null;
}
