import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BackLink, Pagination, Table, Tag, paginationLinks } from "../components";
import { courseProgress } from "../domain/elearning/progress/course-progress";
import {
  PROGRESS_STATUSES,
  PROGRESS_STATUS_LABELS,
  type ProgressStatus,
  scoreLabel,
  timeSpentLabel,
} from "../domain/elearning/progress/values";
import { formatDate, todayInLondon } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { pageCount } from "../lib/pagination";
import { requireCourseProgress } from "./shared/course-progress-search-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `E-learning progress: ${data.course.title}` : "E-learning progress");

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, course, scope, query } = await requireCourseProgress(request, params);
  const { rows, total, counts, page } = await courseProgress(db, {
    courseId: course.id,
    scope,
    today: todayInLondon(),
    status: query.status,
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  return {
    course: { id: course.id, title: course.title, code: course.code },
    status: query.status ?? null,
    page,
    pages: pageCount(total, PAGE_SIZE),
    counts,
    rows: rows.map((r) => ({
      personId: r.personId,
      name: r.name,
      organisationName: r.organisationName,
      status: r.status,
      attempts: r.attempts,
      score: scoreLabel(r.scoreRaw, r.scoreScaled),
      timeSpent: timeSpentLabel(r.totalSeconds),
      lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
      completedOn: r.completedOn,
    })),
  };
}

/** Blue (GOV.UK's default tag) for in progress. */
const TAG_COLOURS: Record<ProgressStatus, "grey" | "green" | undefined> = {
  not_started: "grey",
  in_progress: undefined,
  completed: "green",
};

function listHref(courseId: number, status: ProgressStatus | null, page = 1): string {
  const query = new URLSearchParams();
  if (status) query.set("status", status);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return `/courses/${courseId}/progress${text ? `?${text}` : ""}`;
}

export default function CourseProgress() {
  const { course, status, page, pages, counts, rows } = useLoaderData<typeof loader>();
  const csvQuery = status ? `?status=${status}` : "";
  return (
    <>
      <BackLink href={`/courses/${course.id}`}>{course.title}</BackLink>
      <span className="govuk-caption-l">{course.title}</span>
      <h1 className="govuk-heading-l">E-learning progress</h1>
      <p className="govuk-body">
        Everyone you can see: who has not started this course, who is part-way through and who has completed it.
      </p>
      <ul className="govuk-list">
        <li>
          {status === null ? (
            <strong>All ({counts.not_started + counts.in_progress + counts.completed})</strong>
          ) : (
            <a className="govuk-link" href={listHref(course.id, null)}>
              All ({counts.not_started + counts.in_progress + counts.completed})
            </a>
          )}
        </li>
        {PROGRESS_STATUSES.map((s) => (
          <li key={s}>
            {status === s ? (
              <strong>
                {PROGRESS_STATUS_LABELS[s]} ({counts[s]})
              </strong>
            ) : (
              <a className="govuk-link" href={listHref(course.id, s)}>
                {PROGRESS_STATUS_LABELS[s]} ({counts[s]})
              </a>
            )}
          </li>
        ))}
      </ul>
      <p className="govuk-body">
        <a className="govuk-link" href={`/courses/${course.id}/progress.csv${csvQuery}`} download>
          Download as CSV
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="govuk-body">There is no one to show.</p>
      ) : (
        <Table
          caption={status ? `People: ${PROGRESS_STATUS_LABELS[status].toLowerCase()}` : "People"}
          captionClassName="govuk-table__caption--m"
          head={[
            { text: "Name" },
            { text: "Organisation" },
            { text: "Status" },
            { text: "Score", format: "numeric" },
            { text: "Time spent" },
            { text: "Last activity" },
          ]}
          rows={rows.map((r) => [
            {
              children: (
                <a className="govuk-link" href={`/people/${r.personId}`}>
                  {r.name}
                </a>
              ),
            },
            { text: r.organisationName },
            {
              children: (
                <>
                  <Tag colour={TAG_COLOURS[r.status]}>{PROGRESS_STATUS_LABELS[r.status]}</Tag>
                  {r.completedOn ? <span className="govuk-body-s"> {formatDate(r.completedOn)}</span> : null}
                  {r.attempts > 1 ? <span className="govuk-body-s"> ({r.attempts} attempts)</span> : null}
                </>
              ),
            },
            { text: r.score, format: "numeric" },
            { text: r.timeSpent },
            { text: r.lastActivityAt ? formatDate(r.lastActivityAt) : "" },
          ])}
        />
      )}
      {pages > 1 ? (
        <Pagination {...paginationLinks({ page, pages, href: (n) => listHref(course.id, status, n) })} />
      ) : null}
    </>
  );
}
