import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { sessionsExportPages } from "../domain/sessions/list-sessions";
import { formatTime, todayInLondon } from "../lib/dates";
import { formValues } from "../lib/forms";
import { csvStreamResponse } from "../lib/csv";
import { SESSION_STATUS_LABELS } from "../lib/labels";
import { SessionsQuery } from "./shared/sessions-search-params";
import { readQuery } from "../lib/request";

/** The sessions list, as filtered on the page, every row, as CSV streamed a batch at a time. */
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
    entityId: "sessions.csv",
    details: { file: "sessions.csv", filters: filter },
  });
  async function* lines() {
    for await (const page of sessionsExportPages(db, filter, now)) {
      yield page.map((s) => [
        // The London date as YYYY-MM-DD, like the other exports, so spreadsheets sort it.
        todayInLondon(new Date(s.startsAt)),
        formatTime(s.startsAt),
        formatTime(s.endsAt),
        s.courseCode,
        s.courseTitle,
        s.venue ?? "Online",
        s.trainerName,
        SESSION_STATUS_LABELS[s.status],
        s.capacity,
        s.booked,
        Math.round(s.fillRate * 100),
        s.waiting,
        s.attended,
        s.noShows,
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Date",
      "Starts",
      "Ends",
      "Course code",
      "Course",
      "Where",
      "Trainer",
      "Status",
      "Places",
      "Booked",
      "Fill rate (%)",
      "Waiting",
      "Attended",
      "No-shows",
    ],
    lines(),
    `sessions-${query.when}-${todayInLondon()}.csv`,
    request.signal,
  );
}
