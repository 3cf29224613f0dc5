import { type SQL, sql } from "drizzle-orm";

/**
 * The SQL condition "person p (in organisation o) is in requirement r's audience", the one
 * definition every compliance and coverage query uses. An empty audience list means "any";
 * profile tags match when the person holds any of them; an organisation brings its whole subtree
 * (the organisation's path lists its ancestors' ids, so "in the subtree of X" is "X is on the
 * path": an array overlap, with no subquery per row).
 */
export function audienceCondition(aliases: { person: string; organisation: string; requirement: string }): SQL {
  const p = sql.raw(aliases.person);
  const o = sql.raw(aliases.organisation);
  const r = sql.raw(aliases.requirement);
  return sql`(cardinality(${r}.audience_sectors) = 0 or ${o}.sector::text = any(${r}.audience_sectors))
    and (cardinality(${r}.audience_tags) = 0 or ${p}.profile_tags && ${r}.audience_tags)
    and (cardinality(${r}.audience_employment_types) = 0 or ${p}.employment_type::text = any(${r}.audience_employment_types))
    and (cardinality(${r}.audience_organisation_ids) = 0
      or string_to_array(rtrim(${o}.path, '.'), '.')::int[] && ${r}.audience_organisation_ids)`;
}

/** The condition "person p is on the books on date d": started, and not yet left. */
export function employedOnCondition(personAlias: string, onDate: string): SQL {
  const p = sql.raw(personAlias);
  return sql`${p}.start_date <= ${onDate}::date and (${p}.leaving_date is null or ${p}.leaving_date > ${onDate}::date)`;
}
