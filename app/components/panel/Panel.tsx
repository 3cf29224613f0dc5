import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface PanelProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  /** GOV.UK `titleText` / `titleHtml`. */
  titleText: ReactNode;
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
}

/** GOV.UK panel, confirmation variant (the interruption variant via `className="govuk-panel--interruption"`). */
export function Panel({ titleText, headingLevel = 1, className, children, ...attributes }: PanelProps) {
  const Heading = `h${headingLevel}` as "h1";
  const isInterruption = Boolean(className?.includes("govuk-panel--interruption"));
  return (
    <div className={cx("govuk-panel", !isInterruption && "govuk-panel--confirmation", className)} {...attributes}>
      <Heading className="govuk-panel__title">{titleText}</Heading>
      {children !== undefined && children !== null && children !== "" ? (
        <div className="govuk-panel__body">{children}</div>
      ) : null}
    </div>
  );
}
