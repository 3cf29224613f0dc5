import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound } from "../auth/guards.server";
import { resetTwoStep, twoStepEnabled } from "../auth/two-step.server";
import {
  BackLink,
  Button,
  ErrorSummary,
  NotificationBanner,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
} from "../components";
import { endAllSessions } from "../domain/accounts/end-all-sessions";
import { endSession } from "../domain/accounts/end-session";
import { organisationsToGrant } from "../domain/accounts/get-account";
import { GRANTABLE_ROLES, GrantRoleForm } from "../domain/accounts/grant-role-form";
import { grantRole } from "../domain/accounts/grant-role";
import { listSignIns } from "../domain/accounts/list-sign-ins";
import { reactivateAccount } from "../domain/accounts/reactivate-account";
import { formatDate, formatDateTime } from "../lib/dates";
import { errorList, formValues, parseForm } from "../lib/forms";
import { ROLE_LABELS, SECTOR_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import type { Role } from "../lib/values";
import {
  currentSessionId,
  requireAccountToManage,
  SessionIdField,
  sessionsForPage,
} from "./shared/account-admin.server";
import { withFormErrors } from "./shared/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.account.displayName} – Accounts` : "Account");

const DONE = {
  granted: "Role granted",
  removed: "Role removed",
  "session-ended": "Session ended",
  "sessions-ended": "All sessions ended",
  deactivated: "Account deactivated: its sessions have ended",
  reactivated: "Account reactivated",
  "two-step-reset": "Two-step sign-in reset: they set it up again when they next sign in",
} as const;

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  link: "Sign-in link",
  sso: "Council single sign-on",
  invitation: "Accepted invitation",
  reset: "Password reset",
};

function scopeText(grant: { role: Role; personName: string | null; organisationName: string | null }): string {
  if (grant.role === "manager") {
    if (grant.personName) return `The reports of ${grant.personName}`;
    return grant.organisationName ? `Everyone in ${grant.organisationName}` : "";
  }
  return grant.organisationName ?? "";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, headers, account } = await requireAccountToManage(request, params);
  const done = readQuery(request).get("done");
  const [signIns, sessions, organisations, twoStep] = await Promise.all([
    listSignIns(db, account.id),
    sessionsForPage(db, account.id, currentSessionId(db, request)),
    organisationsToGrant(db),
    twoStepEnabled(db, account.id),
  ]);
  return data(
    {
      account: {
        id: account.id,
        displayName: account.displayName,
        email: account.email,
        disabledOn: account.disabledAt ? formatDateTime(account.disabledAt) : null,
        lastSignIn: account.lastSignInAt ? formatDateTime(account.lastSignInAt) : null,
        person: account.person,
        hasPerson: account.person !== null,
        twoStep,
      },
      grants: account.grants.map((g) => ({
        id: g.id,
        role: ROLE_LABELS[g.role],
        scope: scopeText(g),
        grantedOn: formatDate(g.grantedAt),
      })),
      signIns: signIns.map((s) => ({
        at: formatDateTime(s.at),
        method: s.method ? (METHOD_LABELS[s.method] ?? s.method) : "Not recorded",
        address: s.address ?? "Not recorded",
      })),
      sessions,
      organisations: organisations.map((o) => ({
        value: String(o.id),
        text: `${o.name} (${SECTOR_LABELS[o.sector as keyof typeof SECTOR_LABELS] ?? o.sector}, ${o.kind.replace(/_/g, " ")})`,
      })),
      done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
    },
    { headers },
  );
}

