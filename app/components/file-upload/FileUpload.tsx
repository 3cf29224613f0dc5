import type { HTMLAttributes, InputHTMLAttributes } from "react";
import { ErrorMessage, type ErrorMessageProps } from "../error-message/ErrorMessage";
import { Hint, type HintProps } from "../hint/Hint";
import { Label, type LabelProps } from "../label/Label";
import { cx, describedBy as joinIds, splitFormGroup, type FormGroupProps } from "../utils";

export interface FileUploadProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "defaultValue"> {
  name: string;
  /** Defaults to `name`. */
  id?: string;
  label: Omit<LabelProps, "htmlFor">;
  hint?: HintProps;
  errorMessage?: ErrorMessageProps | null | false;
  describedBy?: string;
  formGroup?: FormGroupProps;
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
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorMessage ? `${id}-error` : undefined;
  const group = splitFormGroup(formGroup);

  const input = (
    <input
      className={cx("govuk-file-upload", className, errorMessage && "govuk-file-upload--error")}
      id={id}
      name={name}
      type="file"
      aria-describedby={joinIds(describedBy, hintId, errorId)}
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
    <div
      className={cx("govuk-form-group", errorMessage && "govuk-form-group--error", group.className)}
      {...group.attributes}
    >
      <Label {...label} htmlFor={id} />
      {hint ? <Hint {...hint} id={hintId} /> : null}
      {errorMessage ? <ErrorMessage {...errorMessage} id={errorId} /> : null}
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
    </div>
  );
}
