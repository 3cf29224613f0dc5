import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, Checkboxes, DateInput, ErrorSummary, Input, Select, Textarea } from "../components";
import { getSchool } from "../domain/coverage/get-school";
import {
  SchoolSessionForm,
  recordSchoolSession,
  schoolSessionCourses,
  schoolStaffOn,
} from "../domain/sessions/school-sessions";
import { todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm } from "../lib/request";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle(`Record training delivered in a school${loaded ? ` – ${loaded.school.name}` : ""}`);

const Params = z.object({ schoolId: z.coerce.number().int().positive().max(2_147_483_647) });

const FIELD_IDS = { deliveredOn: "deliveredOn-day", attendees: "attendees" };

async function loadSchool(request: Request, params: Record<string, string | undefined>) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "school-sessions:record");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("school");
  const school = await getSchool(db, parsed.data.schoolId);
  if (!school) notFound("school");
  return { db, user, school, scope: personScopeFor(user, "school-sessions:record") };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, school, scope } = await loadSchool(request, params);
  const today = todayInLondon();
  const [courses, staff] = await Promise.all([
    schoolSessionCourses(db),
    schoolStaffOn(db, { schoolId: school.id, onDate: today, scope }),
  ]);
  return { school, courses, staff };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, school, scope } = await loadSchool(request, params);
  const form = await readForm(request);
  const values = formValues(form, ["attendees"]);
  const parsed = parseForm(SchoolSessionForm, form, ["attendees"]);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  return withFormErrors(
    async () => {
      await recordSchoolSession(db, {
        ...parsed.data,
        schoolId: school.id,
        trainerPersonId: user.personId,
        actorAccountId: user.accountId,
        scope,
      });
      throw redirect(`/schools/${school.id}?recorded=1#training-in-school`);
    },
    { values },
  );
}

export default function RecordSchoolSession() {
  const { school, courses, staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const named = Array.isArray(values.attendees) ? values.attendees : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/schools/${school.id}`}>{school.name}</BackLink>
        {errors ? <ErrorSummary errorList={errorList(errors, FIELD_IDS)} /> : null}
        <span className="govuk-caption-l">{school.name}</span>
        <h1 className="govuk-heading-l">Record training delivered in the school</h1>
        <p className="govuk-body">
          For training you delivered at the school, such as a staff meeting or an in-service day. Everyone you name gets
          the course on their record and a certificate; the number who attended shows on the school’s page.
        </p>
        <Form method="post" noValidate>
          <Select
            id="courseId"
            name="courseId"
            label={{ children: "Course", className: "govuk-label--s" }}
            value={text("courseId")}
            items={[
              { value: "", children: "Choose a course" },
              ...courses.map((c) => ({ value: String(c.id), children: c.title })),
            ]}
            errorMessage={errors?.courseId ? { children: errors.courseId } : undefined}
          />
          <DateInput
            id="deliveredOn"
            namePrefix="deliveredOn"
            fieldset={{ legend: { children: "Date of the training", className: "govuk-fieldset__legend--s" } }}
            hint={{ children: "For example, 4 9 2026" }}
            values={{
              day: text("deliveredOn-day"),
              month: text("deliveredOn-month"),
              year: text("deliveredOn-year"),
            }}
            errorMessage={errors?.deliveredOn ? { children: errors.deliveredOn } : undefined}
          />
          <Input
            id="startTime"
            name="startTime"
            className="govuk-input--width-5"
            label={{ children: "Start time", className: "govuk-label--s" }}
            hint={{ children: "For example, 15:30 or 3:30pm" }}
            defaultValue={text("startTime")}
            errorMessage={errors?.startTime ? { children: errors.startTime } : undefined}
          />
          <Input
            id="attendeeCount"
            name="attendeeCount"
            inputMode="numeric"
            className="govuk-input--width-5"
            label={{ children: "How many people attended?", className: "govuk-label--s" }}
            hint={{ children: "Everyone, whether or not you name them below" }}
            defaultValue={text("attendeeCount")}
            errorMessage={errors?.attendeeCount ? { children: errors.attendeeCount } : undefined}
          />
          {staff.length > 0 ? (
            <Checkboxes
              idPrefix="attendees"
              name="attendees"
              fieldset={{ legend: { children: "Who attended (where known)", className: "govuk-fieldset__legend--s" } }}
              hint={{ children: "Select the staff you know attended. You can leave this empty." }}
              className="govuk-checkboxes--small"
              values={named}
              items={staff.map((person) => ({
                value: String(person.id),
                children: person.name,
                hint: person.jobTitle ? { children: person.jobTitle } : undefined,
              }))}
              errorMessage={errors?.attendees ? { children: errors.attendees } : undefined}
            />
          ) : (
            <p className="govuk-body">
              The school has no staff on record by name, so the training is recorded as a number.
            </p>
          )}
          <Textarea
            id="notes"
            name="notes"
            rows={3}
            label={{ children: "Notes (optional)", className: "govuk-label--s" }}
            hint={{ children: "For example, the in-service day’s theme" }}
            defaultValue={text("notes")}
            errorMessage={errors?.notes ? { children: errors.notes } : undefined}
          />
          <Button type="submit" preventDoubleClick>
            Record the training
          </Button>
        </Form>
      </div>
    </div>
  );
}
