import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlTextArray } from "../../db/database";

export interface PersonByReference {
  id: number;
  givenName: string;
  familyName: string;
  /** The employee number (HR's, or a contractor's staff number). */
  externalRef: string | null;
  email: string | null;
}

/**
 * The people an import's rows may mean: those with one of the employee numbers, those whose
 * number is one of them once leading zeros are set aside (a spreadsheet turns "000123" into
 * "123"), and those with one of the e-mail addresses, whatever its case. The caller decides
 * which row means whom.
 */
export async function findPeopleByReference(
  db: Database,
  input: { employeeNumbers: readonly string[]; emails: readonly string[] },
): Promise<PersonByReference[]> {
  if (input.employeeNumbers.length === 0 && input.emails.length === 0) return [];
  const unpadded = input.employeeNumbers.filter((n) => /^\d+$/.test(n)).map((n) => n.replace(/^0+/, ""));
  const rows = await queryRows<{
    id: number;
    given_name: string;
    family_name: string;
    external_ref: string | null;
    email: string | null;
  }>(
    db,
    sql`select id, given_name, family_name, external_ref, email from people
        where external_ref = any(${sqlTextArray(input.employeeNumbers)})
          or (external_ref ~ '^[0-9]+$' and ltrim(external_ref, '0') = any(${sqlTextArray(unpadded)}))
          or lower(email) = any(${sqlTextArray(input.emails.map((e) => e.toLowerCase()))})`,
  );
  return rows.map((r) => ({
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    externalRef: r.external_ref,
    email: r.email,
  }));
}
