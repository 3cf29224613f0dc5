import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, requirePersonAccess } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, ErrorSummary, NotificationBanner, Table, Tag, type TagColour } from "../components";
import { OrganisationMatches } from "../components/organisation-picker/OrganisationMatches";
import { OrganisationPicker } from "../components/organisation-picker/OrganisationPicker";
import { invitePeople } from "../domain/accounts/invite-people";
import { type InvitationStatus, listInvitations } from "../domain/accounts/list-invitations";
import { env } from "../env.server";
import { formatDate, formatDateTime, todayInLondon } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { idSchema, readForm, readQuery } from "../lib/request";
import { safeRedirect } from "../lib/safe-redirect";
import { withFormErrors } from "./shared/domain-errors.server";
import { INVITATION_PICKER, invitationOrganisationReach } from "./shared/invitation-reach.server";
import { organisationFromForm, pickerChoice, pickOrganisation } from "./shared/organisation-picker.server";

export const meta: MetaFunction = () => pageTitle("Invitations to create an account");

const STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: "Pending",
  accepted: "Accepted",
  expired: "Expired",
};
const STATUS_COLOURS: Record<InvitationStatus, TagColour | undefined> = {
  pending: undefined,
  accepted: "green",
  expired: "grey",
};

const count = z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined);
const SentQuery = z.object({ invited: count, resent: count, skipped: count });
/** An organisation chosen by a link (one of several the words typed matched, without JavaScript). */
const ChosenQuery = z.object({
  organisationId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "accounts:invite");
  const scope = personScopeFor(user, "accounts:invite");
  const query = formValues(readQuery(request));
  const sent = SentQuery.parse(query);
  const asked = ChosenQuery.parse(query).organisationId;
  // Organisations to invite as a whole: all for the coordinator, a manager's own organisation grants' subtrees.
  const reach = invitationOrganisationReach(user);
  const [invitations, picked] = await Promise.all([
    listInvitations(db, scope),
    asked === undefined || reach.kind === "none"
      ? { chosen: null }
      : pickOrganisation(db, reach, asked, undefined, INVITATION_PICKER),
  ]);
  return {
    invitations,
    // Only the organisation chosen by a link, if any: the picker searches for the others.
    canInviteOrganisations: reach.kind !== "none",
    organisation: picked.chosen ? pickerChoice(picked.chosen) : null,
    sent: sent.invited !== undefined ? sent : null,
  };
}

const InviteForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("people"),
    personId: z.array(idSchema).min(1, "Select at least one person").max(1000, "Select at most 1,000 people"),
    returnTo: z.string().optional(),
  }),
  z.object({
    intent: z.literal("organisation"),
    organisationId: z.string().trim().min(1, "Select an organisation").pipe(idSchema),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "accounts:invite");
  const form = await readForm(request);
  let picker: Awaited<ReturnType<typeof organisationFromForm>>["picker"] | null = null;
  let pickerError: string | undefined;
  if (form.get("intent") === "organisation") {
    // The picker's words or id, read within the organisations the page offers (none: a manager of reports only).
    const organisation = await organisationFromForm(db, invitationOrganisationReach(user), form, INVITATION_PICKER);
    picker = organisation.picker;
    pickerError = organisation.error;
    if (!pickerError && organisation.organisationId !== "" && !picker.chosen) {
      pickerError = "Select an organisation you can invite";
    }
    form.set("organisationId", organisation.organisationId);
  }
  const parsed = parseForm(InviteForm, form, ["personId"]);
  if (pickerError || !parsed.ok) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(pickerError ? { organisationId: pickerError } : {}) };
    return data({ errors, organisation: picker }, { status: 400 });
  }
  const input = parsed.data;
  // One person (their page's button): outside the caller's reach is a 404, as on their page. A list
  // from the people list only ever invites those within reach (invitePeople's scope).
  if (input.intent === "people" && input.personId.length === 1) {
    await requirePersonAccess(db, user, "accounts:invite", input.personId[0]!);
  }
  // A closed organisation (chosen by its id) is refused there: the message on the picker, as chosen.
  return withFormErrors(
    async () => {
      const result = await invitePeople(db, {
        selection:
          input.intent === "people"
            ? { kind: "people", personIds: input.personId }
            : { kind: "organisation", organisationId: input.organisationId },
        scope: personScopeFor(user, "accounts:invite"),
        invitedBy: { accountId: user.accountId, name: user.displayName },
        origin: env().PUBLIC_URL,
        today: todayInLondon(),
      });
      const skipped = result.skipped.noEmail + result.skipped.hasAccount + result.skipped.leaver;
      const summary = `invited=${result.invited}&resent=${result.resent}&skipped=${skipped}`;
      const origin = new URL(request.url).origin;
      const back = input.intent === "people" && input.returnTo ? safeRedirect(input.returnTo, origin, "") : "";
      throw redirect(back || `/people/invitations?${summary}`);
    },
    { organisation: picker },
  );
}

