import type { HTMLAttributes, InputHTMLAttributes, ReactNode } from "react";
import { FieldGroup, fieldIds, type FieldProps } from "../form-group/FormGroup";
import { cx, splitFormGroup } from "../utils";

export interface InputAffixProps extends HTMLAttributes<HTMLDivElement> {
  children: ReactNode;
}

export interface InputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, keyof FieldProps | "prefix" | "value">,
    FieldProps {
  /**
   * Initial value (GOV.UK `value`). Rendered as React's `defaultValue`: the input
   * stays uncontrolled and the form posts without JavaScript.
   */
  value?: string | number;
  prefix?: InputAffixProps;
  suffix?: InputAffixProps;
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
  const ids = fieldIds(id, { hint, errorMessage, describedBy });
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
      aria-describedby={ids.describedBy}
      {...attributes}
    />
  );

  return (
    <FieldGroup id={id} label={label} hint={hint} errorMessage={errorMessage} ids={ids} group={group}>
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
    </FieldGroup>
  );
}
