/**
 * What Checkboxes and Radios share: GOV.UK Frontend renders both with the same
 * markup, `govuk-checkboxes__…` or `govuk-radios__…`. Internal: pages use
 * `Checkboxes` and `Radios`.
 */
import {
  Fragment,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type LabelHTMLAttributes,
  type ReactNode,
} from "react";
import type { ErrorMessageProps } from "../error-message/ErrorMessage";
import type { FieldsetProps } from "../fieldset/Fieldset";
import { FormGroup, HintAndErrorMessage, fieldIds } from "../form-group/FormGroup";
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

/** A checkbox or radio item. */
export interface ChoiceItem
  extends TextOrChildren,
    Omit<InputHTMLAttributes<HTMLInputElement>, "children" | "value" | "checked" | "type" | "name"> {
  value?: string;
  /** Defaults to `idPrefix`, then `idPrefix-2`, `idPrefix-3`… */
  id?: string;
  /** Initially checked; overrides the component's `values` or `value`. Rendered as `defaultChecked`. */
  checked?: boolean;
  hint?: HintProps;
  label?: Omit<LabelHTMLAttributes<HTMLLabelElement>, "htmlFor" | "children">;
  /** Content revealed when the item is checked (needs GOV.UK's JavaScript). */
  conditional?: { children: ReactNode };
  /** Renders a divider (e.g. "or") instead of an input. */
  divider?: string;
}

/** The props Checkboxes and Radios share. */
export interface ChoicesProps<Item> extends HTMLAttributes<HTMLDivElement> {
  name: string;
  /** Prefix for item, hint and error ids; defaults to `name`. */
  idPrefix?: string;
  items: Array<Item | null | false | undefined>;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  /** Wraps the inputs in a fieldset (usually with a `legend`). */
  fieldset?: Omit<FieldsetProps, "children">;
  formGroup?: FormGroupInputsProps;
}

interface Choice extends ChoiceItem {
  /** A checkbox's own name. */
  name?: string;
  /** A checkbox's `data-behaviour`. */
  behaviour?: "exclusive";
}

/** Checkboxes (`kind="checkboxes"`) or radios, each checked when `isChecked` says so. */
export function Choices<Item extends Choice>({
  kind,
  isChecked,
  name,
  idPrefix: idPrefixProp,
  items,
  hint,
  errorMessage,
  fieldset,
  describedBy: describedByProp,
  formGroup,
  className,
  ...attributes
}: ChoicesProps<Item> & {
  kind: "checkboxes" | "radios";
  isChecked: (item: Item) => boolean;
  /** Checkboxes only. */
  describedBy?: string;
}) {
  const idPrefix = idPrefixProp || name;
  const ids = fieldIds(idPrefix, { hint, errorMessage, describedBy: fieldset?.describedBy || describedByProp });
  const group = splitFormGroupInputs(formGroup);
  // As GOV.UK: checkboxes outside a fieldset are described by the group's hint and error too.
  const itemsDescribedBy = kind === "checkboxes" && !fieldset ? ids.describedBy : undefined;

  return (
    <FormGroup
      group={group}
      error={Boolean(errorMessage)}
      fieldset={fieldset && { ...fieldset, describedBy: ids.describedBy }}
    >
      <HintAndErrorMessage hint={hint} errorMessage={errorMessage} ids={ids} />
      <div className={cx(`govuk-${kind}`, className)} {...attributes} data-module={`govuk-${kind}`}>
        {group.beforeInputs}
        {items.map((item, index) => {
          if (!item) return null;
          const {
            value,
            id,
            name: itemName,
            checked: _checked,
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
              <div key={`divider-${index}`} className={`govuk-${kind}__divider`}>
                {divider}
              </div>
            );
          }
          const itemId = id || (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
          const conditionalId = `conditional-${itemId}`;
          const checked = isChecked(item);
          const itemHintId = itemHint ? `${itemId}-item-hint` : undefined;
          return (
            <Fragment key={itemId}>
              <div className={`govuk-${kind}__item`}>
                <input
                  className={`govuk-${kind}__input`}
                  id={itemId}
                  name={itemName || name}
                  type={kind === "checkboxes" ? "checkbox" : "radio"}
                  value={value}
                  defaultChecked={checked || undefined}
                  data-aria-controls={conditional?.children ? conditionalId : undefined}
                  data-behaviour={behaviour}
                  aria-describedby={joinIds(itemsDescribedBy, itemHintId)}
                  {...inputAttributes}
                />
                <Label {...label} className={cx(`govuk-${kind}__label`, label?.className)} htmlFor={itemId}>
                  {content({ text, children })}
                </Label>
                {itemHint ? (
                  <Hint {...itemHint} id={itemHintId} className={cx(`govuk-${kind}__hint`, itemHint.className)} />
                ) : null}
              </div>
              {conditional?.children ? (
                <div
                  className={cx(`govuk-${kind}__conditional`, !checked && `govuk-${kind}__conditional--hidden`)}
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
    </FormGroup>
  );
}
