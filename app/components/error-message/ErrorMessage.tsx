import type { HTMLAttributes } from "react";
import { cx } from "../utils";

export interface ErrorMessageProps extends HTMLAttributes<HTMLParagraphElement> {
  /** Visually hidden prefix, "Error" by default; `""` or `false` leaves it out. */
  visuallyHiddenText?: string | false;
}

/** GOV.UK error message: `<p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> …</p>`. */
export function ErrorMessage({ visuallyHiddenText = "Error", className, children, ...attributes }: ErrorMessageProps) {
  return (
    <p className={cx("govuk-error-message", className)} {...attributes}>
      {visuallyHiddenText ? (
        <>
          <span className="govuk-visually-hidden">{visuallyHiddenText}:</span> {children}
        </>
      ) : (
        children
      )}
    </p>
  );
}
