import type { DetailsHTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface DetailsProps extends DetailsHTMLAttributes<HTMLDetailsElement> {
  /** GOV.UK `summaryText` / `summaryHtml`. */
  summaryText: ReactNode;
}

/** GOV.UK details (native `<details>`, no JavaScript needed). */
export function Details({ summaryText, className, children, ...attributes }: DetailsProps) {
  return (
    <details className={cx("govuk-details", className)} {...attributes}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summaryText}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}
