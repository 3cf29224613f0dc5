import type { AnchorHTMLAttributes } from "react";
import { cx } from "../utils";

export type SkipLinkProps = AnchorHTMLAttributes<HTMLAnchorElement>;

/** GOV.UK skip link. `href` defaults to `#content`; the layout uses `#main-content`. */
export function SkipLink({ href = "#content", className, children, ...attributes }: SkipLinkProps) {
  return (
    <a href={href} className={cx("govuk-skip-link", className)} {...attributes} data-module="govuk-skip-link">
      {children}
    </a>
  );
}
