import type { HTMLAttributes } from "react";
import { type InputProps, Input } from "../input/Input";
import { cx } from "../utils";

export interface PasswordInputProps extends Omit<InputProps, "type" | "prefix" | "suffix" | "inputWrapper"> {
  /** "current-password" (signing in, the default) or "new-password" (setting one). */
  autoComplete?: "current-password" | "new-password";
  showPasswordText?: string;
  hidePasswordText?: string;
  showPasswordAriaLabelText?: string;
  hidePasswordAriaLabelText?: string;
  passwordShownAnnouncementText?: string;
  passwordHiddenAnnouncementText?: string;
  button?: { className?: string };
}

/**
 * GOV.UK password input: a password field with a Show / Hide button, which GOV.UK Frontend's
 * JavaScript (`data-module="govuk-password-input"`, initialised by useGovukFrontend like the
 * others) reveals; without JavaScript the button stays hidden and the field works as usual.
 */
export function PasswordInput({
  name,
  id: idProp,
  autoComplete = "current-password",
  showPasswordText,
  hidePasswordText,
  showPasswordAriaLabelText,
  hidePasswordAriaLabelText,
  passwordShownAnnouncementText,
  passwordHiddenAnnouncementText,
  button,
  formGroup,
  className,
  ...props
}: PasswordInputProps) {
  const id = idProp || name;
  const i18n: Record<string, string> = {};
  const messages = {
    "show-password": showPasswordText,
    "hide-password": hidePasswordText,
    "show-password-aria-label": showPasswordAriaLabelText,
    "hide-password-aria-label": hidePasswordAriaLabelText,
    "password-shown-announcement": passwordShownAnnouncementText,
    "password-hidden-announcement": passwordHiddenAnnouncementText,
  };
  for (const [key, message] of Object.entries(messages)) {
    if (message) i18n[`data-i18n.${key}`] = message;
  }
  const { afterInput, className: groupClassName, ...groupRest } = formGroup ?? {};
  const groupAttributes = { "data-module": "govuk-password-input", ...i18n } as HTMLAttributes<HTMLDivElement>;
  return (
    <Input
      {...props}
      name={name}
      id={id}
      type="password"
      spellCheck={false}
      autoCapitalize="none"
      autoComplete={autoComplete}
      className={cx("govuk-password-input__input govuk-js-password-input-input", className)}
      inputWrapper={{ className: "govuk-password-input__wrapper" }}
      formGroup={{
        ...groupRest,
        ...groupAttributes,
        className: cx("govuk-password-input", groupClassName),
        afterInput: (
          <>
            <button
              type="button"
              className={cx(
                "govuk-button govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle",
                button?.className,
              )}
              data-module="govuk-button"
              aria-controls={id}
              aria-label={showPasswordAriaLabelText ?? "Show password"}
              hidden
            >
              {showPasswordText ?? "Show"}
            </button>
            {afterInput}
          </>
        ),
      }}
    />
  );
}
