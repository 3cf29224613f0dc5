// Values the pages show, with no database import (a capability's values.ts): the browser may load this.

/** The dashboard lists training that runs out within this many days. */
export const EXPIRING_WITHIN_DAYS = 90;
