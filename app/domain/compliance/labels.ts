import type { ComplianceStatus } from "./compliance-query";

/** The council's words for compliance statuses, for pages and exports. */
export const COMPLIANCE_STATUS_LABELS: Record<ComplianceStatus, string> = {
  current: "Current",
  expiring: "Expiring soon",
  expired: "Expired",
  missing: "Missing",
  not_yet_due: "Not yet due",
};

/**
 * GOV.UK tag colour per status (current green, expiring yellow, expired and missing red, not
 * yet due grey); a "Booked" tag beside is the default blue.
 */
export const COMPLIANCE_STATUS_COLOURS = {
  current: "green",
  expiring: "yellow",
  expired: "red",
  missing: "red",
  not_yet_due: "grey",
} as const satisfies Record<ComplianceStatus, string>;
