import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { formatDate, todayInLondon } from "../../lib/dates";
import { findPeopleByReference } from "../people/find-people-by-reference";
import { DomainError } from "../errors";
import { isEvidenceFileKey } from "./evidence-file";
import { completionExpiresOn } from "./expiry";
import { recordCompletions } from "./record-completion";

/**
 * Completions recorded by hand by the coordinator: training done elsewhere (another council's
 * session, a school's in-service day, a course before the service existed), for one person or a
 * list, from outside evidence (a file kept with the completion, or a note of where it is kept).
 * They count like any other completion; their certificates say they were recorded from outside
 * evidence.
 */

/** The most lines a list may have: a team or a school's staff, not a roster (that is an import). */
export const MAX_LIST_LINES = 500;
export const MAX_PROVIDER_LENGTH = 200;
export const MAX_EVIDENCE_NOTE_LENGTH = 1000;

export interface ListedPerson {
  /** The line of the list (1 for the first), or 0 for a person chosen on their own record. */
  line: number;
  personId: number;
  name: string;
  employeeNumber: string | null;
  email: string | null;
}

export interface RefusedLine {
  line: number;
  text: string;
  reason: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Reads a list of people, one a line: an employee number or an e-mail address (any case). Blank
 * lines are passed over; a line that names no one, or more than one person, or someone an earlier
 * line already named, is refused with its line number.
 */
export async function matchPeopleList(
  db: Database,
  list: string,
): Promise<{ matched: ListedPerson[]; refused: RefusedLine[] }> {
  const lines = list
    .split(/\r\n|\r|\n/)
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text !== "");
  if (lines.length === 0) throw new DomainError("Enter the employee numbers or e-mail addresses, one a line", "people");
  if (lines.length > MAX_LIST_LINES) {
    throw new DomainError(
      `The list has ${lines.length} people: record at most ${MAX_LIST_LINES} at once (a longer list is an import of training records)`,
      "people",
    );
  }
  const emails = lines.filter((l) => l.text.includes("@")).map((l) => l.text);
  const numbers = lines.filter((l) => !l.text.includes("@")).map((l) => l.text);
  const found = await findPeopleByReference(db, { employeeNumbers: numbers, emails });
  const matched: ListedPerson[] = [];
  const refused: RefusedLine[] = [];
  const lineOfPerson = new Map<number, number>();
  for (const { line, text } of lines) {
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    let candidates: typeof found;
    if (text.includes("@")) {
      if (!EMAIL.test(text)) {
        refused.push({ line, text: shown, reason: "is not an e-mail address" });
        continue;
      }
      candidates = found.filter((p) => p.email?.toLowerCase() === text.toLowerCase());
    } else {
      candidates = found.filter((p) => p.externalRef === text);
      if (candidates.length === 0 && /^\d+$/.test(text)) {
        const unpadded = text.replace(/^0+/, "");
        candidates = found.filter(
          (p) => p.externalRef !== null && /^\d+$/.test(p.externalRef) && p.externalRef.replace(/^0+/, "") === unpadded,
        );
      }
    }
    if (candidates.length === 0) {
      refused.push({ line, text: shown, reason: "matches no one's employee number or e-mail address" });
      continue;
    }
    if (candidates.length > 1) {
      refused.push({ line, text: shown, reason: "matches more than one person: use their e-mail address" });
      continue;
    }
    const person = candidates[0]!;
    const earlier = lineOfPerson.get(person.id);
    if (earlier !== undefined) {
      refused.push({
        line,
        text: shown,
        reason: `is ${person.givenName} ${person.familyName}, already on line ${earlier}`,
      });
      continue;
    }
    lineOfPerson.set(person.id, line);
    matched.push({
      line,
      personId: person.id,
      name: `${person.givenName} ${person.familyName}`,
      employeeNumber: person.externalRef,
      email: person.email,
    });
  }
  return { matched, refused };
}

