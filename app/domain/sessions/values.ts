// Values the pages show, with no database import (a capability's values.ts): the browser may load this.

/**
 * A register closes this many days after its session ends: long enough to mark a session
 * taken on paper, short enough that nobody adds attendance (and a certificate) years later.
 */
export const REGISTER_CLOSES_AFTER_DAYS = 14;

/**
 * The coordinator reopens a closed register for this many days, then it closes again by itself.
 * A set time rather than "until closed again": a reopening nobody remembers to close would leave
 * the register open for good, the very hole the closing is there to shut.
 */
export const REGISTER_REOPEN_DAYS = 7;
