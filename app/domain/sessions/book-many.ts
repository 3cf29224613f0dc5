import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlTextArray } from "../../db/database";
import { DomainError } from "../errors";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { bookPlace } from "./book-place";

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

/**
 * Books several people on a session at once (a coordinator adding a list): each line is found by
 * e-mail address or HR number among the people in the caller's scope, then booked in its own
 * transaction, joining the waiting list once the session is full. Reports what happened per line.
 */
export async function bookMany(
  db: Database,
  input: { sessionId: number; lines: string[]; actorAccountId: string; scope: PersonScope; now?: Date },
): Promise<BookManyLine[]> {
  const lowered = input.lines.map((l) => l.toLowerCase());
  const matches = await queryRows<{ id: number; name: string; email: string | null; external_ref: string | null }>(
    db,
    sql`select p.id, p.given_name || ' ' || p.family_name as name, lower(p.email) as email, lower(p.external_ref) as external_ref
        from people p join organisations o on o.id = p.organisation_id
        where (lower(p.email) = any(${sqlTextArray(lowered)}) or lower(p.external_ref) = any(${sqlTextArray(lowered)}))
          and ${personInScopeCondition(input.scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}`,
  );
  const results: BookManyLine[] = [];
  for (const line of input.lines) {
    const key = line.toLowerCase();
    const person = matches.find((m) => m.email === key) ?? matches.find((m) => m.external_ref === key);
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