/** The refused lines in words, for the form: "Line 3 (“12345”) matches no one's …". */
export function describeRefusedLines(refused: readonly RefusedLine[], shown = 10): string {
  const words = refused.slice(0, shown).map((r) => `Line ${r.line} (“${r.text}”) ${r.reason}`);
  const more = refused.length > shown ? `; and ${refused.length - shown} more lines` : "";
  return `${words.join("; ")}${more}. Correct or remove ${refused.length === 1 ? "that line" : "those lines"}.`;
}

/**
 * Who a record by hand is for: the one person chosen on their record, or everyone the list names;
 * a DomainError on "people" naming each refused line.
 */
export async function peopleForHandRecord(
  db: Database,
  input: { personId: number | null; list: string },
): Promise<ListedPerson[]> {
  if (input.personId !== null) {
    const person = await findListedPerson(db, input.personId);
    if (!person) throw new DomainError("There is no such person", "people", "not-found");
    return [person];
  }
  const { matched, refused } = await matchPeopleList(db, input.list);
  if (refused.length > 0) throw new DomainError(describeRefusedLines(refused), "people", "refused-lines");
  return matched;
}

/** One person chosen by id (from their record), in the list's shape; undefined when there is no such person. */
export async function findListedPerson(db: Database, personId: number): Promise<ListedPerson | undefined> {
  const row = await queryOne<{
    id: number;
    given_name: string;
    family_name: string;
    external_ref: string | null;
    email: string | null;
  }>(db, sql`select id, given_name, family_name, external_ref, email from people where id = ${personId}`);
  if (!row) return undefined;
  return {
    line: 0,
    personId: row.id,
    name: `${row.given_name} ${row.family_name}`,
    employeeNumber: row.external_ref,
    email: row.email,
  };
}

export interface HandRecordDetails {
  courseId: number;
  /** YYYY-MM-DD: when the training was done. */
  completedOn: string;
  provider: string;
  /** Where the evidence is kept, when no file is attached (or as well as one). */
  evidenceNote: string | null;
  /** A key from storeEvidenceFile. */
  evidenceFileKey: string | null;
}

export interface CheckedHandRecord extends HandRecordDetails {
  courseTitle: string;
  courseCode: string;
  expiresOn: string | null;
  issuesCertificate: boolean;
}

/**
 * Checks the details (not the people): the course exists; the date is not in the future and not
 * before the course was introduced; a provider; evidence attached or a note of where it is kept.
 */
export async function checkHandRecord(
  db: Database,
  details: HandRecordDetails,
  today: string = todayInLondon(),
): Promise<CheckedHandRecord> {
  const course = await queryOne<{
    title: string;
    code: string;
    validity_months: number | null;
    introduced_on: string | null;
    issues_certificate: boolean;
  }>(
    db,
    sql`select title, code, validity_months, introduced_on::text as introduced_on, issues_certificate
        from courses where id = ${details.courseId}`,
  );
  if (!course) throw new DomainError("Select the course", "courseId");
  if (details.completedOn > today) {
    throw new DomainError("The date of the training must be today or in the past", "completedOn");
  }
  if (course.introduced_on !== null && details.completedOn < course.introduced_on) {
    throw new DomainError(
      `The date of the training must be on or after ${formatDate(course.introduced_on)}, when ${course.title} was introduced`,
      "completedOn",
    );
  }
  const provider = details.provider.trim();
  if (provider === "") throw new DomainError("Enter who provided the training", "provider");
  if (provider.length > MAX_PROVIDER_LENGTH) {
    throw new DomainError(`Who provided the training must be ${MAX_PROVIDER_LENGTH} characters or fewer`, "provider");
  }
  const note = details.evidenceNote?.trim() || null;
  if (note !== null && note.length > MAX_EVIDENCE_NOTE_LENGTH) {
    throw new DomainError(
      `Where the evidence is kept must be ${MAX_EVIDENCE_NOTE_LENGTH} characters or fewer`,
      "evidenceNote",
    );
  }
  if (details.evidenceFileKey !== null && !isEvidenceFileKey(details.evidenceFileKey)) {
    throw new DomainError("The evidence file could not be found: attach it again", "evidenceFile");
  }
  if (details.evidenceFileKey === null && note === null) {
    throw new DomainError("Attach the evidence, or say where it is kept", "evidenceFile");
  }
  return {
    ...details,
    provider,
    evidenceNote: note,
    courseTitle: course.title,
    courseCode: course.code,
    expiresOn: completionExpiresOn(details.completedOn, course.validity_months),
    issuesCertificate: course.issues_certificate,
  };
}

