import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import {
  BackLink,
  Button,
  NotificationBanner,
  Pagination,
  paginationLinks,
  Select,
  Table,
  Tag,
} from "../../components";
import { listCourses } from "../../domain/catalogue/list-courses";
import { listSessions } from "../../domain/sessions/list-sessions";
import { formatShortDate, formatTime } from "../../lib/dates";
import { formValues } from "../../lib/forms";
import { SESSION_STATUS_LABELS } from "../../lib/labels";
import { pageTitle } from "../../lib/page-title";
import { pageCount } from "../../lib/pagination";
import { SessionsQuery } from "../shared/sessions-search-params";
import { readQuery } from "../../lib/request";

export const meta: MetaFunction = () => pageTitle("Sessions – Administration");

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "sessions:view-all");
  const query = SessionsQuery.parse(formValues(readQuery(request)));
  const [result, courses] = await Promise.all([
    listSessions(db, { when: query.when, courseId: query.course, page: query.page, pageSize: PAGE_SIZE }),
    listCourses(db, { includeRetired: true }),
  ]);
  const banner = query.scheduled
    ? query.scheduled === 1
      ? "The session has been scheduled"
      : `${query.scheduled} sessions have been scheduled`
    : query.updated
      ? "The session has been changed"
      : query.cancelled
        ? "The session has been cancelled and everyone booked has been told"
        : null;
  return {
    query: { when: query.when, course: query.course ?? null, page: result.page },
    ...result,
    courses: courses.map((c) => ({ id: c.id, title: c.title, code: c.code })),
    banner,
  };
}

function listHref(query: { when: string; course: number | null }, page?: number, path = "/admin/sessions") {
  const params = new URLSearchParams({ when: query.when });
  if (query.course !== null) params.set("course", String(query.course));
  if (page !== undefined) params.set("page", String(page));
  return `${path}?${params}`;
}

const CAPTIONS = { upcoming: "Upcoming sessions", past: "Past sessions", all: "All sessions" } as const;

export default function AdminSessions() {
  const { query, rows, total, page, pageSize, courses, banner } = useLoaderData<typeof loader>();
  const pages = pageCount(total, pageSize);
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      {banner ? <NotificationBanner type="success">{banner}</NotificationBanner> : null}
      <h1 className="govuk-heading-l">Sessions</h1>
      <Button href="/admin/sessions/new">Schedule a session</Button>
      <form method="get" aria-label="Filter sessions">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="when"
              label={{ children: "Show", className: "govuk-label--s" }}
              value={query.when}
              items={[
                { value: "upcoming", children: "Upcoming sessions" },
                { value: "past", children: "Past sessions" },
                { value: "all", children: "All sessions" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="course"
              label={{ children: "Course", className: "govuk-label--s" }}
              value={query.course === null ? "" : String(query.course)}
              className="govuk-!-width-full"
              items={[
                { value: "", children: "All courses" },
                ...courses.map((c) => ({ value: String(c.id), children: c.title })),
              ]}
            />
          </div>
        </div>
        <Button type="submit" secondary>
          Apply filters
        </Button>
      </form>
      <p className="govuk-body" role="status">
        {total === 0 ? "No sessions match." : total === 1 ? "1 session" : `${total} sessions`}
        {total > 0 ? (
          <>
            {" · "}
            <a className="govuk-link" href={listHref(query, undefined, "/admin/sessions.csv")} download>
              Download as CSV
            </a>
            {" · "}
            <a className="govuk-link" href={listHref(query, undefined, "/admin/bookings.csv")} download>
              Download these sessions' bookings as CSV
            </a>
          </>
        ) : null}
      </p>
      {rows.length > 0 ? (
        <Table
          caption={pages > 1 ? `${CAPTIONS[query.when]}, page ${page} of ${pages}` : CAPTIONS[query.when]}
          captionClassName="govuk-table__caption--m"
          className="govuk-!-font-size-16"
          head={[
            { children: "Date" },
            { children: "Course" },
            { children: "Where" },
            { children: "Trainer" },
            { children: "Booked", format: "numeric" },
            { children: "Waiting", format: "numeric" },
            { children: "Attended", format: "numeric" },
            { children: "No-shows", format: "numeric" },
            { children: "Status" },
            { children: <span className="govuk-visually-hidden">Actions</span> },
          ]}
          rows={rows.map((s) => [
            {
              children: (
                <a className="govuk-link" href={`/sessions/${s.id}`}>
                  {formatShortDate(s.startsAt)}, {formatTime(s.startsAt)}
                </a>
              ),
            },
            { children: s.courseTitle },
            { children: s.venue ?? "Online" },
            { children: s.trainerName ?? "Not set" },
            {
              children: (
                <>
                  {s.booked} of {s.capacity}
                  <br />
                  <span className="govuk-body-s">{Math.round(s.fillRate * 100)}% full</span>
                </>
              ),
              format: "numeric",
            },
            { children: String(s.waiting), format: "numeric" },
            { children: s.started ? String(s.attended) : "–", format: "numeric" },
            { children: s.started ? String(s.noShows) : "–", format: "numeric" },
            {
              children: (
                <Tag
                  className={
                    s.status === "cancelled"
                      ? "govuk-tag--red"
                      : s.status === "delivered"
                        ? "govuk-tag--green"
                        : "govuk-tag--blue"
                  }
                >
                  {SESSION_STATUS_LABELS[s.status]}
                </Tag>
              ),
            },
            {
              children: (
                <ul className="govuk-list govuk-!-margin-bottom-0 govuk-!-font-size-16">
                  {s.status === "scheduled" && !s.started ? (
                    <li>
                      <a className="govuk-link" href={`/admin/sessions/${s.id}/edit`}>
                        Change
                        <span className="govuk-visually-hidden"> the session on {formatShortDate(s.startsAt)}</span>
                      </a>
                    </li>
                  ) : null}
                  {s.status !== "cancelled" ? (
                    <li>
                      <a className="govuk-link" href={`/sessions/${s.id}/register`}>
                        Register
                        <span className="govuk-visually-hidden"> for the session on {formatShortDate(s.startsAt)}</span>
                      </a>
                    </li>
                  ) : null}
                  {s.status === "scheduled" && s.attended + s.noShows === 0 && !s.started ? (
                    <li>
                      <a className="govuk-link" href={`/admin/sessions/${s.id}/cancel`}>
                        Cancel
                        <span className="govuk-visually-hidden"> the session on {formatShortDate(s.startsAt)}</span>
                      </a>
                    </li>
                  ) : null}
                </ul>
              ),
            },
          ])}
        />
      ) : null}
      {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href: (n) => listHref(query, n) })} /> : null}
    </>
  );
}
