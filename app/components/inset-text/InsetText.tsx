import type { HTMLAttributes } from "react";
import { cx } from "../utils";

export type InsetTextProps = HTMLAttributes<HTMLDivElement>;

/** GOV.UK inset text. */
export function InsetText({ className, children, ...attributes }: InsetTextProps) {
  return (
    <div className={cx("govuk-inset-text", className)} {...attributes}>
      {children}
    </div>
  );
}
