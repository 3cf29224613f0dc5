import type { HTMLAttributes, InputHTMLAttributes } from "react";
import type { ErrorMessageProps } from "../error-message/ErrorMessage";
import type { FieldsetProps } from "../fieldset/Fieldset";
import { FormGroup, HintAndErrorMessage, fieldIds } from "../form-group/FormGroup";
import type { HintProps } from "../hint/Hint";
import { Input } from "../input/Input";
import { cx, splitFormGroupInputs, type FormGroupInputsProps } from "../utils";

export interface DateInputItem extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "value" | "id" | "prefix"> {
  /** `day`, `month`, `year` (or your own); prefixed with `namePrefix-`. */
  name: string;
  /** Defaults to `${id}-${name}`. */
  id?: string;
  /** Defaults to the capitalised name. */
  label?: string;
  value?: string | number;
  /** Marks this field as in error; when no item is marked, all are, if there is an `errorMessage`. */
  error?: boolean;
}

export interface DateInputProps extends HTMLAttributes<HTMLDivElement> {
  /** Id of the group; hint is `${id}-hint`, error `${id}-error`, fields `${id}-day` etc. */
  id: string;
  /** Field names become `${namePrefix}-day`, `${namePrefix}-month`, `${namePrefix}-year`. */
  namePrefix?: string;
  /** Defaults to day, month and year (see `day`, `month`, `year`). */
  items?: DateInputItem[];
  /** Replaces the default day item when there are no `items`; `false` leaves it out. */
  day?: Partial<DateInputItem> | false;
  month?: Partial<DateInputItem> | false;
  year?: Partial<DateInputItem> | false;
  /** Initial values by item name, e.g. `{ day: "1", month: "4", year: "2025" }` (or by full name). */
  values?: Record<string, string | number | undefined>;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  fieldset?: Omit<FieldsetProps, "children">;
  formGroup?: FormGroupInputsProps;
}

const SLOTS = ["day", "month", "year"] as const;

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** GOV.UK date input: day, month and year text inputs in a `role="group"` fieldset. */
export function DateInput({
  id,
  namePrefix,
  items: itemsProp,
  day,
  month,
  year,
  values,
  hint,
  errorMessage,
  fieldset,
  formGroup,
  className,
  ...attributes
}: DateInputProps) {
  const ids = fieldIds(id, { hint, errorMessage, describedBy: fieldset?.describedBy });
  const group = splitFormGroupInputs(formGroup);
  const slots = { day, month, year };
  const items: DateInputItem[] = itemsProp?.length
    ? itemsProp
    : SLOTS.flatMap((slot) => {
        const item = slots[slot];
        if (item === false) return [];
        // GOV.UK's defaults; a `day`/`month`/`year` object replaces them.
        return [
          item
            ? { ...item, name: item.name || slot }
            : { name: slot, className: `govuk-input--width-${slot === "year" ? 4 : 2}` },
        ];
      });
  const yearName = year ? year.name || "year" : "year";
  const hasErrorClass = (item: DateInputItem) => Boolean(item.className?.includes("govuk-input--error"));
  const anyItemHasError = items.some((item) => item.error || hasErrorClass(item));
  const prefix = namePrefix ? `${namePrefix}-` : "";

  return (
    <FormGroup
      group={group}
      error={Boolean(errorMessage)}
      fieldset={fieldset && { role: "group", ...fieldset, describedBy: ids.describedBy }}
    >
      <HintAndErrorMessage hint={hint} errorMessage={errorMessage} ids={ids} />
      <div className={cx("govuk-date-input", className)} {...attributes} id={id}>
        {group.beforeInputs}
        {items.map(
          ({ name, id: itemId, label, value, error, className: itemClassName, inputMode, ...itemAttributes }) => {
            const width = name === "year" || name === yearName ? 4 : 2;
            const showError =
              !hasErrorClass({ name, className: itemClassName }) &&
              (error || (error !== false && Boolean(errorMessage) && !anyItemHasError));
            const classes = cx(
              showError && "govuk-input--error",
              !itemClassName?.includes("govuk-input--width-") && `govuk-input--width-${width}`,
              itemClassName,
            );
            const fullName = prefix + name;
            // A `day`/`month`/`year` object's value also applies to an item of that name.
            const slot = SLOTS.find((s) => {
              const slotItem = slots[s];
              return slotItem ? (slotItem.name || s) === name : false;
            });
            const slotValue = slot ? (slots[slot] || undefined)?.value : undefined;
            return (
              <div key={name} className="govuk-date-input__item">
                <Input
                  label={{ children: label || capitalise(name), className: "govuk-date-input__label" }}
                  id={itemId || `${id}-${name}`}
                  className={cx("govuk-date-input__input", classes)}
                  name={fullName}
                  value={value ?? slotValue ?? values?.[name] ?? values?.[fullName]}
                  type="text"
                  inputMode={inputMode || "numeric"}
                  {...itemAttributes}
                />
              </div>
            );
          },
        )}
        {group.afterInputs}
      </div>
    </FormGroup>
  );
}
