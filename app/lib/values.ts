/**
 * The stored value lists (the database's enums and the known profile tags), with no database
 * import: pages and components take them from here, so the browser's bundle carries no drizzle.
 * app/db/schema builds its pgEnums from these same tuples (and re-exports them for the server).
 * Labels for these values are in app/lib/labels.
 */

/**
 * school_lead: a school's designated safeguarding lead or business manager, over one school;
 * contract_manager: a contractor company's contract manager, over that company. Both are granted
 * with the organisation they look after (role_grants.organisation_id; the database refuses one
 * without it, drizzle/0015).
 */
export const ROLES = [
  "learner",
  "manager",
  "trainer",
  "education_officer",
  "coordinator",
  "school_lead",
  "contract_manager",
] as const;
export type Role = (typeof ROLES)[number];

export const SECTORS = ["council", "contractor", "school", "partner"] as const;
export type Sector = (typeof SECTORS)[number];

/** What a node of the organisation tree is. The root's kind gives the sector. */
export const ORGANISATION_KINDS = [
  "council",
  "directorate",
  "service",
  "team",
  "contractor",
  "schools",
  "school",
  "partner",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const EMPLOYMENT_TYPES = ["permanent", "fixed_term", "agency", "contractor", "volunteer"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Profile tags used by requirements' audiences. Free text in the database so a council can add its own. */
export const KNOWN_PROFILE_TAGS = ["frontline", "dsl", "deputy_dsl", "governor", "manager", "school_staff"] as const;

export const COURSE_CATEGORIES = [
  "prevent",
  "safeguarding_children",
  "safeguarding_adults",
  "designated_safeguarding_lead",
  "channel",
  "other",
] as const;
export type CourseCategory = (typeof COURSE_CATEGORIES)[number];

export const DELIVERY_MODES = ["face_to_face", "live_online", "hosted_elearning", "external_elearning"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const SESSION_STATUSES = ["scheduled", "cancelled", "delivered"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const BOOKING_STATUSES = ["booked", "waitlisted", "cancelled", "attended", "absent"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const COMPLETION_SOURCES = ["attendance", "hosted_elearning", "external_evidence", "import"] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

/**
 * pending: owed, not yet handed to GOV.UK Notify (or Notify is not set up); sending: claimed by a
 * dispatcher, which may have crashed mid-send (so its reference is looked up before sending again);
 * sent; failed: Notify refused it (400/403) or retries ran out; skipped: nobody to send it to (no
 * e-mail address, or the manager opted out), with the reason kept.
 */
export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "sending", "skipped"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** When an evaluation question is asked: after the session, or in the follow-up about 3 months later. */
export const EVALUATION_STAGES = ["after", "follow_up"] as const;
export type EvaluationStage = (typeof EVALUATION_STAGES)[number];
/** A 1–5 scale (confidence before and after, usefulness) or the learner's own words. */
export const EVALUATION_QUESTION_KINDS = ["scale", "text"] as const;
export type EvaluationQuestionKind = (typeof EVALUATION_QUESTION_KINDS)[number];

/** The two SCORM versions a hosted package may be written for. */
export const SCORM_VERSIONS = ["scorm_1_2", "scorm_2004"] as const;
export type ScormVersion = (typeof SCORM_VERSIONS)[number];

/** What a hosted package must report for its course to count as completed. */
export const ELEARNING_COMPLETION_RULES = ["completed", "passed", "completed_and_passed"] as const;
export type ElearningCompletionRule = (typeof ELEARNING_COMPLETION_RULES)[number];

/** Evidence of training done elsewhere, as the learner sent it, and where its verification stands. */
export const EVIDENCE_KINDS = ["certificate", "manager_confirmation"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_STATUSES = ["awaiting_verification", "accepted", "rejected", "withdrawn"] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** The kinds of file the coordinator imports, and where an import run stands. */
export const IMPORT_KINDS = ["roster", "schools", "training-records"] as const;
export type ImportKindKey = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ["previewing", "previewed", "applying", "applied", "failed", "discarded"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What an import would do or did, row by row. */
export interface ImportCounts {
  created: number;
  changed: number;
  unchanged: number;
  ended: number;
  skipped: number;
}
