import type { HTMLAttributes } from "react";
import { cx } from "../utils";

/** Colour modifiers in GOV.UK Frontend 6.6 (blue is the default; turquoise and pink are older names for teal and magenta). */
export type TagColour =
  | "grey"
  | "green"
  | "teal"
  | "turquoise"
  | "purple"
  | "magenta"
  | "pink"
  | "red"
  | "orange"
  | "yellow";

export interface TagProps extends HTMLAttributes<HTMLElement> {
  /** Shorthand for `className="govuk-tag--green"` etc. */
  colour?: TagColour;
}

/** GOV.UK tag: `<strong class="govuk-tag">`. */
export function Tag({ colour, className, children, ...attributes }: TagProps) {
  return (
    <strong className={cx("govuk-tag", className, colour && `govuk-tag--${colour}`)} {...attributes}>
      {children}
    </strong>
  );
}
