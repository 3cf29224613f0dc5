import {
  Fragment,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type LabelHTMLAttributes,
  type ReactNode,
} from "react";
import { ErrorMessage, type ErrorMessageProps } from "../error-message/ErrorMessage";
import { Fieldset, type FieldsetProps } from "../fieldset/Fieldset";
import { Hint, type HintProps } from "../hint/Hint";
import { Label } from "../label/Label";
import {
  content,
  cx,
  describedBy as joinIds,
  splitFormGroupInputs,
  type FormGroupInputsProps,
  type TextOrChildren,
} from "../utils";

export interface RadiosItem
  extends TextOrChildren,
    Omit<InputHTMLAttributes<HTMLInputElement>, "children" | "value" | "checked" | "type" | "name"> {
  value?: string;
  /** Defaults to `idPrefix`, then `idPrefix-2`, `idPrefix-3`… */
  id?: string;
  /** Initially checked; overrides `value`. Rendered as `defaultChecked`. */
  checked?: boolean;
  hint?: HintProps;
  label?: Omit<LabelHTMLAttributes<HTMLLabelElement>, "htmlFor" | "children">;
  /** Content revealed when the radio is chosen (needs GOV.UK's JavaScript). */
  conditional?: { children: ReactNode };
  /** Renders a divider (e.g. "or") instead of a radio. */
  divider?: string;
}

export interface RadiosProps extends HTMLAttributes<HTMLDivElement> {
  name: string;
  /** Prefix for item, hint and error ids; defaults to `name`. */
  idPrefix?: string;
  items: Array<RadiosItem | null | false | undefined>;
  /** Value of the initially checked item. */
  value?: string;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  /** Wraps the radios in a fieldset (usually with a `legend`). */
  fieldset?: Omit<FieldsetProps, "children">;
  formGroup?: FormGroupInputsProps;
}

/** GOV.UK radios, optionally in a fieldset, with optional conditional reveals. */
export function Radios({
  name,
  idPrefix: idPrefixProp,
  items,
  value: checkedValue,
  hint,
  errorMessage,
  fieldset,
  formGroup,
  className,
  ...attributes
}: RadiosProps) {
  const idPrefix = idPrefixProp || name;
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = errorMessage ? `${idPrefix}-error` : undefined;
  const describedBy = joinIds(fieldset?.describedBy, hintId, errorId);
  const group = splitFormGroupInputs(formGroup);

  const inner = (
    <>
      {hint ? <Hint {...hint} id={hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={errorId} /> : null}
      <div className={cx("govuk-radios", className)} {...attributes} data-module="govuk-radios">
        {group.beforeInputs}
        {items.map((item, index) => {
          if (!item) return null;
          const {
            value,
            id,
            checked,
            hint: itemHint,
            label,
            conditional,
            divider,
            text,
            children,
            ...inputAttributes
          } = item;
          if (divider) {
            return (
              <div key={`divider-${index}`} className="govuk-radios__divider">
                {divider}
              </div>
            );
          }
          const itemId = id || (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
          const conditionalId = `conditional-${itemId}`;
          const isChecked = checked ?? (checkedValue !== undefined && checkedValue !== "" && value === checkedValue);
          const itemHintId = itemHint ? `${itemId}-item-hint` : undefined;
          return (
            <Fragment key={itemId}>
              <div className="govuk-radios__item">
                <input
                  className="govuk-radios__input"
                  id={itemId}
                  name={name}
                  type="radio"
                  value={value}
                  defaultChecked={isChecked || undefined}
                  data-aria-controls={conditional?.children ? conditionalId : undefined}
                  aria-describedby={itemHintId}
                  {...inputAttributes}
                />
                <Label {...label} className={cx("govuk-radios__label", label?.className)} htmlFor={itemId}>
                  {content({ text, children })}
                </Label>
                {itemHint ? (
                  <Hint {...itemHint} id={itemHintId} className={cx("govuk-radios__hint", itemHint.className)} />
                ) : null}
              </div>
              {conditional?.children ? (
                <div
                  className={cx("govuk-radios__conditional", !isChecked && "govuk-radios__conditional--hidden")}
                  id={conditionalId}
                >
                  {conditional.children}
                </div>
              ) : null}
            </Fragment>
          );
        })}
        {group.afterInputs}
      </div>
    </>
  );

  return (
    <div
      className={cx("govuk-form-group", errorMessage && "govuk-form-group--error", group.className)}
      {...group.attributes}
    >
      {fieldset ? (
        <Fieldset {...fieldset} describedBy={describedBy}>
          {inner}
        </Fieldset>
      ) : (
        inner
      )}
    </div>
  );
}
