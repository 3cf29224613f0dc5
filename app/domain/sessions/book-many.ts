import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlTextArray } from "../../db/database";
import { DomainError } from "../errors";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { bookPlace } from "./book-place";
import { type BookingWarnings, bookingWarningsForPeople } from "./booking-warnings";

export type BookManyOutcome = "booked" | "waitlisted" | "already-booked" | "not-found" | "refused";

export interface BookManyLine {
  /** The line as typed: an e-mail address or an HR number. */
  line: string;
  outcome: BookManyOutcome;
  personId: number | null;
  personName: string | null;
  /** What happened, in words, for the report. */
  message: string;
}

/** Splits pasted text into e-mail addresses or HR numbers: one a line (commas and semicolons too), duplicates once. */
export function parseIdentifiers(text: string): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const line = raw.trim();
    if (!line || seen.has(line.toLowerCase())) continue;
    seen.add(line.toLowerCase());
    lines.push(line);
  }
  return lines;
}

interface FoundPerson {
  id: number;
  name: string;
}

/** Each line's person, found by e-mail address or HR number among the people in the caller's scope (null: no one). */
async function findLines(
  db: Database,
  lines: string[],
  scope: PersonScope,
): Promise<Array<{ line: string; person: FoundPerson | null }>> {
  const lowered = lines.map((l) => l.toLowerCase());
  const matches = await queryRows<{ id: number; name: string; email: string | null; external_ref: string | null }>(
    db,
    sql`select p.id, p.given_name || ' ' || p.family_name as name, lower(p.email) as email, lower(p.external_ref) as external_ref
        from people p join organisations o on o.id = p.organisation_id
        where (lower(p.email) = any(${sqlTextArray(lowered)}) or lower(p.external_ref) = any(${sqlTextArray(lowered)}))
          and ${personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}`,
  );
  return lines.map((line) => {
    const key = line.toLowerCase();
    const person = matches.find((m) => m.email === key) ?? matches.find((m) => m.external_ref === key);
    return { line, person: person ? { id: person.id, name: person.name } : null };
  });
}

/** A person on the list who should know something before being booked (bookingWarnings). */
export interface BookManyWarning {
  line: string;
  personId: number;
  personName: string;
  warnings: BookingWarnings;
}

/**
 * What booking oneself would warn of, for each person the lines find (in the caller's scope):
 * a live booking on another session of the course, or training that runs out on or before the
 * session's day. Only the people with a warning, in the lines' order; booking still allowed.
 */
export async function bookManyWarnings(
  db: Database,
  input: {
    session: { id: number; courseId: number; startsAt: string };
    lines: string[];
    scope: PersonScope;
    now?: Date;
  },
): Promise<BookManyWarning[]> {
  const found = await findLines(db, input.lines, input.scope);
  // Everyone's at once: a fixed number of queries however long the list.
  const people = found.flatMap(({ person }) => (person ? [person.id] : []));
  const all = await bookingWarningsForPeople(db, people, input.session, input.now);
  const seen = new Set<number>();
  const warned: BookManyWarning[] = [];
  for (const { line, person } of found) {
    // The same person by e-mail and HR number: warned once.
    if (!person || seen.has(person.id)) continue;
    seen.add(person.id);
    const warnings = all.get(person.id);
    if (warnings && (warnings.sameCourse || warnings.afterExpiry)) {
      warned.push({ line, personId: person.id, personName: person.name, warnings });
    }
  }
  return warned;
}

/**
 * Books several people on a session at once (a coordinator adding a list): each line is found by
 * e-mail address or HR number among the people in the caller's scope, then booked in its own
 * transaction, joining the waiting list once the session is full. Reports what happened per line.
 */
export async function bookMany(
  db: Database,
  input: { sessionId: number; lines: string[]; actorAccountId: string; scope: PersonScope; now?: Date },
): Promise<BookManyLine[]> {
  const results: BookManyLine[] = [];
  for (const { line, person } of await findLines(db, input.lines, input.scope)) {
    if (!person) {
      results.push({
        line,
        outcome: "not-found",
        personId: null,
        personName: null,
        message: "No one with this email address or HR number",
      });
      continue;
    }
    const found = { line, personId: person.id, personName: person.name };
    try {
      const booked = await bookPlace(db, {
        sessionId: input.sessionId,
        personId: person.id,
        actorAccountId: input.actorAccountId,
        managerAgreed: true,
        joinWaitingList: true,
        now: input.now,
      });
      results.push({
        ...found,
        outcome: booked.status,
        message: booked.status === "booked" ? "Booked" : `On the waiting list (number ${booked.waitlistPosition})`,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const already = error.code === "already-booked" || error.code === "already-waiting";
      results.push({ ...found, outcome: already ? "already-booked" : "refused", message: error.message });
    }
  }
  return results;
}
