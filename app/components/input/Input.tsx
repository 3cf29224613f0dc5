import type { HTMLAttributes, InputHTMLAttributes, ReactNode } from "react";
import { ErrorMessage, type ErrorMessageProps } from "../error-message/ErrorMessage";
import { Hint, type HintProps } from "../hint/Hint";
import { Label, type LabelProps } from "../label/Label";
import { cx, describedBy as joinIds, splitFormGroup, type FormGroupProps } from "../utils";

export interface InputAffixProps extends HTMLAttributes<HTMLDivElement> {
  children: ReactNode;
}

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "prefix" | "value"> {
  name: string;
  /** Defaults to `name`. */
  id?: string;
  label: Omit<LabelProps, "htmlFor">;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  /** Ids of other elements describing the input; the hint and error ids are added. */
  describedBy?: string;
  /**
   * Initial value (GOV.UK `value`). Rendered as React's `defaultValue`: the input
   * stays uncontrolled and the form posts without JavaScript.
   */
  value?: string | number;
  prefix?: InputAffixProps;
  suffix?: InputAffixProps;
  formGroup?: FormGroupProps;
  inputWrapper?: HTMLAttributes<HTMLDivElement>;
}

function Affix({ type, className, children, ...attributes }: InputAffixProps & { type: "prefix" | "suffix" }) {
  return (
    <div className={cx(`govuk-input__${type}`, className)} aria-hidden="true" {...attributes}>
      {children}
    </div>
  );
}

/** GOV.UK text input with label, hint and error message. */
export function Input({
  name,
  id: idProp,
  label,
  hint,
  errorMessage,
  describedBy,
  value,
  defaultValue,
  prefix,
  suffix,
  formGroup,
  inputWrapper,
  type = "text",
  className,
  ...attributes
}: InputProps) {
  const id = idProp || name;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorMessage ? `${id}-error` : undefined;
  const group = splitFormGroup(formGroup);
  const hasPrefix = Boolean(prefix?.children);
  const hasSuffix = Boolean(suffix?.children);

  const input = (
    <input
      className={cx("govuk-input", className, errorMessage && "govuk-input--error")}
      id={id}
      name={name}
      type={type}
      defaultValue={value ?? defaultValue}
      aria-describedby={joinIds(describedBy, hintId, errorId)}
      {...attributes}
    />
  );

  return (
    <div
      className={cx("govuk-form-group", errorMessage && "govuk-form-group--error", group.className)}
      {...group.attributes}
    >
      <Label {...label} htmlFor={id} />
      {hint ? <Hint {...hint} id={hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={errorId} /> : null}
      {hasPrefix || hasSuffix || group.beforeInput || group.afterInput ? (
        <div {...inputWrapper} className={cx("govuk-input__wrapper", inputWrapper?.className)}>
          {group.beforeInput}
          {prefix && hasPrefix ? <Affix type="prefix" {...prefix} /> : null}
          {input}
          {suffix && hasSuffix ? <Affix type="suffix" {...suffix} /> : null}
          {group.afterInput}
        </div>
      ) : (
        input
      )}
    </div>
  );
}
