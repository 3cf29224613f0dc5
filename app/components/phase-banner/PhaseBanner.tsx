import type { HTMLAttributes, ReactNode } from "react";
import { Tag } from "../tag/Tag";
import { cx } from "../utils";

export interface PhaseBannerProps extends HTMLAttributes<HTMLDivElement> {
  /** The phase tag: `"Beta"`, or `{ children: "Beta", className }` (GOV.UK `tag`). */
  tag?: string | { children?: ReactNode; className?: string };
}

/** GOV.UK phase banner: a tag and a line of text, e.g. a link to give feedback. */
export function PhaseBanner({ tag: tagProp, className, children, ...attributes }: PhaseBannerProps) {
  const tag = typeof tagProp === "string" ? { children: tagProp, className: undefined } : (tagProp ?? {});
  return (
    <div className={cx("govuk-phase-banner govuk-width-container", className)} {...attributes}>
      <p className="govuk-phase-banner__content">
        <Tag className={cx("govuk-phase-banner__content__tag", tag.className)}>{tag.children}</Tag>
        <span className="govuk-phase-banner__text">{children}</span>
      </p>
    </div>
  );
}
