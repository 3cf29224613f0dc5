import { DateInput, Input, Radios, Select, Textarea } from "../../components";
import { SECTOR_LABELS } from "../../lib/labels";

type Values = Record<string, string | string[] | undefined>;

export interface SessionChoices {
  courses?: Array<{ id: number; code: string; title: string }>;
  trainers: Array<{ id: number; name: string }>;
  organisations: Array<{ id: number; name: string; sector: string }>;
}

/** Fields in page order, with the id each error links to. */
const FIELDS: Array<[string, string]> = [
  ["courseId", "courseId"],
  ["date", "date-day"],
  ["startTime", "startTime"],
  ["endTime", "endTime"],
  ["venue", "venue"],
  ["joiningLink", "joiningLink"],
  ["capacity", "capacity"],
  ["trainerPersonId", "trainerPersonId"],
  ["audienceOrganisationId", "audienceOrganisationId"],
  ["bookingOpensOn", "bookingOpensOn-day"],
  ["bookingClosesOn", "bookingClosesOn-day"],
  ["notes", "notes"],
  ["repeat", "repeat"],
  ["repeatWeeks", "repeatWeeks"],
  ["repeatDates", "repeatDates"],
];

/** The error summary's list in the order the fields appear, each linking to its field. */
export function sessionErrorList(errors: Record<string, string> | undefined) {
  if (!errors) return [];
  const known = FIELDS.filter(([field]) => errors[field]).map(([field, id]) => ({
    text: errors[field]!,
    href: `#${id}`,
  }));
  const others = Object.entries(errors)
    .filter(([field]) => !FIELDS.some(([f]) => f === field))
    .map(([, text]) => ({ text }));
  return [...known, ...others];
}

