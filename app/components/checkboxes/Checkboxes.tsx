import { type ChoiceItem, Choices, type ChoicesProps } from "../choices/Choices";

export interface CheckboxesItem extends ChoiceItem {
  /** Defaults to the component's `name`. */
  name?: string;
  /** `"exclusive"` for a "None" option that unchecks the others. */
  behaviour?: "exclusive";
}

export interface CheckboxesProps extends ChoicesProps<CheckboxesItem> {
  /** Values of the initially checked items. */
  values?: string[];
  describedBy?: string;
}

/** GOV.UK checkboxes, optionally in a fieldset, with conditional reveals and an exclusive "None". */
export function Checkboxes({ values, ...props }: CheckboxesProps) {
  return (
    <Choices
      {...props}
      kind="checkboxes"
      isChecked={(item) => item.checked ?? (values && item.value !== undefined ? values.includes(item.value) : false)}
    />
  );
}