/**
 * checkHandRecord, and the people: each exists and none already has a live completion of the
 * course on that date (a list sent twice), named in the refusal.
 */
export async function checkHandRecordFor(
  db: Database,
  details: HandRecordDetails,
  personIds: readonly number[],
  today: string = todayInLondon(),
): Promise<CheckedHandRecord> {
  const record = await checkHandRecord(db, details, today);
  const people = await queryRows<{ id: number }>(
    db,
    sql`select id from people where id = any(${sqlIntArray(personIds)})`,
  );
  if (people.length !== new Set(personIds).size)
    throw new DomainError("There is no such person", "people", "not-found");
  const already = await queryRows<{ name: string }>(
    db,
    sql`select p.given_name || ' ' || p.family_name as name
          from completions cp join people p on p.id = cp.person_id
          where cp.person_id = any(${sqlIntArray(personIds)}) and cp.course_id = ${record.courseId}
            and cp.completed_on = ${record.completedOn}::date and cp.revoked_at is null
          order by p.family_name, p.given_name`,
  );
  if (already.length > 0) {
    const names = already.slice(0, 5).map((r) => r.name);
    const more = already.length > 5 ? ` and ${already.length - 5} more` : "";
    throw new DomainError(
      `${names.join(", ")}${more} already ${already.length === 1 ? "has" : "have"} a completion of ${record.courseTitle} on ${formatDate(record.completedOn)}`,
      "people",
      "duplicate",
    );
  }
  return record;
}

/**
 * Records one completion for each person (source "external_evidence", the provider and the
 * evidence kept with it, the learner told their certificate is ready), in one transaction,
 * each audited by recordCompletion. Refuses the lot, naming them, when someone already has a
 * live completion of the course on that date (a list sent twice).
 */
export async function recordCompletionsByHand(
  db: Database,
  input: HandRecordDetails & { personIds: readonly number[]; actorAccountId: string; today?: string },
): Promise<{ completionIds: number[]; record: CheckedHandRecord }> {
  const personIds = [...new Set(input.personIds)];
  if (personIds.length === 0)
    throw new DomainError("Enter the employee numbers or e-mail addresses, one a line", "people");
  if (personIds.length > MAX_LIST_LINES) {
    throw new DomainError(`Record at most ${MAX_LIST_LINES} people at once`, "people");
  }
  return db.transaction(async (tx) => {
    const record = await checkHandRecordFor(tx, input, personIds, input.today);
    const ids = await recordCompletions(
      tx,
      personIds.map((personId) => ({
        personId,
        courseId: record.courseId,
        completedOn: record.completedOn,
        expiresOn: record.expiresOn,
        source: "external_evidence" as const,
        sessionId: null,
        bookingId: null,
        actorAccountId: input.actorAccountId,
        provider: record.provider,
        evidenceNote: record.evidenceNote,
        evidenceFileKey: record.evidenceFileKey,
        notifyLearner: true,
      })),
    );
    return { completionIds: ids.filter((id): id is number => id !== null), record };
  });
}

/** A completion's evidence file, for someone the caller has checked may see its person's record. */
export async function completionEvidence(
  db: Database,
  completionId: number,
): Promise<{ personId: number; evidenceFileKey: string; courseCode: string; completedOn: string } | undefined> {
  const row = await queryOne<{
    person_id: number;
    evidence_file_key: string;
    course_code: string;
    completed_on: string;
  }>(
    db,
    sql`select cp.person_id, cp.evidence_file_key, c.code as course_code, cp.completed_on::text as completed_on
        from completions cp join courses c on c.id = cp.course_id
        where cp.id = ${completionId} and cp.evidence_file_key is not null`,
  );
  return row
    ? {
        personId: row.person_id,
        evidenceFileKey: row.evidence_file_key,
        courseCode: row.course_code,
        completedOn: row.completed_on,
      }
    : undefined;
}
