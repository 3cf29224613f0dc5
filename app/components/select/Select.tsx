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

/** Options under a heading (an `<optgroup>`): organisations by sector, for instance. */
export interface SelectGroup {
  group: string;
  items: SelectItem[];
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, keyof FieldProps | "value" | "multiple">,
    FieldProps {
  items?: Array<SelectItem | SelectGroup | null | false | undefined>;
  /** Value of the initially selected option (GOV.UK `value`), rendered as `defaultValue`. */
  value?: string | number;
}

function renderOption({ value, text, children, selected: _selected, ...attributes }: SelectItem, index: number) {
  return (
    <option key={index} value={value} {...attributes}>
      {content({ text, children })}
    </option>
  );
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
  const entries = items.filter((item): item is SelectItem | SelectGroup => Boolean(item));
  const options = entries.flatMap((entry) => ("group" in entry ? entry.items : [entry]));
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
        {entries.map((entry, index) =>
          "group" in entry ? (
            <optgroup key={index} label={entry.group}>
              {entry.items.map(renderOption)}
            </optgroup>
          ) : (
            renderOption(entry, index)
          ),
        )}
      </select>
      {group.afterInput}
    </FieldGroup>
  );
}
