import type { HTMLAttributes } from "react";
import { cx } from "../utils";

export type HintProps = HTMLAttributes<HTMLDivElement>;

/** GOV.UK hint text. */
export function Hint({ className, children, ...attributes }: HintProps) {
  return (
    <div className={cx("govuk-hint", className)} {...attributes}>
      {children}
    </div>
  );
}
