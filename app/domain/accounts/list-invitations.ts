import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { type PersonScope, personInScopeCondition } from "../people/scope";

/** pending: the latest link still works; accepted: the person made their account; expired: the latest link ran out unused. */
export type InvitationStatus = "pending" | "accepted" | "expired";

export interface InvitationRow {
  personId: number;
  name: string;
  email: string | null;
  organisationName: string;
  status: InvitationStatus;
  /** When the latest invitation was sent. */
  sentAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  /** How many invitations the person has been sent. */
  timesSent: number;
  invitedBy: string | null;
}

/** Everyone within the scope who has been invited, with their latest invitation's state; pending first, then latest sent. */
export async function listInvitations(
  db: Database,
  scope: PersonScope,
  options: { status?: InvitationStatus; now?: Date; limit?: number } = {},
): Promise<InvitationRow[]> {
  const now = (options.now ?? new Date()).toISOString();
  const rows = await queryRows<{
    person_id: number;
    name: string;
    email: string | null;
    organisation_name: string;
    status: InvitationStatus;
    sent_at: string;
    expires_at: string;
    accepted_at: string | null;
    times_sent: number;
    invited_by: string | null;
  }>(
    db,
    sql`with latest as (
          select distinct on (l.person_id) l.person_id, l.created_at, l.expires_at, l.used_at, l.ended_at, l.created_by_account_id,
            count(*) over (partition by l.person_id)::int as times_sent
          from one_time_links l
          where l.purpose = 'invitation' and l.person_id is not null
          order by l.person_id, l.created_at desc, l.id desc
        ), listed as (
          select p.id as person_id, p.given_name || ' ' || p.family_name as name, p.email, o.name as organisation_name,
            case when latest.used_at is not null or a.id is not null then 'accepted'
                 when latest.expires_at > ${now}::timestamptz and latest.ended_at is null then 'pending'
                 else 'expired' end as status,
            latest.created_at::text as sent_at, latest.expires_at::text as expires_at,
            coalesce(latest.used_at, a.created_at)::text as accepted_at,
            latest.times_sent, inviter.display_name as invited_by
          from latest
          join people p on p.id = latest.person_id
          join organisations o on o.id = p.organisation_id
          left join accounts a on a.person_id = p.id
          left join accounts inviter on inviter.id = latest.created_by_account_id
          where ${personInScopeCondition(scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}
        )
        select * from listed
        where ${options.status ? sql`status = ${options.status}` : sql`true`}
        order by case status when 'pending' then 0 when 'expired' then 1 else 2 end, sent_at desc, person_id
        limit ${options.limit ?? 500}`,
  );
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    email: r.email,
    organisationName: r.organisation_name,
    status: r.status,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    acceptedAt: r.status === "accepted" ? r.accepted_at : null,
    timesSent: r.times_sent,
    invitedBy: r.invited_by,
  }));
}

/** Whether a person has an account, and their latest invitation's state (none when never invited), for their page. */
export async function accountInvitationState(
  db: Database,
  personId: number,
  now: Date = new Date(),
): Promise<{
  hasAccount: boolean;
  invitation: { status: InvitationStatus; sentAt: string; expiresAt: string } | null;
}> {
  const [row] = await queryRows<{
    has_account: boolean;
    status: InvitationStatus | null;
    sent_at: string | null;
    expires_at: string | null;
  }>(
    db,
    sql`select exists (select 1 from accounts a where a.person_id = ${personId}) as has_account,
          case when l.id is null then null
               when l.used_at is not null then 'accepted'
               when l.expires_at > ${now.toISOString()}::timestamptz and l.ended_at is null then 'pending'
               else 'expired' end as status,
          l.created_at::text as sent_at, l.expires_at::text as expires_at
        from (select 1) one
        left join lateral (
          select * from one_time_links l
          where l.person_id = ${personId} and l.purpose = 'invitation'
          order by l.created_at desc, l.id desc limit 1
        ) l on true`,
  );
  return {
    hasAccount: row?.has_account ?? false,
    invitation:
      row?.status && row.sent_at && row.expires_at
        ? { status: row.status, sentAt: row.sent_at, expiresAt: row.expires_at }
        : null,
  };
}
