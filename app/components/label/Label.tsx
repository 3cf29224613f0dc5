import type { LabelHTMLAttributes } from "react";
import { cx } from "../utils";

export interface LabelProps extends LabelHTMLAttributes<HTMLLabelElement> {
  /** Wraps the label in `<h1 class="govuk-label-wrapper">`. */
  isPageHeading?: boolean;
}

/** GOV.UK label. Renders nothing without children, as the macro does without text or html. */
export function Label({ isPageHeading, className, children, ...attributes }: LabelProps) {
  if (children === undefined || children === null || children === "" || children === false) return null;
  const label = (
    <label className={cx("govuk-label", className)} {...attributes}>
      {children}
    </label>
  );
  return isPageHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label;
}
