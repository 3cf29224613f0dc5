import { sql } from "drizzle-orm";
import { type Database, queryRows, sqlIntArray } from "../../db/database";
import { formatDate } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { closedOrganisations } from "../organisations/closed-organisations";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { LINK_TTL_SECONDS, createLink } from "./one-time-links";

/** Whom to invite: chosen people (one from their page, or several from the people list), or everyone in an organisation's subtree (a school, a company, a service). */
export type InvitationSelection =
  | { kind: "people"; personIds: number[] }
  | { kind: "organisation"; organisationId: number };

export interface InvitationResult {
  /** Invited for the first time. */
  invited: number;
  /** Invited again: the earlier link no longer works. */
  resent: number;
  /** Left out: no e-mail address, an account already, or left the council. */
  skipped: { noEmail: number; hasAccount: number; leaver: number };
}

/** The path an invitation's token opens; the caller's PUBLIC_URL goes before it. */
export function invitationPath(token: string): string {
  return `/invitation/${token}`;
}

/**
 * Invites everyone in the selection, within the caller's scope, who has an e-mail address, no
 * account yet, and has not left: a link (7 days, one use) by message, through notify, in one
 * transaction with the audit events. Inviting someone again ends their earlier link. A closed
 * organisation (a school that closed) is refused (DomainError on organisationId).
 */
export async function invitePeople(
  db: Database,
  input: {
    selection: InvitationSelection;
    scope: PersonScope;
    invitedBy: { accountId: string; name: string };
    /** The service's public address (PUBLIC_URL), for the link. */
    origin: string;
    /** YYYY-MM-DD in London: people whose leaving date is on or before it are left out. */
    today: string;
    now?: Date;
  },
): Promise<InvitationResult> {
  const now = input.now ?? new Date();
  const selected =
    input.selection.kind === "people"
      ? sql`p.id = any(${sqlIntArray(input.selection.personIds)})`
      : sql`o.path like (select path from organisations where id = ${input.selection.organisationId}) || '%'`;
  return db.transaction(async (tx) => {
    if (input.selection.kind === "organisation") {
      // Nobody joins a closed school or organisation (the page's picker no longer offers one).
      const [closed] = await closedOrganisations(tx, [input.selection.organisationId]);
      if (closed) {
        throw new DomainError(
          `${closed.name} closed on ${formatDate(closed.closedOn)}: choose an organisation or school that is open`,
          "organisationId",
          "organisation-closed",
        );
      }
    }
    const people = await queryRows<{
      id: number;
      name: string;
      email: string | null;
      leaver: boolean;
      has_account: boolean;
      invited_before: boolean;
    }>(
      tx,
      sql`select p.id, p.given_name || ' ' || p.family_name as name, p.email,
            coalesce(p.leaving_date <= ${input.today}::date, false) as leaver,
            exists (select 1 from accounts a where a.person_id = p.id) as has_account,
            exists (select 1 from one_time_links l where l.person_id = p.id and l.purpose = 'invitation') as invited_before
          from people p join organisations o on o.id = p.organisation_id
          where ${selected}
            and ${personInScopeCondition(input.scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}
          order by p.id
          for update of p`,
    );
    const result: InvitationResult = { invited: 0, resent: 0, skipped: { noEmail: 0, hasAccount: 0, leaver: 0 } };
    const expiresAt = new Date(now.getTime() + LINK_TTL_SECONDS.invitation * 1000);
    for (const person of people) {
      if (person.has_account) result.skipped.hasAccount++;
      else if (!person.email) result.skipped.noEmail++;
      else if (person.leaver) result.skipped.leaver++;
      else {
        const token = await createLink(tx, {
          purpose: "invitation",
          personId: person.id,
          createdByAccountId: input.invitedBy.accountId,
          now,
        });
        await notify(tx, {
          kind: "account.invitation",
          recipientPersonId: person.id,
          recipientEmail: person.email,
          // The link is in the message's details only (the database keeps the token's hash): the
          // sender of issue 20 reads it from here.
          details: {
            link: new URL(invitationPath(token), input.origin).href,
            expiresAt: expiresAt.toISOString(),
            invitedBy: input.invitedBy.name,
            personName: person.name,
          },
        });
        await recordAuditEvent(tx, {
          actorAccountId: input.invitedBy.accountId,
          action: person.invited_before ? "account.invitation-resent" : "account.invitation-sent",
          entityType: "person",
          entityId: person.id,
          subjectPersonId: person.id,
          after: { email: person.email, expiresAt: expiresAt.toISOString() },
        });
        if (person.invited_before) result.resent++;
        else result.invited++;
      }
    }
    return result;
  });
}
