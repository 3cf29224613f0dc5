import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { Button, Checkboxes, Input, Table, Tag } from "../components";
import { COURSE_CATEGORIES, DELIVERY_MODES } from "../lib/values";
import { listCourses } from "../domain/catalogue/list-courses";
import { formatDate } from "../lib/dates";
import { formValues } from "../lib/forms";
import { COURSE_CATEGORY_LABELS, DELIVERY_MODE_LABELS, durationLabel } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Courses");

const CatalogueQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  category: z.array(z.enum(COURSE_CATEGORIES)).catch([]),
  mode: z.array(z.enum(DELIVERY_MODES)).catch([]),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "catalogue:view");
  const query = CatalogueQuery.parse(formValues(readQuery(request), ["category", "mode"]));
  const courses = await listCourses(db, {
    search: query.q,
    categories: query.category,
    deliveryModes: query.mode,
  });
  return { query, courses };
}

export default function Catalogue() {
  const { query, courses } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Courses</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <form method="get" role="search" aria-label="Courses">
            <Input
              id="q"
              name="q"
              type="search"
              label={{ children: "Search courses", className: "govuk-label--s" }}
              defaultValue={query.q}
            />
            <Checkboxes
              idPrefix="category"
              name="category"
              className="govuk-checkboxes--small"
              fieldset={{ legend: { children: "Category", className: "govuk-fieldset__legend--s" } }}
              items={COURSE_CATEGORIES.map((value) => ({
                value,
                children: COURSE_CATEGORY_LABELS[value],
                defaultChecked: query.category.includes(value),
              }))}
            />
            <Checkboxes
              idPrefix="mode"
              name="mode"
              className="govuk-checkboxes--small"
              fieldset={{ legend: { children: "How it is delivered", className: "govuk-fieldset__legend--s" } }}
              items={DELIVERY_MODES.map((value) => ({
                value,
                children: DELIVERY_MODE_LABELS[value],
                defaultChecked: query.mode.includes(value),
              }))}
            />
            <Button type="submit" secondary>
              Apply filters
            </Button>
          </form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body" role="status">
            {courses.length === 1 ? "1 course" : `${courses.length} courses`}
            {query.q ? ` matching “${query.q}”` : ""}
          </p>
          {courses.length === 0 ? (
            <p className="govuk-body">
              No courses match.{" "}
              <a className="govuk-link" href="/courses">
                Clear the filters
              </a>
              .
            </p>
          ) : (
            <Table
              caption="Courses"
              captionClassName="govuk-visually-hidden"
              head={[{ children: "Course" }, { children: "Delivery" }, { children: "Next session" }]}
              rows={courses.map((course) => [
                {
                  children: (
                    <>
                      <a className="govuk-link" href={`/courses/${course.id}`}>
                        {course.title}
                      </a>
                      <br />
                      <span className="govuk-body-s govuk-!-margin-bottom-0">
                        {COURSE_CATEGORY_LABELS[course.category]} · {durationLabel(course.durationMinutes)}
                      </span>
                    </>
                  ),
                },
                { children: DELIVERY_MODE_LABELS[course.deliveryMode] },
                {
                  children: !course.bookable ? (
                    <Tag className="govuk-tag--grey">Not bookable</Tag>
                  ) : course.nextSessionStartsAt ? (
                    formatDate(course.nextSessionStartsAt)
                  ) : course.deliveryMode.endsWith("elearning") ? (
                    "Any time"
                  ) : (
                    "None scheduled"
                  ),
                },
              ])}
            />
          )}
        </div>
      </div>
    </>
  );
}
