import { sql } from "drizzle-orm";
import { queryOne, queryRows, type Database } from "../../db/database";
import type { Role } from "../../lib/values";

export interface AccountGrant {
  id: number;
  role: Role;
  /** A manager's reports: the person they are for. */
  personId: number | null;
  personName: string | null;
  /** A manager's organisation, a school lead's school, a contract manager's company. */
  organisationId: number | null;
  organisationName: string | null;
  grantedAt: string;
}

export interface AccountForAdmin {
  id: string;
  displayName: string;
  email: string;
  disabledAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  person: { id: number; name: string; organisationName: string; leavingDate: string | null } | null;
  grants: AccountGrant[];
}

/** An account as the coordinator sees it: its person and each role with its scope; null when there is none. */
export async function getAccount(db: Database, accountId: string): Promise<AccountForAdmin | null> {
  const account = await queryOne<{
    id: string;
    display_name: string;
    email: string;
    disabled_at: string | null;
    last_sign_in_at: string | null;
    created_at: string;
    person_id: number | null;
    person_name: string | null;
    organisation_name: string | null;
    leaving_date: string | null;
  }>(
    db,
    sql`select a.id, a.display_name, a.email, a.disabled_at::text as disabled_at,
          a.last_sign_in_at::text as last_sign_in_at, a.created_at::text as created_at,
          p.id as person_id, p.given_name || ' ' || p.family_name as person_name,
          o.name as organisation_name, p.leaving_date::text as leaving_date
        from accounts a
        left join people p on p.id = a.person_id
        left join organisations o on o.id = p.organisation_id
        where a.id = ${accountId}`,
  );
  if (!account) return null;
  const grants = await queryRows<{
    id: number;
    role: Role;
    person_id: number | null;
    person_name: string | null;
    organisation_id: number | null;
    organisation_name: string | null;
    granted_at: string;
  }>(
    db,
    sql`select g.id, g.role::text as role, g.person_id, p.given_name || ' ' || p.family_name as person_name,
          g.organisation_id, o.name as organisation_name, g.created_at::text as granted_at
        from role_grants g
        left join people p on p.id = g.person_id
        left join organisations o on o.id = g.organisation_id
        where g.account_id = ${accountId}
        order by g.id`,
  );
  return {
    id: account.id,
    displayName: account.display_name,
    email: account.email,
    disabledAt: account.disabled_at,
    lastSignInAt: account.last_sign_in_at,
    createdAt: account.created_at,
    person:
      account.person_id === null
        ? null
        : {
            id: account.person_id,
            name: account.person_name ?? "",
            organisationName: account.organisation_name ?? "",
            leavingDate: account.leaving_date,
          },
    grants: grants.map((g) => ({
      id: g.id,
      role: g.role,
      personId: g.person_id,
      personName: g.person_name,
      organisationId: g.organisation_id,
      organisationName: g.organisation_name,
      grantedAt: g.granted_at,
    })),
  };
}

/** Organisations a grant can name, by sector and name: schools, contractor companies, the council's own units. */
export async function organisationsToGrant(
  db: Database,
): Promise<Array<{ id: number; name: string; kind: string; sector: string }>> {
  return queryRows(
    db,
    sql`select id, name, kind::text as kind, sector::text as sector from organisations
        where kind::text <> 'school' or closed_on is null
        order by sector, lower(name), id`,
  );
}
