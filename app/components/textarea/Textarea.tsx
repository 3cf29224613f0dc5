import type { TextareaHTMLAttributes } from "react";
import { ErrorMessage, type ErrorMessageProps } from "../error-message/ErrorMessage";
import { Hint, type HintProps } from "../hint/Hint";
import { Label, type LabelProps } from "../label/Label";
import { cx, describedBy as joinIds, splitFormGroup, type FormGroupProps } from "../utils";

export interface TextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value"> {
  name: string;
  /** Defaults to `name`. */
  id?: string;
  label: Omit<LabelProps, "htmlFor">;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  describedBy?: string;
  /** Initial value (GOV.UK `value`), rendered as `defaultValue`. */
  value?: string;
  formGroup?: FormGroupProps;
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
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorMessage ? `${id}-error` : undefined;
  const group = splitFormGroup(formGroup);
  return (
    <div
      className={cx("govuk-form-group", errorMessage && "govuk-form-group--error", group.className)}
      {...group.attributes}
    >
      <Label {...label} htmlFor={id} />
      {hint ? <Hint {...hint} id={hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={errorId} /> : null}
      {group.beforeInput}
      <textarea
        className={cx("govuk-textarea", errorMessage && "govuk-textarea--error", className)}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value ?? defaultValue}
        aria-describedby={joinIds(describedBy, hintId, errorId)}
        {...attributes}
      />
      {group.afterInput}
    </div>
  );
}