const Intent = z.object({
  intent: z.enum(["grant", "end-session", "end-all-sessions", "reactivate", "reset-two-step"]),
});
const EndSessionForm = z.object({ sessionId: SessionIdField });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, headers, account } = await requireAccountToManage(request, params);
  const form = await readForm(request);
  const intent = Intent.safeParse(formValues(form));
  if (!intent.success) return data({ errors: { form: "Choose what to do" }, values: {} }, { status: 400, headers });
  const back = (done: keyof typeof DONE) =>
    redirect(`/admin/accounts/${encodeURIComponent(account.id)}?done=${done}`, { headers });
  const actor = user.accountId;

  switch (intent.data.intent) {
    case "grant": {
      const parsed = parseForm(GrantRoleForm, form);
      if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400, headers });
      const { role, managerScope, organisationId } = parsed.data;
      const values = formValues(form);
      return withFormErrors(
        async () => {
          await grantRole(db, {
            accountId: account.id,
            role: role as Role,
            personId: role === "manager" && managerScope === "reports" ? (account.person?.id ?? null) : null,
            organisationId:
              role === "manager" ? (managerScope === "organisation" ? organisationId : null) : organisationId,
            actorAccountId: actor,
          });
          throw back("granted");
        },
        { values },
        {
          field: (error) => (error.field === "scope" ? "managerScope" : (error.field ?? "form")),
        },
      );
    }
    case "end-session": {
      const parsed = parseForm(EndSessionForm, form);
      if (!parsed.ok) return data({ errors: parsed.errors, values: {} }, { status: 400, headers });
      const ended = await endSession(db, {
        accountId: account.id,
        sessionId: parsed.data.sessionId,
        actorAccountId: actor,
      });
      if (!ended) notFound("session");
      throw back("session-ended");
    }
    case "reset-two-step": {
      await resetTwoStep(db, { accountId: account.id, actorAccountId: actor });
      throw back("two-step-reset");
    }
    case "end-all-sessions": {
      await endAllSessions(db, { accountId: account.id, actorAccountId: actor });
      throw back("sessions-ended");
    }
    case "reactivate": {
      return withFormErrors(
        async () => {
          await reactivateAccount(db, { accountId: account.id, actorAccountId: actor });
          throw back("reactivated");
        },
        { values: {} },
      );
    }
  }
}

