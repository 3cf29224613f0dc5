import type { LoaderFunctionArgs } from "@remix-run/node";
import { evaluationAnswerPages } from "../domain/evaluations/results";
import { EVALUATION_STAGE_LABELS } from "../domain/evaluations/values";
import { csvStreamResponse } from "../lib/csv";
import { todayInLondon } from "../lib/dates";
import { evaluationResultsRequest } from "./shared/evaluation-results-search-params.server";

/**
 * Every evaluation answer the results page shows (same scope and filters), one row each, streamed
 * a batch at a time. No learner is named.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, scope, filters } = await evaluationResultsRequest(request);
  async function* lines() {
    for await (const page of evaluationAnswerPages(db, scope, filters)) {
      yield page.map((r) => [
        r.responseId,
        EVALUATION_STAGE_LABELS[r.stage],
        r.submittedOn,
        r.courseCode,
        r.courseTitle,
        r.sessionId,
        r.sessionDate,
        r.trainerName,
        r.question,
        r.score ?? "",
        r.answer ?? "",
      ]);
    }
  }
  return csvStreamResponse(
    [
      "Response",
      "Stage",
      "Sent on",
      "Course code",
      "Course",
      "Session",
      "Session date",
      "Trainer",
      "Question",
      "Score (1 to 5)",
      "Answer",
    ],
    lines(),
    `evaluations-${todayInLondon()}.csv`,
    request.signal,
  );
}
