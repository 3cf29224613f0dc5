import { type SQL, sql } from "drizzle-orm";

/** The words of a search, lower-cased (at most 8: more add nothing but work). */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

function likeAnywhere(word: string): string {
  return `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * "This person matches the search", over a people row `p` (given as SQL, e.g. sql`p`): every word
 * is in their name or e-mail address (any order), or the whole search is their HR number.
 * The expressions are those of people_name_trgm_idx and people_email_trgm_idx (pg_trgm), written
 * the same way so the planner answers from the indexes instead of reading every person.
 */
export function personSearchCondition(text: string, p: SQL): SQL {
  const words = searchWords(text);
  if (words.length === 0) return sql`true`;
  const byWords = words.map((word) => {
    const like = likeAnywhere(word);
    return sql`(lower(${p}.given_name || ' ' || ${p}.family_name) like ${like} or lower(${p}.email) like ${like})`;
  });
  return sql`((${sql.join(byWords, sql` and `)}) or ${p}.external_ref = ${text.trim()})`;
}
