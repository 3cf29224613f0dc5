import type { HTMLAttributes } from "react";
import { cx } from "../utils";

export interface WarningTextProps extends HTMLAttributes<HTMLDivElement> {
  /** Visually hidden text before the warning, "Warning" by default. */
  iconFallbackText?: string;
}

/** GOV.UK warning text. */
export function WarningText({ iconFallbackText, className, children, ...attributes }: WarningTextProps) {
  return (
    <div className={cx("govuk-warning-text", className)} {...attributes}>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">{iconFallbackText || "Warning"}</span> {children}
      </strong>
    </div>
  );
}
