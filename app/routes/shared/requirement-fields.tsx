import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  BackLink,
  Button,
  Checkboxes,
  Details,
  ErrorMessage,
  ErrorSummary,
  Fieldset,
  Input,
  Radios,
  Textarea,
} from "../../components";
import { EMPLOYMENT_TYPES, KNOWN_PROFILE_TAGS, SECTORS } from "../../lib/values";
import type { DeliveryMode } from "../../lib/values";
import { EMPLOYMENT_TYPE_LABELS, PROFILE_TAG_LABELS } from "../../domain/requirements/describe-audience";
import type { AudienceOrganisationGroup } from "../../domain/requirements/list-audience-organisations";
import type { RequirementPreview } from "../../domain/requirements/preview-requirement";
import { formatDate } from "../../lib/dates";
import { errorList } from "../../lib/forms";
import { DELIVERY_MODE_LABELS, SECTOR_LABELS, validityLabel } from "../../lib/labels";

export type FormValues = Record<string, string | string[] | undefined>;

export interface RequirementFormOptions {
  courses: Array<{
    id: number;
    title: string;
    code: string;
    deliveryMode: DeliveryMode;
    validityMonths: number | null;
    bookable: boolean;
    retired: boolean;
  }>;
  organisationGroups: AudienceOrganisationGroup[];
}

/** The statement every requirement page makes about refresh cycles. */
export const EXPIRY_RULE =
  "Expiry is counted from the completion date: each new completion starts a new cycle, and earlier completions stay in the person's history.";