function sentMessage(sent: { invited?: number; resent?: number; skipped?: number }): string {
  const parts = [`${sent.invited ?? 0} ${sent.invited === 1 ? "person" : "people"} invited`];
  if (sent.resent) parts.push(`${sent.resent} sent a new link (their earlier link no longer works)`);
  if (sent.skipped) parts.push(`${sent.skipped} left out (no email address, an account already, or left)`);
  return parts.join(", ");
}

export default function Invitations() {
  const { invitations, canInviteOrganisations, organisation, sent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors as Record<string, string> | undefined;
  // After a refused form, the picker shows what was sent: the one chosen, or the words and their matches.
  const picker = result?.organisation ?? { chosen: organisation, typed: "", matches: [] };
  return (
    <>
      <BackLink href="/people">People</BackLink>
      {errors ? <ErrorSummary errorList={errorList(errors)} /> : null}
      {sent ? <NotificationBanner type="success">{sentMessage(sent)}</NotificationBanner> : null}
      <h1 className="govuk-heading-l">Invitations to create an account</h1>
      <p className="govuk-body">
        An invitation is an email with a link to create an account and set a password. The link works once, for 7 days.
        Sending a new invitation ends the earlier link. People with no email address, an account already, or who have
        left are left out.
      </p>
      <p className="govuk-body">
        To invite one person, use the button on their page. To invite several, choose them on the{" "}
        <a className="govuk-link" href="/people">
          people list
        </a>
        .
      </p>
      {canInviteOrganisations ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="organisation" />
          <OrganisationPicker
            // A new choice (a refused form, a match's link) starts the picker afresh.
            key={`${picker.chosen?.id ?? ""}:${picker.typed}`}
            id="organisationId"
            name="organisation"
            idName="organisationId"
            source="/organisations/search?for=invitations"
            label={{ children: "Invite everyone in an organisation or school", className: "govuk-label--m" }}
            hint={{
              children:
                "Type part of its name. Everyone in it and in the organisations under it who has no account yet is invited.",
            }}
            chosen={picker.chosen}
            value={picker.typed}
            errorMessage={errors?.organisationId ? { children: errors.organisationId } : undefined}
          />
          <OrganisationMatches
            typed={picker.typed}
            matches={picker.matches}
            hrefFor={(organisationId) => `/people/invitations?organisationId=${organisationId}`}
          />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            Send invitations
          </Button>
        </Form>
      ) : null}
      {invitations.length === 0 ? (
        <p className="govuk-body">Nobody has been invited yet.</p>
      ) : (
        <Table
          caption="People invited"
          captionClassName="govuk-table__caption--m"
          head={[
            { children: "Name" },
            { children: "Organisation" },
            { children: "Status" },
            { children: "Sent" },
            { children: "Link works until, or accepted" },
            { children: "Action" },
          ]}
          rows={invitations.map((i) => [
            {
              children: (
                <>
                  <a className="govuk-link" href={`/people/${i.personId}`}>
                    {i.name}
                  </a>
                  <br />
                  <span className="govuk-hint govuk-!-margin-bottom-0">{i.email ?? "No email address"}</span>
                </>
              ),
            },
            { children: i.organisationName },
            { children: <Tag colour={STATUS_COLOURS[i.status]}>{STATUS_LABELS[i.status]}</Tag> },
            {
              children: `${formatDate(i.sentAt)}${i.timesSent > 1 ? ` (sent ${i.timesSent} times)` : ""}${
                i.invitedBy ? ` by ${i.invitedBy}` : ""
              }`,
            },
            {
              children:
                i.status === "accepted" && i.acceptedAt
                  ? `Accepted ${formatDate(i.acceptedAt)}`
                  : `${i.status === "expired" ? "Expired " : ""}${formatDateTime(i.expiresAt)}`,
            },
            {
              children:
                i.status === "accepted" ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="people" />
                    <input type="hidden" name="personId" value={i.personId} />
                    <Button type="submit" secondary className="govuk-!-margin-bottom-0">
                      Send again<span className="govuk-visually-hidden"> to {i.name}</span>
                    </Button>
                  </Form>
                ),
            },
          ])}
        />
      )}
    </>
  );
}
