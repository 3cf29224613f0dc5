import type { OptionHTMLAttributes, SelectHTMLAttributes } from "react";
import { FieldGroup, fieldIds, type FieldProps } from "../form-group/FormGroup";
import { content, cx, splitFormGroup, type TextOrChildren } from "../utils";

export interface SelectItem
  extends TextOrChildren,
    Omit<OptionHTMLAttributes<HTMLOptionElement>, "value" | "children" | "selected"> {
  /** Without a value the option's text is its value. */
  value?: string | number;
  /** Initially selected (React sets this through the select's `defaultValue`). */
  selected?: boolean;
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, keyof FieldProps | "value" | "multiple">,
    FieldProps {
  items?: Array<SelectItem | null | false | undefined>;
  /** Value of the initially selected option (GOV.UK `value`), rendered as `defaultValue`. */
  value?: string | number;
}

/** GOV.UK select. Uncontrolled: the selection comes from `value`, `defaultValue` or an item's `selected`. */
export function Select({
  name,
  id: idProp,
  items = [],
  value,
  defaultValue,
  label,
  hint,
  errorMessage,
  describedBy,
  formGroup,
  className,
  ...attributes
}: SelectProps) {
  const id = idProp || name;
  const ids = fieldIds(id, { hint, errorMessage, describedBy });
  const group = splitFormGroup(formGroup);
  const options = items.filter((item): item is SelectItem => Boolean(item));
  const optionValue = (item: SelectItem) => String(item.value ?? item.text ?? "");
  // As GOV.UK: an item's `selected` wins over `value`, including `selected: false`.
  const selectedItem = options.find((item) => item.selected);
  const initial = value ?? defaultValue;
  const selected = selectedItem
    ? optionValue(selectedItem)
    : initial !== undefined && !options.some((item) => item.selected === false && optionValue(item) === String(initial))
      ? initial
      : undefined;

  return (
    <FieldGroup id={id} label={label} hint={hint} errorMessage={errorMessage} ids={ids} group={group}>
      {group.beforeInput}
      <select
        className={cx("govuk-select", className, errorMessage && "govuk-select--error")}
        id={id}
        name={name}
        defaultValue={selected}
        aria-describedby={ids.describedBy}
        {...attributes}
      >
        {options.map(({ value: optionValue, text, children, selected: _selected, ...optionAttributes }, index) => (
          <option key={index} value={optionValue} {...optionAttributes}>
            {content({ text, children })}
          </option>
        ))}
      </select>
      {group.afterInput}
    </FieldGroup>
  );
}
