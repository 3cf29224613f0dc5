import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission, requirePersonAccess } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { Button, Checkboxes, DateInput, ErrorSummary, InsetText, Select, WarningText } from "../components";
import {
  type CertificateSelection,
  countCertificates,
  listCertificateCourses,
  selectionToSearchParams,
} from "../domain/certificates/select-certificates";
import { MAX_CERTIFICATES_PER_ZIP } from "../domain/certificates/zip-certificates";
import { getPerson } from "../domain/people/get-person";
import { type FieldErrors, errorList, formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readQuery } from "../lib/request";
import { OrganisationMatches } from "../components/organisation-picker/OrganisationMatches";
import { OrganisationPicker } from "../components/organisation-picker/OrganisationPicker";
import { type PickedOrganisation, pickerChoice, pickOrganisation } from "./shared/organisation-picker.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  pageTitle("Download certificates", { hasErrors: Boolean(loaded?.errors) });

/** Measured rendering and zipping time per certificate, with room for a busy server. */
const SECONDS_PER_CERTIFICATE = 0.08;

const DATE_FIELDS = { completedFrom: "Completed from", completedTo: "Completed to" } as const;

/** A day, month and year typed into a GOV.UK date input: nothing, a real date, or a message. */
function parseDateInput(
  values: Record<string, string | string[]>,
  prefix: keyof typeof DATE_FIELDS,
): { iso?: string; error?: string } {
  const part = (name: string) => String(values[`${prefix}-${name}`] ?? "").trim();
  const [day, month, year] = [part("day"), part("month"), part("year")];
  const label = DATE_FIELDS[prefix];
  if (!day && !month && !year) return {};
  if (!day || !month || !year) return { error: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${label} must be a real date` };
  }
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
    return { error: `${label} must be a real date` };
  }
  return { iso };
}

const Id = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * Reads the form into a selection within what the form offered, or the messages to show. The
 * organisation is the picker's (`picked`: found within the user's reach, or the words' matches).
 */
function readForm(
  values: Record<string, string | string[]>,
  courses: Array<{ id: number }>,
  picked: PickedOrganisation,
  personId: number | undefined,
): { selection?: CertificateSelection; errors?: FieldErrors } {
  const errors: FieldErrors = {};
  const selection: CertificateSelection = { personId, includeSuperseded: values.includeSuperseded === "true" };
  const words = typeof values.organisation === "string" ? values.organisation.trim() : undefined;
  if (picked.chosen) selection.organisationId = picked.chosen.id;
  else if (picked.matches?.length === 0)
    errors.organisationId = `No organisation or school you can choose matches “${words}”`;
  else if (picked.matches) errors.organisationId = `More than one organisation matches “${words}”: choose one below`;
  else if (words === undefined && values.organisationId) {
    errors.organisationId = "Select an organisation or a school from the list";
  }
  if (values.courseId) {
    const id = Id.safeParse(values.courseId);
    if (!id.success || !courses.some((c) => c.id === id.data)) errors.courseId = "Select a course from the list";
    else selection.courseId = id.data;
  }
  for (const prefix of Object.keys(DATE_FIELDS) as Array<keyof typeof DATE_FIELDS>) {
    const date = parseDateInput(values, prefix);
    if (date.error) errors[prefix] = date.error;
    else if (date.iso) selection[prefix] = date.iso;
  }
  if (!errors.completedFrom && !errors.completedTo && selection.completedFrom && selection.completedTo) {
    if (selection.completedFrom > selection.completedTo) {
      errors.completedTo = "Completed to must be the same as or after completed from";
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { selection };
}

function estimate(count: number): string {
  const seconds = Math.ceil(count * SECONDS_PER_CERTIFICATE);
  if (seconds < 60) return "less than a minute";
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "about a minute" : `about ${minutes} minutes`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "certificates:bulk-download");
  const scope = personScopeFor(user, "certificates:bulk-download");
  const params = readQuery(request);
  const values = formValues(params);

  let person: { id: number; name: string } | null = null;
  if (params.has("personId")) {
    const id = Id.safeParse(params.get("personId"));
    if (!id.success) notFound("person");
    await requirePersonAccess(db, user, "certificates:bulk-download", id.data);
    const found = await getPerson(db, id.data);
    if (!found) notFound("person");
    person = { id: found.id, name: found.name };
  }
  const askedId = Id.safeParse(values.organisationId);
  const typed = typeof values.organisation === "string" ? values.organisation.slice(0, 200) : undefined;
  const [courses, picked] = await Promise.all([
    listCertificateCourses(db),
    person
      ? ({ chosen: null } satisfies PickedOrganisation as PickedOrganisation)
      : pickOrganisation(db, scope, askedId.success ? askedId.data : undefined, typed),
  ]);
  const base = {
    values,
    courses,
    // Only the organisation chosen, or the few the words typed match: never the whole tree.
    organisation: picked.chosen ? pickerChoice(picked.chosen) : null,
    organisationTyped: picked.chosen ? "" : (typed?.trim() ?? ""),
    organisationMatches: picked.matches?.map(pickerChoice) ?? null,
    person,
    everyone: scope.kind === "all",
    max: MAX_CERTIFICATES_PER_ZIP,
  };

  // The first visit shows the form; a person's page links here with the person chosen.
  if (!params.has("check") && !person) return { ...base, errors: null, result: null };
  const read = readForm(values, courses, picked, person?.id);
  if (read.errors) return data({ ...base, errors: read.errors, result: null }, { status: 400 });
  const selection = read.selection!;
  const count = await countCertificates(db, scope, selection);
  return {
    ...base,
    errors: null,
    result: {
      count,
      estimate: estimate(count),
      href: `/certificates/bulk.zip?${selectionToSearchParams(selection).toString()}`,
    },
  };
}

const FIELD_IDS = {
  organisationId: "organisationId",
  courseId: "courseId",
  completedFrom: "completedFrom-day",
  completedTo: "completedTo-day",
};

export default function BulkCertificates() {
  const {
    values,
    courses,
    organisation,
    organisationTyped,
    organisationMatches,
    person,
    everyone,
    max,
    errors,
    result,
  } = useLoaderData<typeof loader>();
  // A match chosen without JavaScript: this selection with that organisation.
  const withOrganisation = (id: number) => {
    const query = new URLSearchParams();
    for (const [key, v] of Object.entries(values)) {
      if (key !== "organisation" && key !== "organisationId") for (const one of [v].flat()) query.append(key, one);
    }
    query.set("organisationId", String(id));
    return `/certificates/bulk?${query}`;
  };
  const value = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors, FIELD_IDS)} /> : null}
        <h1 className="govuk-heading-l">Download certificates</h1>
        <p className="govuk-body">
          Choose whose certificates you need. You get one zip file with a PDF of each certificate and a list of them
          (manifest.csv) that opens in a spreadsheet.
        </p>

        {result ? (
          result.count === 0 ? (
            <InsetText role="status">There are no certificates in this selection. Try a wider one.</InsetText>
          ) : result.count > max ? (
            <div role="status">
              <WarningText>
                This selection has {result.count.toLocaleString("en-GB")} certificates: one download can hold up to{" "}
                {max.toLocaleString("en-GB")}. Choose an organisation, a course or a range of dates to narrow it.
              </WarningText>
            </div>
          ) : (
            <div className="govuk-inset-text" role="status">
              <p className="govuk-body">
                <strong>
                  {result.count === 1 ? "1 certificate" : `${result.count.toLocaleString("en-GB")} certificates`}
                </strong>{" "}
                in this selection. Making the zip takes {result.estimate}; your browser shows the download’s progress
                and you can keep using the service meanwhile.
              </p>
              <Button href={result.href} className="govuk-!-margin-bottom-0">
                Download {result.count === 1 ? "1 certificate" : `${result.count.toLocaleString("en-GB")} certificates`}{" "}
                (zip)
              </Button>
            </div>
          )
        ) : null}

        <form method="get" noValidate>
          <input type="hidden" name="check" value="1" />
          {person ? (
            <>
              <input type="hidden" name="personId" value={person.id} />
              <h2 className="govuk-heading-m">Certificates of {person.name}</h2>
              <p className="govuk-body">
                <a className="govuk-link" href="/certificates/bulk">
                  Choose a team, an organisation or a school instead
                </a>
              </p>
            </>
          ) : (
            <>
              <OrganisationPicker
                id="organisationId"
                name="organisation"
                idName="organisationId"
                source="/organisations/search?for=certificates"
                label={{ children: "Whose certificates", className: "govuk-label--m" }}
                hint={{
                  children: `${everyone ? "Everyone" : "Everyone in your team"}, or type part of the name of an organisation or school`,
                }}
                chosen={organisation}
                value={organisationTyped}
                errorMessage={errors?.organisationId ? { children: errors.organisationId } : undefined}
              />
              <OrganisationMatches
                typed={organisationTyped}
                matches={organisationMatches ?? []}
                hrefFor={withOrganisation}
              />
            </>
          )}
          <Select
            id="courseId"
            name="courseId"
            label={{ children: "Course", className: "govuk-label--m" }}
            value={value("courseId")}
            errorMessage={errors?.courseId ? { children: errors.courseId } : undefined}
            items={[
              { value: "", children: "All courses" },
              ...courses.map((c) => ({ value: c.id, children: c.title })),
            ]}
          />
          {(Object.keys(DATE_FIELDS) as Array<keyof typeof DATE_FIELDS>).map((prefix) => (
            <DateInput
              key={prefix}
              id={prefix}
              namePrefix={prefix}
              fieldset={{ legend: { children: DATE_FIELDS[prefix], className: "govuk-fieldset__legend--s" } }}
              hint={{
                children:
                  prefix === "completedFrom" ? "Optional. For example, 1 4 2025" : "Optional. For example, 31 3 2026",
              }}
              values={{ day: value(`${prefix}-day`), month: value(`${prefix}-month`), year: value(`${prefix}-year`) }}
              errorMessage={errors?.[prefix] ? { children: errors[prefix] } : undefined}
            />
          ))}
          <Checkboxes
            idPrefix="includeSuperseded"
            name="includeSuperseded"
            items={[
              {
                value: "true",
                children: "Include certificates replaced by a newer one",
                hint: { children: "Otherwise only the latest certificate of each course is included." },
                defaultChecked: value("includeSuperseded") === "true",
              },
            ]}
          />
          <Button type="submit" secondary={Boolean(result && result.count > 0 && result.count <= max)}>
            Check selection
          </Button>
        </form>
      </div>
    </div>
  );
}
