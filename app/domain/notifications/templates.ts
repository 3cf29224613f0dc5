import { formatDate, formatDateTime, formatTime } from "../../lib/dates";
import { messageText } from "./message-text";
import type { NotificationKind } from "./notify";

/**
 * What GOV.UK Notify needs for one kind of message: the configuration setting that holds its
 * template id, and the personalisation the template reads.
 *
 * Every template gets `subject` and `body` (the same words the app shows, from message-text.ts,
 * with links made absolute), so a council may make every template "((subject))" / "((body))";
 * the other fields let a council write its own words around the same facts. Every value is a
 * string (Notify refuses others), empty when the message has no such fact.
 * The README ("Templates and their fields") lists each kind's setting and fields.
 */
export interface MessageTemplate {
  /** The configuration variable holding the Notify template id, e.g. "NOTIFY_TEMPLATE_BOOKING_CONFIRMED". */
  setting: string;
  personalisation(details: Record<string, unknown>, serviceUrl: string): Record<string, string>;
}

function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

/** An absolute link on the service for a path ("/my-bookings"), or a link as it was stored when already absolute. */
export function absoluteLink(path: unknown, serviceUrl: string): string {
  const value = str(path);
  if (value === "") return "";
  if (/^https?:\/\//i.test(value)) return value;
  return new URL(value, serviceUrl).href;
}

function date(value: unknown): string {
  const v = str(value);
  return v === "" ? "" : formatDate(v);
}

function dateTime(value: unknown): string {
  const v = str(value);
  return v === "" ? "" : formatDateTime(v);
}

/** The fields every message about a session has: course, date, times, place, joining link. */
function sessionFields(details: Record<string, unknown>, serviceUrl: string): Record<string, string> {
  const startsAt = str(details.startsAt);
  const endsAt = str(details.endsAt);
  return {
    course_title: str(details.courseTitle),
    session_date: startsAt === "" ? "" : formatDate(startsAt),
    session_time: startsAt === "" ? "" : `${formatTime(startsAt)}${endsAt === "" ? "" : ` to ${formatTime(endsAt)}`}`,
    venue: str(details.venue),
    joining_link: str(details.joiningLink),
    bookings_link: absoluteLink("/my-bookings", serviceUrl),
  };
}

function words(kind: NotificationKind, details: Record<string, unknown>, serviceUrl: string): Record<string, string> {
  const { subject, body } = messageText(kind, details, { serviceUrl });
  return { subject, body };
}

/** A template whose personalisation is the words plus `extra`'s fields. */
function template(
  kind: NotificationKind,
  extra: (details: Record<string, unknown>, serviceUrl: string) => Record<string, string>,
): MessageTemplate {
  return {
    setting: `NOTIFY_TEMPLATE_${kind.replace(/[.-]/g, "_").toUpperCase()}`,
    personalisation: (details, serviceUrl) => ({ ...words(kind, details, serviceUrl), ...extra(details, serviceUrl) }),
  };
}

function linkFields(details: Record<string, unknown>): Record<string, string> {
  return { link: str(details.link), expires_at: dateTime(details.expiresAt) };
}

export const MESSAGE_TEMPLATES: Record<NotificationKind, MessageTemplate> = {
  "booking.confirmed": template("booking.confirmed", (d, url) => ({
    ...sessionFields(d, url),
    calendar_link: d.bookingId === undefined ? "" : absoluteLink(`/bookings/${str(d.bookingId)}/calendar.ics`, url),
  })),
  "booking.waitlisted": template("booking.waitlisted", (d, url) => ({
    ...sessionFields(d, url),
    waitlist_position: str(d.waitlistPosition),
  })),
  "booking.promoted": template("booking.promoted", (d, url) => ({
    ...sessionFields(d, url),
    calendar_link: d.bookingId === undefined ? "" : absoluteLink(`/bookings/${str(d.bookingId)}/calendar.ics`, url),
  })),
  "booking.cancelled": template("booking.cancelled", (d, url) => ({
    ...sessionFields(d, url),
    reason: str(d.reason),
  })),
  "session.changed": template("session.changed", (d, url) => ({
    ...sessionFields(d, url),
    calendar_link: d.bookingId === undefined ? "" : absoluteLink(`/bookings/${str(d.bookingId)}/calendar.ics`, url),
  })),
  "session.cancelled": template("session.cancelled", (d, url) => ({
    ...sessionFields(d, url),
    reason: str(d.reason),
  })),
  "attendance.no-show": template("attendance.no-show", (d, url) => ({
    ...sessionFields(d, url),
    person_name: str(d.personName),
    session_date: date(d.sessionDate) || sessionFields(d, url).session_date!,
  })),
  "requirement.expiring": template("requirement.expiring", (d) => ({
    course_title: str(d.courseTitle),
    expires_on: date(d.expiresOn),
    days_before: str(d.daysBefore),
  })),
  "session.reminder": template("session.reminder", (d, url) => ({
    ...sessionFields(d, url),
    days_before: str(d.daysBefore),
  })),
  "session.joining-instructions": template("session.joining-instructions", (d, url) => ({
    ...sessionFields(d, url),
    notes: str(d.notes),
    calendar_link: d.bookingId === undefined ? "" : absoluteLink(`/bookings/${str(d.bookingId)}/calendar.ics`, url),
  })),
  "requirement.expired": template("requirement.expired", (d, url) => ({
    course_title: str(d.courseTitle),
    expired_on: date(d.expiresOn),
    training_link: absoluteLink("/my-training", url),
  })),
  "team.requirement-expiring": template("team.requirement-expiring", (d, url) => ({
    course_title: str(d.courseTitle),
    person_name: str(d.personName),
    expires_on: date(d.expiresOn),
    days_before: str(d.daysBefore),
    team_link: absoluteLink("/team", url),
  })),
  "team.digest": template("team.digest", (d, url) => ({
    on_date: date(d.onDate),
    people: str(d.people) || "0",
    current: str(d.current) || "0",
    expiring: str(d.expiring) || "0",
    expired: str(d.expired) || "0",
    missing: str(d.missing) || "0",
    not_yet_due: str(d.notYetDue) || "0",
    team_link: absoluteLink("/team", url),
    account_link: absoluteLink("/account", url),
  })),
  "register.certificates-issued": template("register.certificates-issued", (d, url) => ({
    ...sessionFields(d, url),
    certificates: str(d.certificates),
    register_link: d.sessionId === undefined ? "" : absoluteLink(`/sessions/${str(d.sessionId)}/register`, url),
  })),
  "certificate.issued": template("certificate.issued", (d, url) => ({
    course_title: str(d.courseTitle),
    completed_on: date(d.completedOn),
    expires_on: date(d.expiresOn),
    certificate_code: str(d.certificateCode),
    certificate_link: absoluteLink(d.certificatePath, url),
  })),
  "evaluation.requested": template("evaluation.requested", (d, url) => ({
    ...sessionFields(d, url),
    evaluation_link: d.bookingId === undefined ? "" : absoluteLink(`/my-training/evaluations/${str(d.bookingId)}`, url),
  })),
  "booking.substituted": template("booking.substituted", (d, url) => ({
    ...sessionFields(d, url),
    role: str(d.role),
    from_name: str(d.fromName),
    to_name: str(d.toName),
    calendar_link:
      d.role === "received" && d.bookingId !== undefined
        ? absoluteLink(`/bookings/${str(d.bookingId)}/calendar.ics`, url)
        : "",
  })),
  "evaluation.follow-up": template("evaluation.follow-up", (d, url) => ({
    ...sessionFields(d, url),
    evaluation_link:
      d.bookingId === undefined
        ? ""
        : absoluteLink(`/my-training/evaluations/${str(d.bookingId)}?stage=follow_up`, url),
  })),
  "evidence.accepted": template("evidence.accepted", (d) => ({
    course_title: str(d.courseTitle),
    completed_on: date(d.completedOn),
  })),
  "evidence.rejected": template("evidence.rejected", (d) => ({
    course_title: str(d.courseTitle),
    completed_on: date(d.completedOn),
    reason: str(d.reason),
  })),
  "account.invitation": template("account.invitation", (d) => ({
    ...linkFields(d),
    invited_by: str(d.invitedBy),
    person_name: str(d.personName),
  })),
  "account.password-reset": template("account.password-reset", linkFields),
  "account.sign-in-link": template("account.sign-in-link", linkFields),
  "account.password-changed": template("account.password-changed", (d) => ({
    changed_at: dateTime(d.changedAt),
  })),
};
