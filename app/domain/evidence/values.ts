// Values the evidence pages show, with no database import (a capability's values.ts): the browser may load this.
import type { EvidenceKind, EvidenceStatus } from "../../lib/values";

export { EVIDENCE_FILE_ACCEPT, MAX_EVIDENCE_BYTES } from "../completions/evidence-values";
export { EVIDENCE_KINDS, EVIDENCE_STATUSES, type EvidenceKind, type EvidenceStatus } from "../../lib/values";

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  awaiting_verification: "Awaiting verification",
  accepted: "Accepted",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
};

/** GOV.UK tag colours: awaiting is never shown the way current training is (green). */
export const EVIDENCE_STATUS_COLOURS = {
  awaiting_verification: "yellow",
  accepted: "green",
  rejected: "red",
  withdrawn: "grey",
} as const satisfies Record<EvidenceStatus, string>;

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  certificate: "Certificate",
  manager_confirmation: "Manager’s confirmation",
};

/** The longest reason for not accepting evidence, and the longest provider and note a learner may type. */
export const MAX_REASON_LENGTH = 1000;
export const MAX_PROVIDER_LENGTH = 200;
export const MAX_NOTE_LENGTH = 1000;
