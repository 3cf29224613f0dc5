import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, ErrorSummary, Input, Select, Table } from "../components";
import {
  TEXT_ANSWERS_SHOWN,
  evaluationResults,
  resultsFilterOptions,
  resultsFiltersToSearchParams,
} from "../domain/evaluations/results";
import { EVALUATION_STAGE_LABELS } from "../domain/evaluations/values";
import { formatDate } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { EvaluationShiftChart, scoreLabel } from "./shared/evaluation-shift-chart";
import { evaluationResultsRequest } from "./shared/evaluation-results-search-params.server";

export const meta: MetaFunction = () => pageTitle("Evaluation results");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, scope, filters, errors, raw } = await evaluationResultsRequest(request);
  const [results, options] = await Promise.all([
    evaluationResults(db, scope, filters),
    resultsFilterOptions(db, scope),
  ]);
  const query = resultsFiltersToSearchParams(filters).toString();
  return {
    everyone: scope.kind === "all",
    results,
    options,
    raw,
    errors,
    csvHref: `/evaluations.csv${query ? `?${query}` : ""}`,
  };
}

export default function EvaluationResults() {
  const { everyone, results, options, raw, errors, csvHref } = useLoaderData<typeof loader>();
  const errorEntries = Object.entries(errors);
  const scale = results.scale;
  return (
    <>
      {errorEntries.length > 0 ? (
        <ErrorSummary errorList={errorEntries.map(([field, text]) => ({ text, href: `#${field}` }))} />
      ) : null}
      <h1 className="govuk-heading-l">Evaluation results</h1>
      <p className="govuk-body">
        {everyone
          ? "What learners said about the sessions they attended: the mean of each 1 to 5 question, how their confidence moved, and their words. Learners are not named."
          : "What learners said about the sessions you ran. Learners are not named."}
      </p>
      <Form method="get" className="app-filters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="courseId"
              label={{ children: "Course" }}
              value={raw.courseId ?? ""}
              items={[
                { value: "", children: "All courses" },
                ...options.courses.map((c) => ({ value: c.id, children: c.title })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="sessionId"
              label={{ children: "Session" }}
              value={raw.sessionId ?? ""}
              items={[
                { value: "", children: "All sessions" },
                ...options.sessions.map((s) => ({
                  value: s.id,
                  children: `${formatDate(s.sessionDate)}: ${s.courseTitle}`,
                })),
              ]}
            />
          </div>
          {everyone ? (
            <div className="govuk-grid-column-one-third">
              <Select
                name="trainerPersonId"
                label={{ children: "Trainer" }}
                value={raw.trainerPersonId ?? ""}
                items={[
                  { value: "", children: "All trainers" },
                  ...options.trainers.map((t) => ({ value: t.id, children: t.name })),
                ]}
              />
            </div>
          ) : null}
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Input
              name="from"
              type="date"
              label={{ children: "Sessions from" }}
              value={raw.from ?? ""}
              errorMessage={errors.from ? { children: errors.from } : null}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Input
              name="to"
              type="date"
              label={{ children: "Sessions to" }}
              value={raw.to ?? ""}
              errorMessage={errors.to ? { children: errors.to } : null}
            />
          </div>
        </div>
        <Button type="submit" className="govuk-button--secondary">
          Show results
        </Button>
      </Form>

      <p className="govuk-body" data-testid="response-count">
        {results.responses.after.toLocaleString("en-GB")} {results.responses.after === 1 ? "evaluation" : "evaluations"}{" "}
        after the session, {results.responses.followUp.toLocaleString("en-GB")}{" "}
        {results.responses.followUp === 1 ? "follow-up" : "follow-ups"}.{" "}
        <a className="govuk-link" href={csvHref}>
          Download every answer (CSV)
        </a>
      </p>

      <h2 className="govuk-heading-m">Confidence before and after</h2>
      <EvaluationShiftChart shifts={results.shifts} />

      <h2 className="govuk-heading-m">Scores</h2>
      {scale.length === 0 ? (
        <p className="govuk-body">No scores yet.</p>
      ) : (
        <Table
          label="Mean score of each question"
          caption="Mean score of each question, 1 to 5"
          captionClassName="govuk-table__caption--s"
          firstCellIsHeader
          head={[
            { children: "Question" },
            { children: "Asked" },
            { children: "Answers", format: "numeric" },
            { children: "Mean", format: "numeric" },
            ...[1, 2, 3, 4, 5].map((n) => ({ children: `Scored ${n}`, format: "numeric" as const })),
          ]}
          rows={scale.map((q) => [
            { children: q.courseTitle ? `${q.text} (${q.courseTitle})` : q.text },
            { children: EVALUATION_STAGE_LABELS[q.stage] },
            { children: q.answers.toLocaleString("en-GB"), format: "numeric" },
            { children: scoreLabel(q.mean), format: "numeric" },
            ...q.distribution.map((n) => ({ children: n.toLocaleString("en-GB"), format: "numeric" as const })),
          ])}
        />
      )}

      <h2 className="govuk-heading-m">In their words</h2>
      {results.text.length === 0 ? (
        <p className="govuk-body">No written answers yet.</p>
      ) : (
        results.text.map((q) => (
          <section key={q.questionId} className="govuk-!-margin-bottom-6">
            <h3 className="govuk-heading-s">
              {q.text}
              {q.courseTitle ? ` (${q.courseTitle})` : ""}: {q.total.toLocaleString("en-GB")}{" "}
              {q.total === 1 ? "answer" : "answers"}
            </h3>
            {q.total > TEXT_ANSWERS_SHOWN ? (
              <p className="govuk-body-s">The latest {TEXT_ANSWERS_SHOWN}; the CSV has them all.</p>
            ) : null}
            <ul className="govuk-list govuk-list--bullet">
              {q.answers.map((a, i) => (
                <li key={i}>
                  “{a.answer}”{" "}
                  <span className="govuk-body-s">
                    ({a.courseTitle}, {formatDate(a.sessionDate)})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
