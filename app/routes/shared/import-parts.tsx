import { Checkboxes, Select, Tag, type TagColour } from "../../components";
import type { ImportOptionField } from "../../domain/imports/kind";
import type { ImportCounts, ImportStatus } from "../../domain/imports/values";

/** Blue (no colour given) is the default tag: work under way. */
const STATUS: Record<ImportStatus, { text: string; colour?: TagColour }> = {
  previewing: { text: "Checking" },
  previewed: { text: "Ready to apply", colour: "yellow" },
  applying: { text: "Applying" },
  applied: { text: "Applied", colour: "green" },
  failed: { text: "Failed", colour: "red" },
  discarded: { text: "Discarded", colour: "grey" },
};

export function ImportStatusTag({ status, interrupted }: { status: ImportStatus; interrupted: boolean }) {
  if (interrupted) return <Tag colour="red">Interrupted</Tag>;
  const { text, colour } = STATUS[status];
  return <Tag colour={colour}>{text}</Tag>;
}

const n = (value: number) => value.toLocaleString("en-GB");

/** "12 created, 3 changed, 480 unchanged" (the non-zero counts). */
export function countsText(counts: ImportCounts): string {
  const parts = [
    counts.created > 0 ? `${n(counts.created)} created` : null,
    counts.changed > 0 ? `${n(counts.changed)} changed` : null,
    counts.unchanged > 0 ? `${n(counts.unchanged)} unchanged` : null,
    counts.ended > 0 ? `${n(counts.ended)} ended` : null,
    counts.skipped > 0 ? `${n(counts.skipped)} skipped` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "Nothing to change";
}

/** A kind's own choices (the contractor, mark leavers), on the upload form and the preview. */
export function ImportOptionFields({
  fields,
  values,
  errors,
}: {
  fields: ImportOptionField[];
  values: Record<string, unknown>;
  errors?: Record<string, string>;
}) {
  return (
    <>
      {fields.map((field) =>
        field.type === "checkbox" ? (
          <Checkboxes
            key={field.name}
            name={field.name}
            items={[{ value: "yes", children: field.label, hint: field.hint ? { children: field.hint } : undefined }]}
            values={values[field.name] === true || values[field.name] === "yes" ? ["yes"] : []}
            errorMessage={errors?.[field.name] ? { children: errors[field.name] } : undefined}
          />
        ) : (
          <Select
            key={field.name}
            name={field.name}
            label={{ children: field.label, className: "govuk-label--s" }}
            hint={field.hint ? { children: field.hint } : undefined}
            value={String(values[field.name] ?? "")}
            items={(field.choices ?? []).map((c) => ({ value: c.value, children: c.label }))}
            errorMessage={errors?.[field.name] ? { children: errors[field.name] } : undefined}
          />
        ),
      )}
    </>
  );
}
