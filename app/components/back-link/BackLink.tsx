import type { AnchorHTMLAttributes } from "react";
import { cx } from "../utils";

export type BackLinkProps = AnchorHTMLAttributes<HTMLAnchorElement>;

/** GOV.UK back link; text "Back" by default. Use a real URL so it works without JavaScript. */
export function BackLink({ href = "#", className, children, ...attributes }: BackLinkProps) {
  return (
    <a href={href} className={cx("govuk-back-link", className)} {...attributes}>
      {children ?? "Back"}
    </a>
  );
}
