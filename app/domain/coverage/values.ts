// Values the pages show, with no database import (a capability's values.ts): the browser may load this.

/** The dashboard lists training that runs out within this many days. */
export const EXPIRING_WITHIN_DAYS = 90;

/** A school is green from this share of staff with current Prevent awareness (with a trained DSL). */
export const SCHOOL_GREEN_SHARE = 80;
/** …and at least amber from this share, or with a trained DSL. */
export const SCHOOL_AMBER_SHARE = 50;

/** The schools' status rule, in words, for the pages. */
export const SCHOOL_RAG_RULE = {
  green:
    `At least one designated safeguarding lead (or deputy) holds current Prevent awareness and ` +
    `current DSL training, and at least ${SCHOOL_GREEN_SHARE}% of staff hold current Prevent awareness.`,
  amber: `Not green, but the school has a trained DSL or at least ${SCHOOL_AMBER_SHARE}% of staff hold current Prevent awareness.`,
  red: `No trained DSL and fewer than ${SCHOOL_AMBER_SHARE}% of staff hold current Prevent awareness.`,
  basis:
    `The share of staff is taken from the school's latest declared figures when they are less than ` +
    `12 months old and count more staff than are recorded one by one (decision 018); otherwise from the ` +
    `staff recorded one by one, or from the latest declaration when no staff are recorded one by one.`,
} as const;

/** A declaration counts towards the status for this many months after it was made: a school year and a term to spare. */
export const DECLARATION_COUNTS_FOR_MONTHS = 12;

/** Which figure a school's status uses, and why, in a sentence for the pages (decision 018). */
export function shareBasisReason(school: {
  shareBasis: "evidenced" | "declared" | "none";
  prevent: { applicable: number };
  declaration: { headcount: number } | null;
}): string {
  const named = school.prevent.applicable;
  if (school.shareBasis === "declared") {
    return named === 0
      ? "The status uses the declared figures: no staff are recorded one by one."
      : `The status uses the declared figures: they count ${school.declaration!.headcount} staff, more than the ${named} recorded one by one, and are less than ${DECLARATION_COUNTS_FOR_MONTHS} months old.`;
  }
  if (school.shareBasis === "evidenced") {
    return school.declaration
      ? school.declaration.headcount > named
        ? `The status uses the staff recorded one by one: the declared figures are ${DECLARATION_COUNTS_FOR_MONTHS} months old or more.`
        : "The status uses the staff recorded one by one: they count as many staff as the declared figures, or more."
      : "The status uses the staff recorded one by one: nothing has been declared.";
  }
  return "No staff are recorded one by one and nothing has been declared, so the status has no share of staff to use.";
}
