import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { parentNamesSql } from "../organisations/parent-names";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { searchWords } from "../people/search";

/** An organisation a team filter may offer, with the names above it (nearest first). */
export interface TeamOrganisation {
  id: number;
  name: string;
  parents: string[];
}

/** How many organisations a search answers with at most: a short list to choose from, never the tree. */
export const TEAM_ORGANISATION_MATCHES = 20;

/**
 * Which organisations a picker may offer: a team filter's people scope, or (for a form placing
 * someone in an organisation) these organisations' subtrees and, when given, `alsoId` (where the
 * person is now).
 */
export type OrganisationReach = PersonScope | { kind: "subtrees"; organisationIds: number[]; alsoId?: number };

/**
 * "A picker may offer organisation o": every organisation for a scope of everyone, the subtrees for
 * a form's reach, otherwise those holding someone in the scope and the ones above them (choosing
 * one brings its subtree).
 */
function offeredCondition(scope: OrganisationReach): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "subtrees") {
    return sql`(exists (select 1 from organisations w where w.id = any(${sqlIntArray(scope.organisationIds)})
      and o.path like w.path || '%')${scope.alsoId === undefined ? sql`` : sql` or o.id = ${scope.alsoId}`})`;
  }
  if (scope.kind === "none") return sql`false`;
  const inScope = personInScopeCondition(scope, {
    personId: sql`p.id`,
    organisationPath: sql`held.path`,
    sector: sql`held.sector`,
  });
  return sql`o.id in (
    select distinct unnest(string_to_array(rtrim(held.path, '.'), '.'))::int
    from people p join organisations held on held.id = p.organisation_id
    where (p.leaving_date is null or p.leaving_date > current_date) and ${inScope})`;
}

const columns = sql`o.id, o.name, ${parentNamesSql({ path: sql`o.path`, depth: sql`o.depth` })} as parents`;

/**
 * Organisations in the caller's reach whose name holds every word typed, those starting with it
 * first, then the higher in the tree, then by name: at most TEAM_ORGANISATION_MATCHES.
 */
export async function searchTeamOrganisations(
  db: Database,
  scope: OrganisationReach,
  text: string,
  /** Only organisations still open (not a school that closed), for a page that places people. */
  options: { openOnly?: boolean } = {},
): Promise<TeamOrganisation[]> {
  const words = searchWords(text);
  if (words.length === 0) return [];
  const matches = words.map((word) => sql`lower(o.name) like ${`%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  return queryRows<TeamOrganisation & Record<string, unknown>>(
    db,
    sql`select ${columns} from organisations o
        where ${sql.join(matches, sql` and `)} and ${offeredCondition(scope)}
          ${options.openOnly ? sql`and o.closed_on is null` : sql``}
        order by lower(o.name) like ${`${words.join(" ")}%`} desc, o.depth, lower(o.name), o.id
        limit ${TEAM_ORGANISATION_MATCHES}`,
  );
}

/** One organisation the caller's team filter may offer, or null (not there, or out of reach). */
export async function findTeamOrganisation(
  db: Database,
  scope: OrganisationReach,
  organisationId: number,
): Promise<TeamOrganisation | null> {
  const row = await queryOne<TeamOrganisation & Record<string, unknown>>(
    db,
    sql`select ${columns} from organisations o where o.id = ${organisationId} and ${offeredCondition(scope)}`,
  );
  return row ?? null;
}
