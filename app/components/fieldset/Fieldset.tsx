import type { FieldsetHTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface LegendProps {
  children?: ReactNode;
  className?: string;
  /** Wraps the legend text in `<h1 class="govuk-fieldset__heading">`. */
  isPageHeading?: boolean;
}

export interface FieldsetProps extends FieldsetHTMLAttributes<HTMLFieldSetElement> {
  legend?: LegendProps;
  /** Ids for `aria-describedby` (GOV.UK `describedBy`). */
  describedBy?: string;
}

/** GOV.UK fieldset with an optional legend. */
export function Fieldset({ legend, describedBy, className, children, ...attributes }: FieldsetProps) {
  const hasLegend = legend?.children !== undefined && legend.children !== null && legend.children !== "";
  return (
    <fieldset className={cx("govuk-fieldset", className)} aria-describedby={describedBy || undefined} {...attributes}>
      {hasLegend ? (
        <legend className={cx("govuk-fieldset__legend", legend.className)}>
          {legend.isPageHeading ? <h1 className="govuk-fieldset__heading">{legend.children}</h1> : legend.children}
        </legend>
      ) : null}
      {children}
    </fieldset>
  );
}
