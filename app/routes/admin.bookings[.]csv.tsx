import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { bookingsExportPages } from "../domain/sessions/export-bookings";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { formValues } from "../lib/forms";
import { BOOKING_STATUS_LABELS, SESSION_STATUS_LABELS } from "../lib/labels";
import { readQuery } from "../lib/request";
import { SessionsQuery } from "./shared/sessions-search-params";

const yesNo = (value: boolean) => (value ? "Yes" : "No");

/**
 * The bookings on the sessions the sessions list shows with the same filters (upcoming, past or
 * all; one course), every status, as CSV streamed a page at a time. Times are London's, as
 * YYYY-MM-DD HH:MM, so spreadsheets sort them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "sessions:view-all");
  const query = SessionsQuery.parse(formValues(readQuery(request)));
  const filter = { when: query.when, courseId: query.course };
  const now = new Date();
  // Recorded before the first line, without a row count (CONTRIBUTING.md, Exports).
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: "bookings.csv",
    details: { file: "bookings.csv", filters: filter },
  });
  async function* lines() {
    for await (const page of bookingsExportPages(db, filter, now)) {
      yield page.map((b) => [
        b.sessionId,
        b.courseCode,
        b.courseTitle,
        b.sessionStartsAt,
        b.venue ?? "Online",
        SESSION_STATUS_LABELS[b.sessionStatus],
        b.employeeNumber,
        b.givenName,
        b.familyName,
        b.email,
        b.organisationName,
        BOOKING_STATUS_LABELS[b.status],
        b.bookedAt,
        b.waitlistedAt,
        b.cancelledAt,
        b.cancelReason,
        yesNo(b.lateCancellation),
        yesNo(b.status === "attended"),
        yesNo(b.walkIn),
        b.attendanceMarkedAt,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Session",
      "Course code",
      "Course",
      "Starts (YYYY-MM-DD HH:MM)",
      "Where",
      "Session status",
      "Employee number",
      "Given name",
      "Family name",
      "Email",
      "Organisation",
      "Booking status",
      "Booked at",
      "Joined the waiting list at",
      "Cancelled at",
      "Why cancelled",
      "Cancelled late",
      "Attended",
      "Walk-in",
      "Attendance marked at",
    ],
    lines(),
    `bookings-${query.when}-${todayInLondon()}.csv`,
    request.signal,
  );
}
