import { formatDate, formatDateTime, formatTime } from "../../lib/dates";
import type { NotificationKind } from "./notify";

export interface MessageText {
  subject: string;
  body: string;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** "Prevent workshop on 24 November 2026 at 9:30am to 12:30pm, Town Hall" from a message's details. */
function sessionLine(details: Record<string, unknown>): string {
  const title = text(details.courseTitle) ?? "Your training session";
  const startsAt = text(details.startsAt);
  const endsAt = text(details.endsAt);
  const when = startsAt ? ` on ${formatDateTime(startsAt)}${endsAt ? ` to ${formatTime(endsAt)}` : ""}` : "";
  const where = text(details.joiningLink) ? ", online" : text(details.venue) ? `, ${details.venue as string}` : "";
  return `${title}${when}${where}`;
}

/** A path on the service ("/certificates/1.pdf"), absolute when the service's address is known. */
function servicePath(path: string, serviceUrl: string | undefined): string {
  if (!serviceUrl || /^https?:\/\//i.test(path)) return path;
  return new URL(path, serviceUrl).href;
}

/**
 * The words of a stored message, the same in the app and in the e-mail GOV.UK Notify sends
 * (templates.ts passes them as personalisation, with `serviceUrl` so links are absolute).
 * Details are what the change stored; missing ones are left out.
 */
export function messageText(
  kind: NotificationKind,
  details: Record<string, unknown>,
  options: { serviceUrl?: string } = {},
): MessageText {
  const link = (path: string) => servicePath(path, options.serviceUrl);
  const title = text(details.courseTitle) ?? "your training";
  const session = sessionLine(details);
  switch (kind) {
    case "booking.confirmed":
      return {
        subject: `Booking confirmed: ${title}`,
        body: `You have a place on ${session}.${
          details.bookingId !== undefined
            ? ` Add it to your calendar: ${link(`/bookings/${String(details.bookingId)}/calendar.ics`)}`
            : ""
        }`,
      };
    case "booking.waitlisted":
      return {
        subject: `On the waiting list: ${title}`,
        body: `${session} is full. You are number ${String(details.waitlistPosition ?? "")} on the waiting list. We will tell you if a place becomes free.`,
      };
    case "booking.promoted":
      return {
        subject: `You have a place: ${title}`,
        body: `A place became free and you have been moved off the waiting list. You are now booked on ${session}.`,
      };
    case "booking.cancelled":
      return {
        subject: `Booking cancelled: ${title}`,
        body: details.wasWaitlisted
          ? `You are no longer on the waiting list for ${session}.`
          : `Your booking on ${session} has been cancelled.${text(details.reason) ? ` Reason: ${details.reason as string}` : ""}`,
      };
    case "session.changed":
      return {
        subject: `Session changed: ${title}`,
        body: `The time or place of your session has changed. It is now ${session}.`,
      };
    case "session.cancelled":
      return {
        subject: `Session cancelled: ${title}`,
        body: `${session} has been cancelled.${text(details.reason) ? ` Reason: ${details.reason as string}` : ""} Your booking has ended.`,
      };
    case "attendance.no-show":
      return {
        subject: `Did not attend: ${text(details.personName) ?? "a member of your team"}`,
        body: `${text(details.personName) ?? "A member of your team"} was booked on ${title}${
          text(details.sessionDate) ? ` on ${formatDate(details.sessionDate as string)}` : ""
        } and was marked absent.`,
      };
    case "requirement.expiring":
      return {
        subject: `Training due: ${title}`,
        body: `Your ${title} training${text(details.expiresOn) ? ` expires on ${formatDate(details.expiresOn as string)}` : " is due"}. Book a session to renew it.`,
      };
    case "session.reminder":
      return {
        subject: `Reminder: ${title} ${typeof details.daysBefore === "number" ? `in ${details.daysBefore} days` : "soon"}`,
        body: `You are booked on ${session}. If you can no longer go, cancel your booking so someone else can have the place: ${link("/my-bookings")}`,
      };
    case "session.joining-instructions":
      return {
        subject: `Joining instructions: ${title}`,
        body: [
          `You are booked on ${session}.`,
          text(details.joiningLink) ? `Join online: ${details.joiningLink as string}` : null,
          text(details.venue) ? `Venue: ${details.venue as string}.` : null,
          text(details.notes) ? `From the organiser: ${details.notes as string}` : null,
          details.bookingId !== undefined
            ? `Add it to your calendar: ${link(`/bookings/${String(details.bookingId)}/calendar.ics`)}`
            : null,
        ]
          .filter((line) => line !== null)
          .join("\n\n"),
      };
    case "requirement.expired":
      return {
        subject: `Training expired: ${title}`,
        body: `Your ${title} training${
          text(details.expiresOn) ? ` expired on ${formatDate(details.expiresOn as string)}` : " has expired"
        }. Book a session to renew it: ${link("/my-training")}`,
      };
    case "team.requirement-expiring": {
      const who = text(details.personName) ?? "A member of your team";
      return {
        subject: `Training due in your team: ${who}`,
        body: `${who}'s ${title} training${
          text(details.expiresOn) ? ` expires on ${formatDate(details.expiresOn as string)}` : " is due"
        }. They have been told and can book a session to renew it. Your team: ${link("/team")}`,
      };
    }
    case "team.digest": {
      const n = (key: string) => (typeof details[key] === "number" ? (details[key] as number) : 0);
      return {
        subject: `Your team's training${text(details.onDate) ? ` on ${formatDate(details.onDate as string)}` : ""}`,
        body: `${n("people")} ${n("people") === 1 ? "person" : "people"} in your team ${n("people") === 1 ? "has" : "have"} training to keep up. Of the training they need: ${n("current")} current, ${n("expiring")} expiring soon, ${n("expired")} expired, ${n("missing")} never done, ${n("notYetDue")} not yet due (new starters). See who needs what: ${link("/team")} You can stop these monthly messages on your account page: ${link("/account")}`,
      };
    }
    case "register.certificates-issued":
      return {
        subject: `Certificates issued: ${title}`,
        body: `The register for ${session} is complete. ${
          typeof details.certificates === "number"
            ? `${details.certificates} ${details.certificates === 1 ? "person has" : "people have"} been`
            : "Everyone who attended has been"
        } sent their certificate.${
          details.sessionId !== undefined
            ? ` The register: ${link(`/sessions/${String(details.sessionId)}/register`)}`
            : ""
        }`,
      };
    case "certificate.issued":
      return {
        subject: `Your certificate: ${title}`,
        body: `You completed ${title}${
          text(details.completedOn) ? ` on ${formatDate(details.completedOn as string)}` : ""
        }. Your certificate is ready to download from your training record${
          text(details.certificatePath) ? `: ${link(details.certificatePath as string)}` : "."
        }`,
      };
    case "evaluation.requested":
      return {
        subject: `Evaluate your training: ${title}`,
        body: `Thank you for attending ${session}. Please tell us how it went: it takes a few minutes${
          details.certificateAfterEvaluation === true ? " and your certificate is ready once you have done it" : ""
        }.${details.bookingId !== undefined ? ` The evaluation: ${link(`/my-training/evaluations/${String(details.bookingId)}`)}` : ""}`,
      };
    case "booking.substituted":
      return details.role === "received"
        ? {
            subject: `Booking confirmed: ${title}`,
            body: `${text(details.fromName) ?? "A colleague"}’s place on ${session} has been handed to you. You have a place.${
              details.bookingId !== undefined
                ? ` Add it to your calendar: ${link(`/bookings/${String(details.bookingId)}/calendar.ics`)}`
                : ""
            }`,
          }
        : {
            subject: `Place handed to a colleague: ${title}`,
            body: `Your place on ${session} has been handed to ${text(details.toName) ?? "a colleague"}. Your booking has ended.`,
          };
    case "evaluation.follow-up":
      return {
        subject: `Has your training changed your practice? ${title}`,
        body: `About three months ago you attended ${session}. Please tell us whether the training has changed how you work.${
          details.bookingId !== undefined
            ? ` The follow-up questions: ${link(`/my-training/evaluations/${String(details.bookingId)}?stage=follow_up`)}`
            : ""
        }`,
      };
    case "evidence.accepted":
      return {
        subject: `Evidence accepted: ${title}`,
        body: `Your evidence of ${title}${
          text(details.completedOn) ? ` completed on ${formatDate(details.completedOn as string)}` : ""
        } has been accepted. It now counts on your training record.`,
      };
    case "evidence.rejected":
      return {
        subject: `Evidence not accepted: ${title}`,
        body: `Your evidence of ${title}${
          text(details.completedOn) ? ` completed on ${formatDate(details.completedOn as string)}` : ""
        } was not accepted.${text(details.reason) ? ` Reason: ${details.reason as string}` : ""} You can send it again from My training.`,
      };
    case "account.invitation":
      return {
        subject: "Create your account for Prevent training",
        body: `${text(details.invitedBy) ?? "The council"} has invited you to create an account to book training and see your training record. Use this link to set your password: ${text(details.link) ?? ""}${
          text(details.expiresAt)
            ? ` The link works once and until ${formatDateTime(details.expiresAt as string)}.`
            : ""
        }`,
      };
    case "account.password-reset":
      return {
        subject: "Reset your password",
        body: `Use this link to choose a new password: ${text(details.link) ?? ""} The link works once, for 1 hour. If you did not ask to reset your password, you can ignore this message: your password has not changed.`,
      };
    case "account.sign-in-link":
      return {
        subject: "Your link to sign in",
        body: `Use this link to sign in to Prevent Training Tracker: ${text(details.link) ?? ""} It works once, for 15 minutes, and only in the browser where you asked for it. If you did not ask for it, you can ignore this message.`,
      };
    case "account.password-changed":
      return {
        subject: "Your password has been changed",
        body: `The password for your account was changed${
          text(details.changedAt) ? ` on ${formatDateTime(details.changedAt as string)}` : ""
        } and every other session was signed out. If this was not you, reset your password now and tell the training team.`,
      };
    default:
      return { subject: "A message about your training", body: session };
  }
}
