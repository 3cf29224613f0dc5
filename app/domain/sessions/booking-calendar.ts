import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Database } from "../../db/database";
import { formatDate } from "../../lib/dates";
import { DomainError } from "../errors";
import { instant } from "./session-lock";
import { type BookingView, getBooking } from "./get-booking";

export interface CalendarOptions {
  /** Who sends the invitation (Outlook needs an organiser to accept a REQUEST or a CANCEL). */
  organiser: { name: string; email: string };
  /** The service's address, for links back to the session. */
  publicUrl: string;
  now?: Date;
}

export interface BookingCalendarFile {
  filename: string;
  content: string;
  method: "REQUEST" | "CANCEL";
}

/** The event's UID: the same for the life of the booking, so an update or cancellation replaces it. */
export function bookingEventUid(bookingId: number): string {
  return `booking-${bookingId}@prevent-training-tracker`;
}

/**
 * A booking's iCalendar file. A place is an invitation (METHOD:REQUEST); a cancelled booking or
 * session is METHOD:CANCEL with STATUS:CANCELLED and the same UID, so the event disappears from
 * the person's calendar. SEQUENCE is the booking's calendar_sequence, raised by every change
 * of time or place and by the cancellation. Times are in UTC.
 */
export async function bookingCalendar(
  db: Database,
  bookingId: number,
  options: CalendarOptions,
): Promise<BookingCalendarFile | undefined> {
  const booking = await getBooking(db, bookingId);
  if (!booking) return undefined;
  if (booking.status === "waitlisted") {
    throw new DomainError(
      "This booking is on the waiting list. A calendar invitation is offered once there is a place.",
      undefined,
      "waitlisted",
    );
  }
  return { ...calendarFor(booking, options), filename: `${slug(booking.courseTitle)}-${booking.date}.ics` };
}

function calendarFor(booking: BookingView, options: CalendarOptions): Omit<BookingCalendarFile, "filename"> {
  const cancelled = booking.status === "cancelled" || booking.sessionStatus === "cancelled";
  const method = cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const sessionUrl = `${options.publicUrl.replace(/\/+$/, "")}/sessions/${booking.sessionId}`;
  const calendar = ical({
    prodId: { company: "Prevent Training Tracker", product: "bookings", language: "EN" },
    method,
  });
  const description = [
    `${booking.courseTitle} on ${formatDate(booking.startsAt)}.`,
    booking.trainerName ? `Trainer: ${booking.trainerName}.` : null,
    booking.joiningLink ? `Join online: ${booking.joiningLink}` : null,
    cancelled
      ? `This booking has been cancelled.${booking.sessionCancelReason ? ` ${booking.sessionCancelReason}` : ""}`
      : `Your booking: ${sessionUrl}`,
  ]
    .filter(Boolean)
    .join("\n");
  calendar.createEvent({
    id: bookingEventUid(booking.id),
    sequence: booking.calendarSequence,
    stamp: options.now ?? new Date(),
    start: instant(booking.startsAt),
    end: instant(booking.endsAt),
    summary: cancelled ? `Cancelled: ${booking.courseTitle}` : booking.courseTitle,
    description,
    location: booking.joiningLink ? "Online" : booking.venue,
    url: booking.joiningLink ?? sessionUrl,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: options.organiser,
    attendees: booking.personEmail ? [{ name: booking.personName, email: booking.personEmail }] : [],
  });
  return { content: endLinesWithCrlf(calendar.toString()), method };
}

/**
 * RFC 5545 (3.1) ends every content line with CRLF, the last END:VCALENDAR included;
 * ical-generator leaves the last one bare, and some importers then drop the final line.
 */
function endLinesWithCrlf(text: string): string {
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "booking"
  );
}
