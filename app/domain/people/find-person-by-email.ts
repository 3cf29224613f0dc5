import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

export interface PersonByEmail {
  id: number;
  givenName: string;
  familyName: string;
  email: string;
  /** YYYY-MM-DD, or null while they work here. */
  leavingDate: string | null;
}

/** The person whose e-mail this is, whatever its case (e-mails are unique that way), or null. */
export async function findPersonByEmail(db: Database, email: string): Promise<PersonByEmail | null> {
  const row = await queryOne<{
    id: number;
    given_name: string;
    family_name: string;
    email: string;
    leaving_date: string | null;
  }>(
    db,
    sql`select id, given_name, family_name, email, leaving_date::text as leaving_date from people
        where lower(email) = ${email.trim().toLowerCase()}`,
  );
  return row
    ? {
        id: row.id,
        givenName: row.given_name,
        familyName: row.family_name,
        email: row.email,
        leavingDate: row.leaving_date,
      }
    : null;
}
