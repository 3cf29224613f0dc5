import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordRead } from "../domain/audit/reads";
import { courseProgressPages } from "../domain/elearning/progress/course-progress";
import { PROGRESS_STATUS_LABELS, scoreLabel } from "../domain/elearning/progress/values";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { requireCourseProgress } from "./shared/course-progress-search-params.server";

/**
 * A hosted course's e-learning progress as CSV, everyone the viewer may see (the page's status
 * filter applies), streamed a batch at a time; the audit record is written before the first line.
 * Time spent in whole minutes and instants in UTC ISO form, so spreadsheets sort them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, course, scope, query } = await requireCourseProgress(request, params);
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "export",
    entityId: `courses/${course.id}/progress.csv`,
    details: { status: query.status },
  });
  const progress = { courseId: course.id, scope, today: todayInLondon(), status: query.status };
  async function* lines() {
    for await (const page of courseProgressPages(db, progress)) {
      yield page.map((r) => [
        r.name,
        r.email,
        r.organisationName,
        PROGRESS_STATUS_LABELS[r.status],
        r.completedOn,
        r.attempts,
        scoreLabel(r.scoreRaw, r.scoreScaled),
        Math.round(r.totalSeconds / 60),
        r.lastActivityAt?.toISOString() ?? "",
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Name",
      "Email",
      "Organisation",
      "Status",
      "Completed on",
      "Attempts",
      "Score",
      "Time spent (minutes)",
      "Last activity",
    ],
    lines(),
    `${course.code.toLowerCase().replace(/[^a-z0-9-]/g, "-")}-progress.csv`,
    request.signal,
  );
}
