import { Checkboxes, Input, Radios, Textarea } from "../../components";
import {
  COURSE_CATEGORIES,
  DELIVERY_MODES,
  ELEARNING_COMPLETION_RULES,
  type ElearningCompletionRule,
} from "../../lib/values";
import { COURSE_CATEGORY_LABELS, DELIVERY_MODE_LABELS } from "../../lib/labels";

const COMPLETION_RULE_LABELS: Record<ElearningCompletionRule, string> = {
  completed: "When the learner completes it",
  passed: "When the learner passes it",
  completed_and_passed: "When the learner completes it and passes it",
};

type Values = Record<string, string | string[] | undefined>;

/** The course form's fields, shared by the add and edit pages. */
export function CourseFields({ values, errors }: { values: Values; errors: Record<string, string> | undefined }) {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : "";
  };
  const error = (name: string) => (errors?.[name] ? { children: errors[name] } : undefined);
  const ticked = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value.length > 0 : value === "yes";
  };
  return (
    <>
      <Input
        name="code"
        label={{ children: "Course code", className: "govuk-label--s" }}
        hint={{ children: "Letters, numbers and hyphens, like PREV-AWARE. No two courses can share a code." }}
        className="govuk-input--width-20"
        spellCheck={false}
        autoCapitalize="characters"
        value={text("code")}
        errorMessage={error("code")}
      />
      <Input
        name="title"
        label={{ children: "Title", className: "govuk-label--s" }}
        value={text("title")}
        errorMessage={error("title")}
      />
      <Textarea
        name="summary"
        label={{ children: "Summary (optional)", className: "govuk-label--s" }}
        hint={{ children: "What learners will cover, shown in the catalogue." }}
        value={text("summary")}
        errorMessage={error("summary")}
      />
      <Radios
        name="category"
        fieldset={{ legend: { children: "Category", className: "govuk-fieldset__legend--s" } }}
        value={text("category")}
        errorMessage={error("category")}
        items={COURSE_CATEGORIES.map((value) => ({ value, children: COURSE_CATEGORY_LABELS[value] }))}
      />
      <Radios
        name="deliveryMode"
        fieldset={{ legend: { children: "How it is delivered", className: "govuk-fieldset__legend--s" } }}
        value={text("deliveryMode")}
        errorMessage={error("deliveryMode")}
        items={DELIVERY_MODES.map((value) => ({ value, children: DELIVERY_MODE_LABELS[value] }))}
      />
      <Input
        name="externalUrl"
        type="url"
        spellCheck={false}
        label={{ children: "Web address of the e-learning (if it is elsewhere)", className: "govuk-label--s" }}
        hint={{ children: "Needed for e-learning on another site. It must start with https://" }}
        value={text("externalUrl")}
        errorMessage={error("externalUrl")}
      />
      <Radios
        name="elearningCompletesWhen"
        fieldset={{
          legend: { children: "When hosted e-learning counts as done", className: "govuk-fieldset__legend--s" },
        }}
        hint={{
          children:
            "Only for e-learning hosted here: what the package must report for a completion to be recorded. A SCORM 1.2 package that reports “passed” has completed and passed; one that reports “completed” has completed.",
        }}
        value={text("elearningCompletesWhen") || "completed"}
        errorMessage={error("elearningCompletesWhen")}
        items={ELEARNING_COMPLETION_RULES.map((value) => ({ value, children: COMPLETION_RULE_LABELS[value] }))}
      />
      <Input
        name="durationMinutes"
        inputMode="numeric"
        className="govuk-input--width-5"
        label={{ children: "Length", className: "govuk-label--s" }}
        hint={{ children: "In minutes, up to 10080 (one week). For example, 90 for an hour and a half." }}
        suffix={{ children: "minutes" }}
        value={text("durationMinutes")}
        errorMessage={error("durationMinutes")}
      />
      <Input
        name="validityMonths"
        inputMode="numeric"
        className="govuk-input--width-3"
        label={{ children: "Counts for (optional)", className: "govuk-label--s" }}
        hint={{
          children: "Months a completion counts before a refresher is due, up to 240. Leave empty if it never expires.",
        }}
        suffix={{ children: "months" }}
        value={text("validityMonths")}
        errorMessage={error("validityMonths")}
      />
      <Input
        name="bookingClosesWorkingDays"
        inputMode="numeric"
        className="govuk-input--width-3"
        label={{ children: "Booking closes", className: "govuk-label--s" }}
        hint={{
          children:
            "Working days before each session that booking closes and people can no longer cancel their own place (weekends and England and Wales bank holidays do not count). A cancellation after that is late.",
        }}
        suffix={{ children: "working days before" }}
        value={text("bookingClosesWorkingDays")}
        errorMessage={error("bookingClosesWorkingDays")}
      />
      <Input
        name="audienceNote"
        label={{ children: "Who it is for (optional)", className: "govuk-label--s" }}
        hint={{ children: "For example, “Designated safeguarding leads in schools”." }}
        value={text("audienceNote")}
        errorMessage={error("audienceNote")}
      />
      <Checkboxes
        name="bookable"
        fieldset={{ legend: { children: "Settings", className: "govuk-fieldset__legend--s" } }}
        items={[
          {
            name: "bookable",
            value: "yes",
            checked: ticked("bookable"),
            children: "People can book or take this course",
            hint: { children: "Untick for a course kept only for its records, like WRAP." },
          },
          {
            name: "issuesCertificate",
            value: "yes",
            checked: ticked("issuesCertificate"),
            children: "Completing it gives a certificate",
          },
        ]}
      />
      <Checkboxes
        name="managersMayVerifyEvidence"
        fieldset={{
          legend: { children: "Evidence of this course done elsewhere", className: "govuk-fieldset__legend--s" },
        }}
        hint={{ children: "For example, a certificate from the Home Office’s Prevent e-learning on GOV.UK." }}
        items={[
          {
            name: "managersMayVerifyEvidence",
            value: "yes",
            checked: ticked("managersMayVerifyEvidence"),
            children: "A learner’s manager may accept or reject their evidence, not only the coordinator",
          },
          {
            name: "acceptsManagerConfirmation",
            value: "yes",
            checked: ticked("acceptsManagerConfirmation"),
            children: "A learner may send their manager’s confirmation instead of a certificate",
          },
        ]}
      />
      <Checkboxes
        name="certificateAfterEvaluation"
        fieldset={{ legend: { children: "Evaluation", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "Everyone who attends a session is asked to evaluate it." }}
        items={[
          {
            name: "certificateAfterEvaluation",
            value: "yes",
            checked: ticked("certificateAfterEvaluation"),
            children: "Release the certificate of a session only once the learner has evaluated it",
          },
          {
            name: "followUpEvaluation",
            value: "yes",
            checked: ticked("followUpEvaluation"),
            children: "Ask a follow-up about 3 months after the session: has it changed their practice?",
          },
        ]}
      />
    </>
  );
}
