// Values the pages show, with no database import (a capability's values.ts): the browser may load this.

/**
 * The audit log's reads of personal data (decision 010): someone looked at or downloaded records.
 * Every other action in the log is a change.
 */
export const READ_ACTIONS = [
  "person.viewed",
  "certificate.downloaded",
  "certificates.zip-downloaded",
  "export.downloaded",
  // Someone else's evidence of training done elsewhere: its page, and its file (a certificate).
  "evidence.viewed",
  "evidence.downloaded",
] as const;

export type ReadAction = (typeof READ_ACTIONS)[number];

export function isReadAction(action: string): action is ReadAction {
  return (READ_ACTIONS as readonly string[]).includes(action);
}

/**
 * Every action the service writes to the audit log, in words (issue 23): what the person in the
 * "Who" column did. `{record}` stands for the record in words where it is cheaply known (the
 * person's name, the course's title, the quarter; list-audit-events.ts works it out), else for the
 * noun given after it. tests/unit/audit-words.test.ts scans app/ for actions written, so a new
 * action without words here fails.
 */
export const AUDIT_ACTION_WORDS: Record<string, string | readonly [words: string, noun: string]> = {
  "account.create": ["Created an account for {record}", "someone"],
  "account.created": ["Accepted an invitation and created the account of {record}", "someone"],
  "account.deactivate": ["Deactivated the account of {record}", "someone"],
  "account.first-coordinator": ["Set up the first coordinator, {record}", "someone"],
  "account.invitation-resent": ["Sent an invitation again to {record}", "someone"],
  "account.invitation-sent": ["Invited {record} to the service", "someone"],
  "account.password-changed": "Changed their password",
  "account.password-reset": "Reset their password",
  "account.password-reset-sent": "Asked for a password reset link",
  "account.reactivate": ["Reactivated the account of {record}", "someone"],
  "account.role-grant": ["Gave {record} a role", "someone"],
  "account.role-remove": ["Removed a role from {record}", "someone"],
  "account.session-end": "Signed out one of their devices",
  "account.sessions-end-all": "Signed out everywhere",
  "account.sessions-end-others": "Signed out their other devices",
  "account.sign-in": "Signed in",
  "account.sign-in-failed": "Failed to sign in",
  "account.sign-in-link-sent": "Asked for a sign-in link",
  "account.sign-in-pending-set-up": "Signed in with a password, to set up two-step sign-in",
  "account.sign-in-pending-two-step": "Signed in with a password, waiting for the two-step code",
  "account.sign-in-second-step": "Entered a two-step sign-in code",
  "account.sign-out": "Signed out",
  "account.team-digest": "Changed their weekly team e-mail",
  "account.two-step-failed": "Entered a wrong two-step code",
  "account.two-step-off": "Turned off two-step sign-in",
  "account.two-step-on": "Turned on two-step sign-in",
  "account.two-step-recovery-code-used": "Signed in with a recovery code",
  "account.two-step-recovery-codes-replaced": "Replaced their recovery codes",
  "account.two-step-reset": ["Reset the two-step sign-in of {record}", "someone"],
  "bank-holiday.add": "Added a bank holiday",
  "bank-holiday.remove": "Removed a bank holiday",
  "booking.book": ["Booked a place on {record}", "a course"],
  "booking.cancel": ["Cancelled a booking on {record}", "a course"],
  "booking.charge": ["Charged for a booking on {record}", "a course"],
  "booking.charge-undone": ["Took back the charge for a booking on {record}", "a course"],
  "booking.mark-absent": ["Marked someone absent from {record}", "a session"],
  "booking.mark-attended": ["Marked someone as attending {record}", "a session"],
  "booking.promote": ["Gave a waiting-list place on {record}", "a course"],
  "booking.substitute": ["Sent someone in another's place on {record}", "a course"],
  "booking.waitlist": ["Put someone on the waiting list for {record}", "a course"],
  "booking.walk-in": ["Added a walk-in to {record}", "a session"],
  "certificate-branding.update": "Changed the certificates' logo or signature",
  "certificate.downloaded": "Downloaded a certificate",
  "certificates.zip-downloaded": "Downloaded certificates as a zip",
  "charge-rates.update": "Changed the charge rates",
  "completion.record": ["Recorded training done: {record}", "a course"],
  "completion.revoke": ["Revoked a training record: {record}", "a course"],
  "course.create": ["Created the course {record}", "a course"],
  "course.reinstate": ["Reinstated the course {record}", "a course"],
  "course.retire": ["Retired the course {record}", "a course"],
  "course.update": ["Changed the course {record}", "a course"],
  "elearning.attempt-close": "Finished an e-learning attempt",
  "elearning.attempt-start": "Started an e-learning attempt",
  "elearning.package-upload": "Uploaded an e-learning package",
  "evaluation-question.add": "Added an evaluation question",
  "evaluation-question.retire": "Retired an evaluation question",
  "evaluation.submit": "Sent an evaluation",
  "evidence.accept": "Accepted evidence of training done elsewhere",
  "evidence.downloaded": "Downloaded evidence of training done elsewhere",
  "evidence.reject": "Rejected evidence of training done elsewhere",
  "evidence.submit": "Sent evidence of training done elsewhere",
  "evidence.viewed": "Viewed evidence of training done elsewhere",
  "evidence.withdraw": "Withdrew evidence of training done elsewhere",
  "export.downloaded": "Downloaded a list",
  "import.apply": "Applied an import",
  "import.discard": "Discarded an import",
  "import.map-columns": "Matched an import's columns",
  "import.map-values": "Matched an import's values",
  "import.options": "Chose an import's options",
  "import.organisation.create": ["Created the organisation {record} by import", "an organisation"],
  "import.person.create": ["Added {record} by import", "someone"],
  "import.person.leave": ["Recorded by import that {record} left", "someone"],
  "import.person.update": ["Changed the record of {record} by import", "someone"],
  "import.school.close": ["Closed the school {record} by import", "a school"],
  "import.school.convert": ["Recorded by import that {record} converted", "a school"],
  "import.school.create": ["Added the school {record} by import", "a school"],
  "import.school.update": ["Changed the school {record} by import", "a school"],
  "import.upload": "Uploaded a file to import",
  "kept_coverage.check": "Checked the kept coverage figures against the records",
  "kpi.target.update": ["Changed the target of {record}", "a KPI"],
  "kpi_snapshot.freeze": ["Froze the figures for {record}", "a quarter"],
  "kpi_snapshot.refreeze": ["Froze the figures for {record} again", "a quarter"],
  "person.create": ["Added {record}", "someone"],
  "person.leave": ["Recorded that {record} left", "someone"],
  "person.move": ["Moved {record} to another organisation", "someone"],
  "person.return": ["Recorded that {record} came back", "someone"],
  "person.update": ["Changed the record of {record}", "someone"],
  "person.viewed": ["Viewed the record of {record}", "someone"],
  "requirement.create": ["Created the requirement {record}", "a requirement"],
  "requirement.retire": ["Retired the requirement {record}", "a requirement"],
  "requirement.update": ["Changed the requirement {record}", "a requirement"],
  "school_declaration.create": ["Declared how many staff {record} has trained", "a school"],
  "seed.demo": "Filled the database with the demo council",
  "session.cancel": ["Cancelled the session {record}", "of a course"],
  "session.deliver": ["Took the register of {record}", "a session"],
  "session.record-in-school": ["Recorded training delivered in a school: {record}", "a session"],
  "session.register-reopen": ["Reopened the register of {record}", "a session"],
  "session.schedule": ["Scheduled the session {record}", "of a course"],
  "session.update": ["Changed the session {record}", "of a course"],
};