/** The requirement form's fields, shared by the add and edit pages. */
export function RequirementFields({
  values,
  errors,
  options,
}: {
  values: FormValues;
  errors: Record<string, string> | undefined;
  options: RequirementFormOptions;
}) {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : "";
  };
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];
  };
  const error = (name: string) => (errors?.[name] ? { children: errors[name] } : undefined);
  const chosenOrganisations = list("audienceOrganisationIds");
  return (
    <>
      <Input
        name="name"
        label={{ children: "Name", className: "govuk-label--s" }}
        value={text("name")}
        errorMessage={error("name")}
      />
      <Textarea
        name="description"
        rows={3}
        label={{ children: "Description (optional)", className: "govuk-label--s" }}
        hint={{ children: "What people must do, in plain words. Learners see it on their training page." }}
        value={text("description")}
        errorMessage={error("description")}
      />
      <Checkboxes
        name="courseIds"
        fieldset={{ legend: { children: "Courses that satisfy it", className: "govuk-fieldset__legend--m" } }}
        hint={{ children: "Select every equivalent course: a current completion of any one of them counts." }}
        values={list("courseIds")}
        errorMessage={error("courseIds")}
        items={options.courses.map((course) => ({
          value: String(course.id),
          children: `${course.title}${course.retired ? " (retired)" : ""}`,
          hint: {
            children: `${course.code}. ${DELIVERY_MODE_LABELS[course.deliveryMode]}. Counts for: ${validityLabel(course.validityMonths).toLowerCase()}.${course.bookable ? "" : " Not bookable: records only."}`,
          },
        }))}
      />

      <h2 className="govuk-heading-m">Who it applies to</h2>
      <p className="govuk-body">
        Leave a question unanswered to include everyone. A person must match every question you answer: for example,
        sector “Council” and profile “Frontline” means frontline council staff.
      </p>
      <Checkboxes
        name="audienceSectors"
        className="govuk-checkboxes--small"
        fieldset={{ legend: { children: "Sectors", className: "govuk-fieldset__legend--s" } }}
        values={list("audienceSectors")}
        errorMessage={error("audienceSectors")}
        items={SECTORS.map((sector) => ({ value: sector, children: SECTOR_LABELS[sector] }))}
      />
      <Fieldset
        legend={{ children: "Organisations", className: "govuk-fieldset__legend--s" }}
        describedBy="audienceOrganisationIds-hint"
      >
        <div id="audienceOrganisationIds-hint" className="govuk-hint">
          Each organisation brings everything beneath it: a directorate brings its services and teams.
        </div>
        {errors?.audienceOrganisationIds ? <ErrorMessage>{errors.audienceOrganisationIds}</ErrorMessage> : null}
        {options.organisationGroups.map((group, index) => {
          const ids = [group.root.id, ...group.members.map((m) => m.id)].map(String);
          const chosen = ids.filter((id) => chosenOrganisations.includes(id)).length;
          return (
            <Details
              key={group.root.id}
              className="govuk-!-margin-bottom-4"
              open={chosen > 0 || undefined}
              summaryText={`${group.root.name}${chosen ? ` (${chosen} selected)` : ""}`}
            >
              <Checkboxes
                name="audienceOrganisationIds"
                // The first group keeps the field's own id (the error summary links to it); the others
                // take "-org<id>", which no item's numeric "-2", "-3"… suffix can ever equal.
                idPrefix={index === 0 ? "audienceOrganisationIds" : `audienceOrganisationIds-org${group.root.id}`}
                className="govuk-checkboxes--small"
                fieldset={{ legend: { children: group.root.name, className: "govuk-visually-hidden" } }}
                values={chosenOrganisations}
                items={[
                  { value: String(group.root.id), children: `All of ${group.root.name}` },
                  ...group.members.map((member) => ({ value: String(member.id), children: member.label })),
                ]}
              />
            </Details>
          );
        })}
      </Fieldset>
      <Checkboxes
        name="audienceTags"
        className="govuk-checkboxes--small"
        fieldset={{ legend: { children: "Profile", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "People holding any of these profile tags." }}
        values={list("audienceTags")}
        errorMessage={error("audienceTags")}
        items={KNOWN_PROFILE_TAGS.map((tag) => ({ value: tag, children: PROFILE_TAG_LABELS[tag] }))}
      />
      <Input
        name="otherTags"
        label={{ children: "Other profile tags (optional)", className: "govuk-label--s" }}
        hint={{
          children: "Tags your council uses that are not listed above, separated by commas, like youth_worker, driver.",
        }}
        spellCheck={false}
        value={text("otherTags")}
        errorMessage={error("otherTags")}
      />
      <Checkboxes
        name="audienceEmploymentTypes"
        className="govuk-checkboxes--small"
        fieldset={{ legend: { children: "Employment types", className: "govuk-fieldset__legend--s" } }}
        values={list("audienceEmploymentTypes")}
        errorMessage={error("audienceEmploymentTypes")}
        items={EMPLOYMENT_TYPES.map((type) => ({ value: type, children: EMPLOYMENT_TYPE_LABELS[type] }))}
      />

      <h2 className="govuk-heading-m">When</h2>
      <Input
        name="dueWithinDays"
        inputMode="numeric"
        className="govuk-input--width-4"
        label={{ children: "New starters must complete it within", className: "govuk-label--s" }}
        hint={{ children: "Days from their start date. Until then they show as “not yet due”." }}
        suffix={{ children: "days" }}
        value={text("dueWithinDays")}
        errorMessage={error("dueWithinDays")}
      />
      <Radios
        name="renewal"
        fieldset={{ legend: { children: "How often it must be renewed", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: EXPIRY_RULE }}
        value={text("renewal")}
        errorMessage={error("renewal")}
        items={[
          { value: "months", children: "Every set number of months" },
          {
            value: "course",
            children: "Follow the course’s validity",
            hint: {
              children:
                "Each completion counts for as long as its course says, or for ever if the course does not expire.",
            },
          },
        ]}
      />
      <Input
        name="renewalMonths"
        inputMode="numeric"
        className="govuk-input--width-3"
        label={{ children: "Renew every", className: "govuk-label--s" }}
        hint={{ children: "Months, up to 240: needed when it is renewed every set number of months." }}
        suffix={{ children: "months" }}
        value={text("renewalMonths")}
        errorMessage={error("renewalMonths")}
      />
      <Input
        name="reminderDays"
        inputMode="numeric"
        className="govuk-input--width-4"
        label={{ children: "Show as “expiring soon” from", className: "govuk-label--s" }}
        hint={{ children: "Days before it expires." }}
        suffix={{ children: "days before" }}
        value={text("reminderDays")}
        errorMessage={error("reminderDays")}
      />
      <Textarea
        name="source"
        rows={3}
        label={{ children: "Source (optional)", className: "govuk-label--s" }}
        hint={{
          children:
            "The guidance or policy this requirement follows, like Prevent duty guidance or Keeping children safe in education.",
        }}
        value={text("source")}
        errorMessage={error("source")}
      />
    </>
  );
}

/** What a preview found: how many people the requirement would apply to, and how many hold it. */
export function RequirementPreviewPanel({ preview }: { preview: RequirementPreview }) {
  const s = preview.byStatus;
  return (
    <div className="govuk-inset-text" id="preview" role="status">
      <h2 className="govuk-heading-m">Preview</h2>
      {preview.appliesTo === 0 ? (
        <p className="govuk-body">On {formatDate(preview.onDate)} this requirement would apply to nobody.</p>
      ) : (
        <>
          <p className="govuk-body">
            On {formatDate(preview.onDate)} this requirement would apply to{" "}
            <strong>{preview.appliesTo === 1 ? "1 person" : `${preview.appliesTo} people`}</strong>.{" "}
            <strong>{preview.current}</strong> of them {preview.current === 1 ? "is" : "are"} current.
          </p>
          <ul className="govuk-list govuk-list--bullet">
            <li>{s.current} current</li>
            <li>{s.expiring} expiring soon</li>
            <li>{s.expired} expired</li>
            <li>{s.missing} missing</li>
            <li>{s.not_yet_due} new starters not yet due</li>
          </ul>
        </>
      )}
      <p className="govuk-body">Nothing has been saved yet.</p>
    </div>
  );
}

/** The add and edit pages: error summary, heading, preview, the fields, Save and Preview. */
export function RequirementFormPage(props: {
  backHref: string;
  caption?: string;
  heading: string;
  intro: ReactNode;
  values: FormValues;
  errors: Record<string, string> | undefined;
  options: RequirementFormOptions;
  preview: RequirementPreview | null | undefined;
  saveLabel: string;
  cancelHref?: string;
}) {
  const navigation = useNavigation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={props.backHref}>Back</BackLink>
        {props.errors ? <ErrorSummary errorList={errorList(props.errors)} /> : null}
        {props.caption ? <span className="govuk-caption-l">{props.caption}</span> : null}
        <h1 className="govuk-heading-l">{props.heading}</h1>
        <p className="govuk-body">
          {props.intro} {EXPIRY_RULE}
        </p>
        {props.preview ? <RequirementPreviewPanel preview={props.preview} /> : null}
        <Form method="post" noValidate>
          <RequirementFields values={props.values} errors={props.errors} options={props.options} />
          <div className="govuk-button-group">
            {/* Disabled while a submission is under way; GOV.UK's own double-click guard is left off
                because it keeps swallowing clicks for a second after a client-side re-render. */}
            <Button type="submit" name="intent" value="save" disabled={navigation.state !== "idle"}>
              {props.saveLabel}
            </Button>
            <Button type="submit" name="intent" value="preview" secondary disabled={navigation.state !== "idle"}>
              Preview who it applies to
            </Button>
            {props.cancelHref ? (
              <a className="govuk-link" href={props.cancelHref}>
                Cancel
              </a>
            ) : null}
          </div>
        </Form>
      </div>
    </div>
  );
}