export default function AccountPage() {
  const { account, grants, signIns, sessions, organisations, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = (result?.errors ?? undefined) as Record<string, string> | undefined;
  const values = (result?.values ?? {}) as Record<string, string>;
  const base = `/admin/accounts/${encodeURIComponent(account.id)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink href="/admin/accounts">Accounts</BackLink>
        {errors ? (
          <ErrorSummary
            errorList={errorList(errors, { form: "grant-role", role: "role", managerScope: "managerScope" })}
          />
        ) : null}
        {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
        <span className="govuk-caption-l">Account</span>
        <h1 className="govuk-heading-l">{account.displayName}</h1>
        <SummaryList
          rows={[
            { key: { children: "Email" }, value: { children: account.email } },
            {
              key: { children: "Status" },
              value: {
                children: account.disabledOn ? (
                  <>
                    <Tag colour="grey">Deactivated</Tag> on {account.disabledOn}
                  </>
                ) : (
                  <Tag colour="green">Active</Tag>
                ),
              },
            },
            {
              key: { children: "Person" },
              value: {
                children: account.person ? (
                  <>
                    <a className="govuk-link" href={`/people/${account.person.id}`}>
                      {account.person.name}
                    </a>
                    , {account.person.organisationName}
                    {account.person.leavingDate ? ` (left ${formatDate(account.person.leavingDate)})` : ""}
                  </>
                ) : (
                  "No person record"
                ),
              },
            },
            { key: { children: "Last signed in" }, value: { children: account.lastSignIn ?? "Never" } },
          ]}
        />

        <h2 className="govuk-heading-m">Roles</h2>
        {grants.length === 0 ? (
          <p className="govuk-body">
            {account.hasPerson
              ? "No roles: this account sees only its own training."
              : "No roles: this account sees nothing."}
          </p>
        ) : (
          <Table
            caption="Roles this account holds"
            captionClassName="govuk-visually-hidden"
            head={[{ text: "Role" }, { text: "Scope" }, { text: "Granted" }, { text: "Action" }]}
            rows={grants.map((g) => [
              { text: g.role },
              { text: g.scope || "No scope" },
              { text: g.grantedOn },
              {
                children: (
                  <a className="govuk-link" href={`${base}/roles/${g.id}/remove`}>
                    Remove<span className="govuk-visually-hidden"> the role {g.role}</span>
                  </a>
                ),
              },
            ])}
          />
        )}

        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m" id="grant-role">
              Grant a role
            </h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="grant" />
              <Select
                id="role"
                name="role"
                label={{ children: "Role", className: "govuk-label--s" }}
                value={values.role ?? ""}
                errorMessage={errors?.role ? { children: errors.role } : undefined}
                items={[
                  { value: "", children: "Choose a role" },
                  ...GRANTABLE_ROLES.map((role) => ({ value: role, children: ROLE_LABELS[role] })),
                ]}
              />
              <Radios
                idPrefix="managerScope"
                name="managerScope"
                value={values.managerScope ?? ""}
                fieldset={{ legend: { children: "For a manager: whose team", className: "govuk-fieldset__legend--s" } }}
                hint={{ children: "Only for the manager role." }}
                errorMessage={errors?.managerScope ? { children: errors.managerScope } : undefined}
                items={[
                  {
                    value: "reports",
                    children: "The people who report to this account’s person",
                    disabled: !account.hasPerson,
                  },
                  { value: "organisation", children: "Everyone in the organisation chosen below" },
                ]}
              />
              <Select
                id="organisationId"
                name="organisationId"
                label={{ children: "Organisation", className: "govuk-label--s" }}
                hint={{
                  children:
                    "A school lead’s school, a contract manager’s contractor company, or the organisation a manager looks after.",
                }}
                value={values.organisationId ?? ""}
                errorMessage={errors?.organisationId ? { children: errors.organisationId } : undefined}
                items={[
                  { value: "", children: "No organisation" },
                  ...organisations.map((o) => ({ value: o.value, children: o.text })),
                ]}
              />
              {errors?.form ? <p className="govuk-error-message">{errors.form}</p> : null}
              <Button type="submit">Grant role</Button>
            </Form>
          </div>
        </div>

        <h2 className="govuk-heading-m">Recent sign-ins</h2>
        {signIns.length === 0 ? (
          <p className="govuk-body">This account has not signed in.</p>
        ) : (
          <Table
            caption="The account’s most recent sign-ins, newest first"
            captionClassName="govuk-visually-hidden"
            head={[{ text: "When" }, { text: "How" }, { text: "Network address" }]}
            rows={signIns.map((s) => [{ text: s.at }, { text: s.method }, { text: s.address }])}
          />
        )}

        <h2 className="govuk-heading-m">Active sessions</h2>
        {sessions.length === 0 ? (
          <p className="govuk-body">This account is not signed in anywhere.</p>
        ) : (
          <>
            <Table
              caption="Where this account is signed in now"
              captionClassName="govuk-visually-hidden"
              head={[{ text: "Signed in" }, { text: "Ends by" }, { text: "Action" }]}
              rows={sessions.map((s) => [
                { text: `${s.startedAt}${s.current ? " (your session)" : ""}` },
                { text: s.expiresAt },
                {
                  children: (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <Button type="submit" secondary className="govuk-!-margin-bottom-0">
                        End this session<span className="govuk-visually-hidden"> (signed in {s.startedAt})</span>
                      </Button>
                    </Form>
                  ),
                },
              ])}
            />
            <Form method="post">
              <input type="hidden" name="intent" value="end-all-sessions" />
              <Button type="submit" warning>
                End all sessions
              </Button>
            </Form>
          </>
        )}

        {account.twoStep ? (
          <>
            <h2 className="govuk-heading-m">Two-step sign-in</h2>
            <p className="govuk-body">
              On. If they have lost their authenticator app and their recovery codes, reset it: their sessions end, and
              they set it up again when they next sign in.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="reset-two-step" />
              <Button type="submit" warning>
                Reset two-step sign-in
              </Button>
            </Form>
          </>
        ) : null}

        <h2 className="govuk-heading-m">Deactivate or reactivate</h2>
        {account.disabledOn ? (
          <Form method="post">
            <p className="govuk-body">
              This account cannot sign in. Reactivating it gives it back the roles listed above.
            </p>
            <input type="hidden" name="intent" value="reactivate" />
            <Button type="submit">Reactivate account</Button>
          </Form>
        ) : (
          <p className="govuk-body">
            <a className="govuk-link" href={`${base}/deactivate`}>
              Deactivate this account
            </a>
          </p>
        )}
      </div>
    </div>
  );
}