/**
 * An action in words, with the record in words (or the table's noun when it is not known). Without
 * the record, words naming its kind before it ("the course {record}") give way to the noun ("a
 * course"): "Changed a course", not "Changed the course a course".
 */
export function auditActionWords(action: string, record: string | null = null): string {
  const entry = AUDIT_ACTION_WORDS[action];
  // An action written before its words existed (or by an older version) still shows, as its code.
  if (entry === undefined) return action;
  if (typeof entry === "string") return entry;
  const [words, noun] = entry;
  if (record !== null) return words.replace("{record}", record);
  const kind = /^an? (.+)$/.exec(noun)?.[1];
  const named = kind === undefined ? null : `the ${kind} {record}`;
  return named !== null && words.includes(named) ? words.replace(named, noun) : words.replace("{record}", noun);
}

/** The actions for the audit log's filter, in words, alphabetically by words. */
export function auditActionChoices(): Array<{ value: string; label: string }> {
  return Object.keys(AUDIT_ACTION_WORDS)
    .map((value) => ({ value, label: auditActionWords(value) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The kinds of record the log holds, in words, for its filter (a kind not here shows as its code). */
export const AUDIT_RECORD_KINDS: Record<string, string> = {
  account: "Accounts",
  bank_holiday: "Bank holidays",
  booking: "Bookings",
  certificate: "Certificates",
  certificate_branding: "Certificate logo and signature",
  charge_rates: "Charge rates",
  completion: "Training records",
  course: "Courses",
  database: "The database",
  elearning_attempt: "E-learning attempts",
  elearning_package: "E-learning packages",
  evaluation_question: "Evaluation questions",
  evaluation_response: "Evaluations",
  evidence: "Evidence of training elsewhere",
  export: "Lists downloaded",
  import_run: "Imports",
  kept_coverage_check: "Checks of the coverage figures",
  kpi_definition: "KPIs",
  kpi_snapshot: "Frozen quarterly figures",
  organisation: "Organisations",
  person: "People",
  requirement: "Requirements",
  school_declaration: "Schools' declared staff trained",
  session: "Sessions",
  "single-sign-on": "Single sign-on",
};
