import { Checkboxes, DateInput, Input, Radios } from "../../components";
import {
  OrganisationPicker,
  type OrganisationPickerChoice,
} from "../../components/organisation-picker/OrganisationPicker";
import { EMPLOYMENT_TYPE_LABELS, PROFILE_TAG_LABELS } from "../../domain/people/values";
import { EMPLOYMENT_TYPES, KNOWN_PROFILE_TAGS } from "../../lib/values";

type Values = Record<string, string | string[] | undefined>;

/** The organisation picker's state: the one chosen, or the words typed and what they match (app/routes/shared/organisation-picker.server.ts). */
export interface PersonFormOrganisation {
  chosen: OrganisationPickerChoice | null;
  typed: string;
  matches: OrganisationPickerChoice[];
}

/** The organisation picker with nothing chosen or typed (a new person). */
export const NO_ORGANISATION: PersonFormOrganisation = { chosen: null, typed: "", matches: [] };

/** The person form's fields, shared by the pages that add a person and change one. */
export function PersonFields({
  values,
  errors,
  organisation,
  currentLineManager,
  unnamedLineManager,
}: {
  values: Values;
  errors: Record<string, string> | undefined;
  organisation: PersonFormOrganisation;
  /** On the change page: who their line manager is now, for the hint. */
  currentLineManager?: string | null;
  /** Their line manager has no employee number or e-mail to type: offer to keep them. */
  unnamedLineManager?: boolean;
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
  return (
    <>
      <Input
        name="givenName"
        autoComplete="off"
        spellCheck={false}
        label={{ children: "Given name", className: "govuk-label--s" }}
        value={text("givenName")}
        errorMessage={error("givenName")}
      />
      <Input
        name="familyName"
        autoComplete="off"
        spellCheck={false}
        label={{ children: "Family name", className: "govuk-label--s" }}
        value={text("familyName")}
        errorMessage={error("familyName")}
      />
      <Input
        name="email"
        type="email"
        autoComplete="off"
        spellCheck={false}
        label={{ children: "E-mail address (optional)", className: "govuk-label--s" }}
        hint={{ children: "Their work e-mail address. No one else may have it." }}
        value={text("email")}
        errorMessage={error("email")}
      />
      <Input
        name="externalRef"
        className="govuk-input--width-10"
        spellCheck={false}
        label={{ children: "Employee number (optional)", className: "govuk-label--s" }}
        hint={{ children: "As the HR system or the contractor’s staff list has it, with any leading zeros." }}
        value={text("externalRef")}
        errorMessage={error("externalRef")}
      />
      <Input
        name="jobTitle"
        label={{ children: "Job title (optional)", className: "govuk-label--s" }}
        value={text("jobTitle")}
        errorMessage={error("jobTitle")}
      />
      <Radios
        name="employmentType"
        className="govuk-radios--small"
        fieldset={{ legend: { children: "Type of employment", className: "govuk-fieldset__legend--s" } }}
        value={text("employmentType")}
        errorMessage={error("employmentType")}
        items={EMPLOYMENT_TYPES.map((type) => ({ value: type, children: EMPLOYMENT_TYPE_LABELS[type] }))}
      />
      <OrganisationPicker
        id="organisationId"
        name="organisation"
        idName="organisationId"
        source="/organisations/search?for=person-form"
        label={{ children: "Organisation", className: "govuk-label--s" }}
        hint={{ children: "The council service, contractor, school or partner they work in. Type part of its name." }}
        chosen={organisation.chosen}
        value={organisation.typed}
        errorMessage={error("organisationId")}
      />
      {organisation.matches.length > 0 ? (
        // Without JavaScript, words matching several organisations: choose one of them.
        <Radios
          name="organisationChoice"
          className="govuk-radios--small"
          fieldset={{
            legend: {
              children: `Organisations matching “${organisation.typed}”`,
              className: "govuk-fieldset__legend--s",
            },
          }}
          items={organisation.matches.map((o) => ({ value: String(o.id), children: o.label }))}
        />
      ) : null}
      <Input
        name="lineManager"
        spellCheck={false}
        autoComplete="off"
        label={{ children: "Line manager (optional)", className: "govuk-label--s" }}
        hint={{
          children: `Their line manager’s employee number or e-mail address. Leave empty if they have none.${
            currentLineManager ? ` Now: ${currentLineManager}.` : ""
          }`,
        }}
        value={text("lineManager")}
        errorMessage={error("lineManager")}
      />
      {unnamedLineManager && currentLineManager ? (
        <Checkboxes
          name="keepLineManager"
          className="govuk-checkboxes--small"
          values={list("keepLineManager")}
          items={[
            {
              value: "yes",
              children: `Keep ${currentLineManager} as their line manager`,
              hint: {
                children:
                  "They have no employee number or e-mail address to type. Untick to remove them, or type another line manager.",
              },
            },
          ]}
        />
      ) : null}
      <DateInput
        id="startDate"
        namePrefix="startDate"
        fieldset={{ legend: { children: "Start date", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "The day they started in this job. For example, 27 3 2024" }}
        values={{ day: text("startDate-day"), month: text("startDate-month"), year: text("startDate-year") }}
        errorMessage={error("startDate")}
      />
      <Checkboxes
        name="profileTags"
        className="govuk-checkboxes--small"
        fieldset={{ legend: { children: "Profile", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "Requirements use these to decide who needs which training. Select all that apply." }}
        values={list("profileTags")}
        errorMessage={error("profileTags")}
        items={KNOWN_PROFILE_TAGS.map((tag) => ({ value: tag, children: PROFILE_TAG_LABELS[tag] ?? tag }))}
      />
      <Input
        name="otherTags"
        spellCheck={false}
        label={{ children: "Other tags (optional)", className: "govuk-label--s" }}
        hint={{ children: "The council’s own tags, separated by commas, like early_help, youth_offending." }}
        value={text("otherTags")}
        errorMessage={error("otherTags")}
      />
    </>
  );
}
