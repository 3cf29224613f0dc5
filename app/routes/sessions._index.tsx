import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Input,
  Pagination,
  paginationLinks,
  Radios,
  Select,
  Table,
  Tag,
} from "../components";
import { listCourses } from "../domain/catalogue/list-courses";
import { getPerson } from "../domain/people/get-person";
import { findSessions } from "../domain/sessions/find-sessions";
import { formatDate, formatTime } from "../lib/dates";
import { errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema } from "../lib/pagination";
import { idSchema, readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.bookingFor ? `Find a session for ${data.bookingFor.name}` : "Find a training session", {
    hasErrors: Boolean(data && Object.keys(data.errors).length > 0),
  });

const realDate = z.iso.date();

const SessionQuery = z.object({
  course: idSchema.optional().catch(undefined),
  from: z.string().trim().catch(""),
  to: z.string().trim().catch(""),
  where: z.enum(["any", "venue", "online"]).catch("any"),
  places: z.literal("yes").optional().catch(undefined),
  for: idSchema.optional().catch(undefined),
  page: pageSchema,
});

const PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:view");
  const query = SessionQuery.parse(formValues(readQuery(request)));
  const errors: Record<string, string> = {};
  const from = query.from && realDate.safeParse(query.from).success ? query.from : undefined;
  const to = query.to && realDate.safeParse(query.to).success ? query.to : undefined;
  if (query.from && !from) errors.from = "Enter the start of the date range as a real date";
  if (query.to && !to) errors.to = "Enter the end of the date range as a real date";
  if (from && to && to < from) errors.to = "The end of the date range must be the same as or after the start";
  let bookingFor: { id: number; name: string } | null = null;
  if (query.for !== undefined && query.for !== user.personId) {
    await requirePersonAccess(db, user, "booking:manage", query.for);
    const person = await getPerson(db, query.for);
    bookingFor = person ? { id: person.id, name: person.name } : null;
  }
  const [courses, result] = await Promise.all([
    listCourses(db, { deliveryModes: ["face_to_face", "live_online"] }),
    findSessions(db, {
      courseId: query.course,
      from,
      to: errors.to ? undefined : to,
      where: query.where === "any" ? undefined : query.where,
      placesLeft: query.places === "yes",
      page: query.page,
      pageSize: PAGE_SIZE,
    }),
  ]);
  return {
    query,
    errors,
    bookingFor,
    courses: courses.filter((c) => c.bookable).map((c) => ({ id: c.id, title: c.title })),
    ...result,
  };
}

function searchHref(query: Record<string, string | number | undefined>, page: number) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "" && key !== "page") params.set(key, String(value));
  }
  params.set("page", String(page));
  return `/sessions?${params}`;
}

export default function FindSessions() {
  const { query, errors, bookingFor, courses, rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const pages = pageCount(total, pageSize);
  const forParam = bookingFor ? `?for=${bookingFor.id}` : "";
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      {hasErrors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {bookingFor ? <span className="govuk-caption-l">Booking for {bookingFor.name}</span> : null}
      <h1 className="govuk-heading-l">Find a training session</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <form method="get" role="search" aria-label="Training sessions">
            {bookingFor ? <input type="hidden" name="for" value={bookingFor.id} /> : null}
            <Select
              id="course"
              name="course"
              label={{ children: "Course", className: "govuk-label--s" }}
              value={query.course ?? ""}
              items={[
                { value: "", children: "All courses" },
                ...courses.map((c) => ({ value: c.id, children: c.title })),
              ]}
            />
            <Input
              id="from"
              name="from"
              type="date"
              label={{ children: "From", className: "govuk-label--s" }}
              value={query.from}
              errorMessage={errors.from ? { children: errors.from } : undefined}
            />
            <Input
              id="to"
              name="to"
              type="date"
              label={{ children: "To", className: "govuk-label--s" }}
              value={query.to}
              errorMessage={errors.to ? { children: errors.to } : undefined}
            />
            <Radios
              name="where"
              idPrefix="where"
              className="govuk-radios--small"
              fieldset={{ legend: { children: "Where", className: "govuk-fieldset__legend--s" } }}
              value={query.where}
              items={[
                { value: "any", children: "At a venue or online" },
                { value: "venue", children: "At a venue" },
                { value: "online", children: "Online" },
              ]}
            />
            <Checkboxes
              name="places"
              idPrefix="places"
              className="govuk-checkboxes--small"
              fieldset={{ legend: { children: "Places", className: "govuk-fieldset__legend--s" } }}
              items={[{ value: "yes", children: "Only sessions with places left", checked: query.places === "yes" }]}
            />
            <Button type="submit" secondary>
              Apply filters
            </Button>
          </form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body" role="status">
            {total === 1 ? "1 session" : `${total} sessions`}
          </p>
          {rows.length === 0 ? (
            <p className="govuk-body">
              No sessions match.{" "}
              <a className="govuk-link" href={`/sessions${forParam}`}>
                Clear the filters
              </a>
              .
            </p>
          ) : (
            <Table
              caption="Training sessions"
              captionClassName="govuk-visually-hidden"
              head={[
                { children: "Course" },
                { children: "Date" },
                { children: "Where" },
                { children: "Places left", format: "numeric" },
              ]}
              rows={rows.map((s) => [
                {
                  children: (
                    <>
                      <a className="govuk-link" href={`/sessions/${s.id}${forParam}`}>
                        {s.courseTitle}
                        <span className="govuk-visually-hidden"> on {formatDate(s.startsAt)}</span>
                      </a>
                      {s.audienceOrganisationName ? (
                        <>
                          <br />
                          <span className="govuk-body-s">Only for {s.audienceOrganisationName}</span>
                        </>
                      ) : null}
                    </>
                  ),
                },
                { children: `${formatDate(s.startsAt)}, ${formatTime(s.startsAt)} to ${formatTime(s.endsAt)}` },
                { children: s.online ? "Online" : (s.venue ?? "") },
                {
                  format: "numeric",
                  children: s.bookingWindow ? (
                    <>
                      {s.placesLeft > 0 ? String(s.placesLeft) : "None"}
                      <br />
                      <Tag className="govuk-tag--grey">
                        {s.bookingWindow === "not-open" ? "Booking not open yet" : "Booking closed"}
                      </Tag>
                    </>
                  ) : s.placesLeft > 0 ? (
                    String(s.placesLeft)
                  ) : (
                    <>
                      <Tag className="govuk-tag--orange">Full</Tag>
                      {s.waiting > 0 ? (
                        <>
                          <br />
                          <span className="govuk-body-s">{s.waiting} waiting</span>
                        </>
                      ) : null}
                    </>
                  ),
                },
              ])}
            />
          )}
          {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href: (n) => searchHref(query, n) })} /> : null}
        </div>
      </div>
    </>
  );
}