/** The session form's fields, shared by the schedule and edit pages. */
export function SessionFields({
  values,
  errors,
  choices,
  schedule,
}: {
  values: Values;
  errors: Record<string, string> | undefined;
  choices: SessionChoices;
  /** The scheduling form also asks for the course and whether the session repeats. */
  schedule: boolean;
}) {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : "";
  };
  const error = (name: string) => (errors?.[name] ? { children: errors[name] } : undefined);
  const dateValues = (prefix: string) => ({
    day: text(`${prefix}-day`),
    month: text(`${prefix}-month`),
    year: text(`${prefix}-year`),
  });
  return (
    <>
      {schedule ? (
        <Select
          name="courseId"
          label={{ children: "Course", className: "govuk-label--s" }}
          value={text("courseId")}
          errorMessage={error("courseId")}
          items={[
            { value: "", children: "Choose a course" },
            ...(choices.courses ?? []).map((c) => ({ value: String(c.id), children: `${c.title} (${c.code})` })),
          ]}
        />
      ) : null}
      <DateInput
        id="date"
        namePrefix="date"
        fieldset={{ legend: { children: "Date", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "For example, 27 3 2027" }}
        values={dateValues("date")}
        errorMessage={error("date")}
      />
      <Input
        name="startTime"
        className="govuk-input--width-5"
        label={{ children: "Start time", className: "govuk-label--s" }}
        hint={{ children: "UK time, like 09:30 or 2:30pm" }}
        value={text("startTime")}
        errorMessage={error("startTime")}
      />
      <Input
        name="endTime"
        className="govuk-input--width-5"
        label={{ children: "End time", className: "govuk-label--s" }}
        hint={{ children: "Like 12:30" }}
        value={text("endTime")}
        errorMessage={error("endTime")}
      />
      <Input
        name="venue"
        label={{ children: "Venue", className: "govuk-label--s" }}
        hint={{ children: "The building and room. Leave empty for a session only online." }}
        value={text("venue")}
        errorMessage={error("venue")}
      />
      <Input
        name="joiningLink"
        type="url"
        spellCheck={false}
        label={{ children: "Joining link", className: "govuk-label--s" }}
        hint={{ children: "For a session online: the link that starts with https://" }}
        value={text("joiningLink")}
        errorMessage={error("joiningLink")}
      />
      <Input
        name="capacity"
        inputMode="numeric"
        className="govuk-input--width-3"
        label={{ children: "Number of places", className: "govuk-label--s" }}
        value={text("capacity")}
        errorMessage={error("capacity")}
      />
      <Select
        name="trainerPersonId"
        label={{ children: "Trainer", className: "govuk-label--s" }}
        value={text("trainerPersonId")}
        errorMessage={error("trainerPersonId")}
        items={[
          { value: "", children: "No trainer yet" },
          ...choices.trainers.map((t) => ({ value: String(t.id), children: t.name })),
        ]}
      />
      <Select
        name="audienceOrganisationId"
        label={{ children: "Who can book", className: "govuk-label--s" }}
        hint={{ children: "Keep a session for one organisation’s staff, such as one school’s, and its teams." }}
        value={text("audienceOrganisationId")}
        errorMessage={error("audienceOrganisationId")}
        items={[
          { value: "", children: "Anyone" },
          ...choices.organisations.map((o) => ({
            value: String(o.id),
            children: `Only ${o.name} (${SECTOR_LABELS[o.sector as keyof typeof SECTOR_LABELS] ?? o.sector})`,
          })),
        ]}
      />
      <DateInput
        id="bookingOpensOn"
        namePrefix="bookingOpensOn"
        fieldset={{ legend: { children: "Booking opens (optional)", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "From the start of this day. Leave empty to open booking straight away." }}
        values={dateValues("bookingOpensOn")}
        errorMessage={error("bookingOpensOn")}
      />
      <DateInput
        id="bookingClosesOn"
        namePrefix="bookingClosesOn"
        fieldset={{ legend: { children: "Booking closes (optional)", className: "govuk-fieldset__legend--s" } }}
        hint={{ children: "Leave empty to close 3 working days before the session." }}
        values={dateValues("bookingClosesOn")}
        errorMessage={error("bookingClosesOn")}
      />
      <Input
        name="bookingClosesTime"
        inputMode="numeric"
        className="govuk-input--width-5"
        label={{ children: "Booking closes at (optional)", className: "govuk-label--s" }}
        hint={{ children: "Like 17:00 or 5pm. Leave empty for the session’s start time." }}
        value={text("bookingClosesTime")}
        errorMessage={error("bookingClosesTime")}
      />
      <Textarea
        name="notes"
        rows={3}
        label={{ children: "Notes for learners (optional)", className: "govuk-label--s" }}
        hint={{ children: "For example, what to bring or how to find the room." }}
        value={text("notes")}
        errorMessage={error("notes")}
      />
      {schedule ? (
        // Plain follow-up fields rather than conditional reveals: GOV.UK's reveal script puts
        // aria-expanded on radios, which axe reports (alphagov/govuk-frontend#979).
        <>
          <Radios
            name="repeat"
            fieldset={{ legend: { children: "Does this session repeat?", className: "govuk-fieldset__legend--s" } }}
            value={text("repeat") || "once"}
            errorMessage={error("repeat")}
            items={[
              { value: "once", children: "No, just this date" },
              { value: "weekly", children: "Every week" },
              { value: "dates", children: "On other dates" },
            ]}
          />
          <Input
            name="repeatWeeks"
            inputMode="numeric"
            className="govuk-input--width-3"
            label={{ children: "If every week: for how many more weeks" }}
            hint={{ children: "For example, 5 for six sessions in all, one a week" }}
            value={text("repeatWeeks")}
            errorMessage={error("repeatWeeks")}
          />
          <Textarea
            name="repeatDates"
            rows={4}
            label={{ children: "If on other dates: the other dates" }}
            hint={{
              children:
                "One a line, like 24/11/2026 or 24 November 2026. Each session runs at the same times and place.",
            }}
            value={text("repeatDates")}
            errorMessage={error("repeatDates")}
          />
        </>
      ) : null}
    </>
  );
}
