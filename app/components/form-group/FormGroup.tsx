/**
 * What GOV.UK's form components share: the `govuk-form-group` wrapper, the
 * hint and error message with their ids, and for a single field its label.
 * Internal: the components in app/components use these; pages use the components.
 */
import type { HTMLAttributes, ReactNode } from "react";
import { ErrorMessage, type ErrorMessageProps } from "../error-message/ErrorMessage";
import { Fieldset, type FieldsetProps } from "../fieldset/Fieldset";
import { Hint, type HintProps } from "../hint/Hint";
import { Label, type LabelProps } from "../label/Label";
import { cx, describedBy as joinIds, type FormGroupProps } from "../utils";

/** The props of a single field with a label (Input, Textarea, Select, FileUpload). */
export interface FieldProps {
  name: string;
  /** Defaults to `name`. */
  id?: string;
  label: Omit<LabelProps, "htmlFor">;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  /** Ids of other elements describing the field; the hint and error ids are added. */
  describedBy?: string;
  formGroup?: FormGroupProps;
}

export interface FieldIds {
  /** `${id}-hint` when there is a hint. */
  hintId?: string;
  /** `${id}-error` when there is an error message. */
  errorId?: string;
  /** For `aria-describedby`: `describedBy`, then the hint and error ids; `undefined` when none. */
  describedBy?: string;
}

/** The ids that tie a field, or a group of inputs, to its hint and error message. */
export function fieldIds(
  id: string,
  { hint, errorMessage, describedBy }: Pick<FieldProps, "hint" | "errorMessage" | "describedBy">,
): FieldIds {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorMessage ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: joinIds(describedBy, hintId, errorId) };
}

export interface FormGroupWrapperProps {
  /** The `formGroup` param's class and attributes (from `splitFormGroup` or `splitFormGroupInputs`). */
  group: { className?: string; attributes: HTMLAttributes<HTMLDivElement> };
  /** Adds `govuk-form-group--error`. */
  error: boolean;
  /** Wraps the content in a fieldset (a group of inputs' `fieldset` param). */
  fieldset?: Omit<FieldsetProps, "children">;
  children: ReactNode;
}

/** The `govuk-form-group` div, with its content in a fieldset when there is one. */
export function FormGroup({ group, error, fieldset, children }: FormGroupWrapperProps) {
  return (
    <div className={cx("govuk-form-group", error && "govuk-form-group--error", group.className)} {...group.attributes}>
      {fieldset ? <Fieldset {...fieldset}>{children}</Fieldset> : children}
    </div>
  );
}

/** The hint and the error message, with the ids from `fieldIds`. */
export function HintAndErrorMessage({
  hint,
  errorMessage,
  ids,
}: Pick<FieldProps, "hint" | "errorMessage"> & { ids: FieldIds }) {
  return (
    <>
      {hint ? <Hint {...hint} id={ids.hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={ids.errorId} /> : null}
    </>
  );
}

export interface FieldGroupProps extends Pick<FieldProps, "label" | "hint" | "errorMessage"> {
  /** The field's id, for the label. */
  id: string;
  ids: FieldIds;
  group: FormGroupWrapperProps["group"];
  children: ReactNode;
}

/**
 * A single field's form group: label, hint and error message, then `children`
 * (the field, with the `formGroup` param's `beforeInput` and `afterInput` where
 * the component puts them).
 */
export function FieldGroup({ id, label, hint, errorMessage, ids, group, children }: FieldGroupProps) {
  return (
    <FormGroup group={group} error={Boolean(errorMessage)}>
      <Label {...label} htmlFor={id} />
      <HintAndErrorMessage hint={hint} errorMessage={errorMessage} ids={ids} />
      {children}
    </FormGroup>
  );
}
