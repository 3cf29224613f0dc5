import { type ChoiceItem, Choices, type ChoicesProps } from "../choices/Choices";

export type RadiosItem = ChoiceItem;

export interface RadiosProps extends ChoicesProps<RadiosItem> {
  /** Value of the initially checked item. */
  value?: string;
}

/** GOV.UK radios, optionally in a fieldset, with optional conditional reveals. */
export function Radios({ value, ...props }: RadiosProps) {
  return (
    <Choices
      {...props}
      kind="radios"
      isChecked={(item) => item.checked ?? (value !== undefined && value !== "" && item.value === value)}
    />
  );
}
