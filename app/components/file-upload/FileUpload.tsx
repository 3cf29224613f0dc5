import type { HTMLAttributes, InputHTMLAttributes } from "react";
import { FieldGroup, fieldIds, type FieldProps } from "../form-group/FormGroup";
import { cx, splitFormGroup } from "../utils";

export interface FileUploadProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, keyof FieldProps | "type" | "value" | "defaultValue">,
    FieldProps {
  /** Use GOV.UK's enhanced file upload (drop zone, needs JavaScript; plain input without it). */
  javascript?: boolean;
  wrapperClassName?: string;
  wrapperAttributes?: HTMLAttributes<HTMLDivElement>;
  chooseFilesButtonText?: string;
  noFileChosenText?: string;
  /** By plural rule, e.g. `{ one: "%{count} file chosen", other: "%{count} files chosen" }`. */
  multipleFilesChosenText?: Partial<Record<"zero" | "one" | "two" | "few" | "many" | "other", string>>;
  dropInstructionText?: string;
  enteredDropZoneText?: string;
  leftDropZoneText?: string;
}

/** GOV.UK file upload. The form needs `encType="multipart/form-data"`. */
export function FileUpload({
  name,
  id: idProp,
  label,
  hint,
  errorMessage,
  describedBy,
  formGroup,
  javascript,
  wrapperClassName,
  wrapperAttributes,
  chooseFilesButtonText,
  noFileChosenText,
  multipleFilesChosenText,
  dropInstructionText,
  enteredDropZoneText,
  leftDropZoneText,
  className,
  ...attributes
}: FileUploadProps) {
  const id = idProp || name;
  const ids = fieldIds(id, { hint, errorMessage, describedBy });
  const group = splitFormGroup(formGroup);

  const input = (
    <input
      className={cx("govuk-file-upload", className, errorMessage && "govuk-file-upload--error")}
      id={id}
      name={name}
      type="file"
      aria-describedby={ids.describedBy}
      {...attributes}
    />
  );

  const i18n: Record<string, string> = {};
  const messages = {
    "choose-files-button": chooseFilesButtonText,
    "no-file-chosen": noFileChosenText,
    "drop-instruction": dropInstructionText,
    "entered-drop-zone": enteredDropZoneText,
    "left-drop-zone": leftDropZoneText,
  };
  for (const [key, message] of Object.entries(messages)) {
    if (message) i18n[`data-i18n.${key}`] = message;
  }
  for (const [rule, message] of Object.entries(multipleFilesChosenText ?? {})) {
    if (message) i18n[`data-i18n.multiple-files-chosen.${rule}`] = message;
  }

  return (
    <FieldGroup id={id} label={label} hint={hint} errorMessage={errorMessage} ids={ids} group={group}>
      {group.beforeInput}
      {javascript ? (
        <div
          className={cx("govuk-file-upload-wrapper", wrapperClassName)}
          data-module="govuk-file-upload"
          {...i18n}
          {...wrapperAttributes}
        >
          {input}
        </div>
      ) : (
        input
      )}
      {group.afterInput}
    </FieldGroup>
  );
}
