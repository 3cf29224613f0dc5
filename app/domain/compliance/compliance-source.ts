import { type SQL, sql } from "drizzle-orm";
import { sqlIntArray } from "../../db/database";
import { todayInLondon } from "../../lib/dates";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { personSearchCondition } from "../people/search";
import { complianceRowsSql } from "./compliance-query";

/** Which people a compliance question is about: always within the caller's scope. */
export interface ComplianceSubject {
  scope: PersonScope;
  /** Only these people. */
  personIds?: readonly number[];
  /** Only people in this organisation's subtree. */
  organisationId?: number;
  /** Only people found by this search (name, e-mail or HR number: people/search). */
  personSearch?: string;
}

/**
 * The condition over the person's id (p.id unless given) and o (their organisation) for
 * complianceRowsSql's or keptStatusRowsSql's personCondition.
 */
export function compliancePersonCondition(subject: ComplianceSubject, personId: SQL = sql`p.id`): SQL {
  const parts: SQL[] = [
    personInScopeCondition(subject.scope, { personId, organisationPath: sql`o.path`, sector: sql`o.sector` }),
  ];
  if (subject.personIds) parts.push(sql`${personId} = any(${sqlIntArray(subject.personIds)})`);
  if (subject.organisationId !== undefined) {
    parts.push(sql`o.path like (select path from organisations where id = ${subject.organisationId}) || '%'`);
  }
  if (subject.personSearch?.trim()) {
    // The people found, looked up once (trigram indexes) as an array: as a subquery the planner
    // joined it again for every status row.
    parts.push(sql`${personId} = any(array(select found.id from people found
      where ${personSearchCondition(subject.personSearch, sql`found`)}))`);
  }
  return sql.join(parts, sql` and `);
}

export interface ComplianceQueryBase extends ComplianceSubject {
  /** The date (YYYY-MM-DD, London) the question is asked for: today or any day in the past. */
  onDate: string;
  requirementIds?: number[];
  /** Bookings are future from this instant (default now); they are looked up only for today or later. */
  now?: Date;
}

/** Whether future bookings mean anything on the date asked about (today or later), and from when. */
export function futureBookings(query: Pick<ComplianceQueryBase, "onDate" | "now">): {
  withBookings: boolean;
  now: Date;
} {
  const now = query.now ?? new Date();
  return { withBookings: query.onDate >= todayInLondon(now), now };
}

/**
 * What every compliance read starts from: the rows (complianceRowsSql) for these people and
 * requirements, and whether future bookings mean anything on that date (today or later).
 */
export function complianceSource(query: ComplianceQueryBase): { rows: SQL; withBookings: boolean; now: Date } {
  return {
    rows: complianceRowsSql({
      onDate: query.onDate,
      personCondition: compliancePersonCondition(query),
      requirementIds: query.requirementIds,
    }),
    ...futureBookings(query),
  };
}
