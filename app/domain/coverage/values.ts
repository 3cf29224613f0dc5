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
    "The share of staff is taken from the staff recorded one by one. Where a school has no staff " +
    "recorded one by one, its latest declared figures are used instead, and marked as declared.",
} as const;
