import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { audienceCondition, employedOnCondition } from "../kept-coverage/audience";

/**
 * Whom a walk-in may be, for the one adding them:
 * - "session-audience" (the coordinator, who may book anyone): anyone the session is open to,
 *   the same rule as booking it: on the books on the session's date, and in the session's
 *   audience organisation's subtree when it has one.
 * - "course-audience" (a trainer, who may see no one's record): as above, and, when the session
 *   is open to everyone, only people the course is for: those in the audience of a live
 *   requirement that this course satisfies, or who already had a booking on this session (a
 *   cancelled or waiting one). A trainer never searches the whole staff directory; someone
 *   outside these the coordinator adds.
 */
export type WalkInReach = "session-audience" | "course-audience";

/** The condition "person p (organisation o) may be added as a walk-in to session s". */
export function walkInCandidateCondition(reach: WalkInReach, sessionId: number, sessionDate: string): SQL {
  const onTheBooks = employedOnCondition("p", sessionDate);
  const inSessionAudience = sql`(s.audience_organisation_id is null or exists (
      select 1 from organisations a where a.id = s.audience_organisation_id and o.path like a.path || '%'))`;
  const courseAudience =
    reach === "session-audience"
      ? sql`true`
      : sql`(s.audience_organisation_id is not null
          or exists (select 1 from requirement_courses rc join requirements r on r.id = rc.requirement_id
            where rc.course_id = s.course_id and r.retired_at is null
              and ${audienceCondition({ person: "p", organisation: "o", requirement: "r" })})
          or exists (select 1 from bookings pb where pb.session_id = s.id and pb.person_id = p.id))`;
  return sql`exists (select 1 from course_sessions s where s.id = ${sessionId}
      and ${onTheBooks} and ${inSessionAudience} and ${courseAudience})`;
}

export interface WalkInCandidate {
  id: number;
  name: string;
  jobTitle: string | null;
  organisationName: string;
}

/** Up to `limit` people a walk-in may be, matching a name, e-mail or HR number, by family name. */
export async function findWalkInCandidates(
  db: Database,
  input: { sessionId: number; sessionDate: string; reach: WalkInReach; search: string; limit?: number },
): Promise<WalkInCandidate[]> {
  const search = input.search.trim();
  if (!search) return [];
  const like = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await queryRows<{ id: number; name: string; job_title: string | null; organisation_name: string }>(
    db,
    sql`select p.id, p.given_name || ' ' || p.family_name as name, p.job_title, o.name as organisation_name
        from people p join organisations o on o.id = p.organisation_id
        where (p.given_name || ' ' || p.family_name ilike ${like} or p.email ilike ${like} or p.external_ref ilike ${like})
          and ${walkInCandidateCondition(input.reach, input.sessionId, input.sessionDate)}
        order by lower(p.family_name), lower(p.given_name), p.id
        limit ${input.limit ?? 10}`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, jobTitle: r.job_title, organisationName: r.organisation_name }));
}
