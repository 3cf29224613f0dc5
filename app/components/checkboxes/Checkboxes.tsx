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

export interface CheckboxesItem
  extends TextOrChildren,
    Omit<InputHTMLAttributes<HTMLInputElement>, "children" | "value" | "checked" | "type"> {
  value?: string;
  /** Defaults to `idPrefix`, then `idPrefix-2`, `idPrefix-3`… */
  id?: string;
  /** Defaults to the component's `name`. */
  name?: string;
  /** Initially checked; overrides `values`. Rendered as `defaultChecked`. */
  checked?: boolean;
  hint?: HintProps;
  label?: Omit<LabelHTMLAttributes<HTMLLabelElement>, "htmlFor" | "children">;
  /** Content revealed when the box is checked (needs GOV.UK's JavaScript). */
  conditional?: { children: ReactNode };
  /** `"exclusive"` for a "None" option that unchecks the others. */
  behaviour?: "exclusive";
  /** Renders a divider (e.g. "or") instead of a checkbox. */
  divider?: string;
}

export interface CheckboxesProps extends HTMLAttributes<HTMLDivElement> {
  name: string;
  /** Prefix for item, hint and error ids; defaults to `name`. */
  idPrefix?: string;
  items: Array<CheckboxesItem | null | false | undefined>;
  /** Values of the initially checked items. */
  values?: string[];
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  /** Wraps the checkboxes in a fieldset (usually with a `legend`). */
  fieldset?: Omit<FieldsetProps, "children">;
  describedBy?: string;
  formGroup?: FormGroupInputsProps;
}

/** GOV.UK checkboxes, optionally in a fieldset, with conditional reveals and an exclusive "None". */
export function Checkboxes({
  name,
  idPrefix: idPrefixProp,
  items,
  values,
  hint,
  errorMessage,
  fieldset,
  describedBy: describedByProp,
  formGroup,
  className,
  ...attributes
}: CheckboxesProps) {
  const idPrefix = idPrefixProp || name;
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = errorMessage ? `${idPrefix}-error` : undefined;
  const describedBy = joinIds(fieldset?.describedBy || describedByProp, hintId, errorId);
  const group = splitFormGroupInputs(formGroup);

  const inner = (
    <>
      {hint ? <Hint {...hint} id={hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={errorId} /> : null}
      <div className={cx("govuk-checkboxes", className)} {...attributes} data-module="govuk-checkboxes">
        {group.beforeInputs}
        {items.map((item, index) => {
          if (!item) return null;
          const {
            value,
            id,
            name: itemName,
            checked,
            hint: itemHint,
            label,
            conditional,
            behaviour,
            divider,
            text,
            children,
            ...inputAttributes
          } = item;
          if (divider) {
            return (
              <div key={`divider-${index}`} className="govuk-checkboxes__divider">
                {divider}
              </div>
            );
          }
          const itemId = id || (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
          const conditionalId = `conditional-${itemId}`;
          const isChecked = checked ?? (values && value !== undefined ? values.includes(value) : false);
          const itemHintId = itemHint ? `${itemId}-item-hint` : undefined;
          return (
            <Fragment key={itemId}>
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id={itemId}
                  name={itemName || name}
                  type="checkbox"
                  value={value}
                  defaultChecked={isChecked || undefined}
                  data-aria-controls={conditional?.children ? conditionalId : undefined}
                  data-behaviour={behaviour}
                  aria-describedby={joinIds(fieldset ? undefined : describedBy, itemHintId)}
                  {...inputAttributes}
                />
                <Label {...label} className={cx("govuk-checkboxes__label", label?.className)} htmlFor={itemId}>
                  {content({ text, children })}
                </Label>
                {itemHint ? (
                  <Hint {...itemHint} id={itemHintId} className={cx("govuk-checkboxes__hint", itemHint.className)} />
                ) : null}
              </div>
              {conditional?.children ? (
                <div
                  className={cx("govuk-checkboxes__conditional", !isChecked && "govuk-checkboxes__conditional--hidden")}
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
