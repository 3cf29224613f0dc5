/** The council's words for stored values, one place for every page and document. */

export const COURSE_CATEGORY_LABELS = {
  prevent: "Prevent",
  safeguarding_children: "Safeguarding children",
  safeguarding_adults: "Safeguarding adults",
  designated_safeguarding_lead: "Designated safeguarding lead",
  channel: "Channel and PMAP",
  other: "Other",
} as const;

export const DELIVERY_MODE_LABELS = {
  face_to_face: "Face to face",
  live_online: "Live online",
  hosted_elearning: "E-learning (here)",
  external_elearning: "E-learning (elsewhere, with evidence)",
} as const;

export const BOOKING_STATUS_LABELS = {
  booked: "Booked",
  waitlisted: "On the waiting list",
  cancelled: "Cancelled",
  attended: "Attended",
  absent: "Absent",
} as const;

export const SESSION_STATUS_LABELS = {
  scheduled: "Scheduled",
  cancelled: "Cancelled",
  delivered: "Delivered",
} as const;

export const COMPLETION_SOURCE_LABELS = {
  attendance: "Attended a session",
  hosted_elearning: "E-learning",
  external_evidence: "Recorded from outside evidence",
  import: "Imported record",
} as const;

export const SECTOR_LABELS = {
  council: "Council",
  contractor: "Contractors",
  school: "Schools",
  partner: "Partners",
} as const;

export const ROLE_LABELS = {
  learner: "Learner",
  manager: "Manager",
  trainer: "Trainer",
  education_officer: "Prevent Education Officer",
  coordinator: "Prevent Coordinator",
  school_lead: "School lead",
  contract_manager: "Contract manager",
} as const;

export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} hour${hours === 1 ? "" : "s"}`;
  return rest ? `${h} ${rest} minutes` : h;
}

export function validityLabel(months: number | null): string {
  if (months === null) return "Does not expire";
  if (months % 12 === 0) return `${months / 12} year${months === 12 ? "" : "s"}`;
  return `${months} months`;
}
