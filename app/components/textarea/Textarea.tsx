import type { TextareaHTMLAttributes } from "react";
import { FieldGroup, fieldIds, type FieldProps } from "../form-group/FormGroup";
import { cx, splitFormGroup } from "../utils";

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, keyof FieldProps | "value">,
    FieldProps {
  /** Initial value (GOV.UK `value`), rendered as `defaultValue`. */
  value?: string;
}

/** GOV.UK textarea with label, hint and error message; 5 rows by default. */
export function Textarea({
  name,
  id: idProp,
  label,
  hint,
  errorMessage,
  describedBy,
  value,
  defaultValue,
  rows = 5,
  formGroup,
  className,
  ...attributes
}: TextareaProps) {
  const id = idProp || name;
  const ids = fieldIds(id, { hint, errorMessage, describedBy });
  const group = splitFormGroup(formGroup);
  return (
    <FieldGroup id={id} label={label} hint={hint} errorMessage={errorMessage} ids={ids} group={group}>
      {group.beforeInput}
      <textarea
        className={cx("govuk-textarea", errorMessage && "govuk-textarea--error", className)}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value ?? defaultValue}
        aria-describedby={ids.describedBy}
        {...attributes}
      />
      {group.afterInput}
    </FieldGroup>
  );
}
