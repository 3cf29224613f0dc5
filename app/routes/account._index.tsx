import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/session.server";
import { Button, ErrorSummary, NotificationBanner, Radios, SummaryList } from "../components";
import { receivesTeamDigest, setTeamDigest } from "../domain/accounts/team-digest";
import { errorList, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Your account");

/** One's own account: the pages that look after it, reached from the name in the header. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const manages = user.grants.some((g) => g.role === "manager");
  return data(
    {
      name: user.displayName,
      email: user.email,
      manages,
      teamDigest: manages ? await receivesTeamDigest(db, user.accountId) : null,
      saved: readQuery(request).get("saved") === "team-digest",
    },
    { headers },
  );
}

const TeamDigestForm = z.object({
  teamDigest: z.enum(["yes", "no"], { message: "Select whether you want the monthly e-mail about your team" }),
});

/** The monthly e-mail about one's team, on or off (one's own account only). */
export async function action({ request }: ActionFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const parsed = parseForm(TeamDigestForm, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400, headers });
  await setTeamDigest(db, {
    accountId: user.accountId,
    receives: parsed.data.teamDigest === "yes",
    actorAccountId: user.accountId,
  });
  throw redirect("/account?saved=team-digest", { headers });
}

export default function YourAccount() {
  const { name, email, manages, teamDigest, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors ? <ErrorSummary errorList={errorList(errors, { teamDigest: "teamDigest" })} /> : null}
        {saved ? (
          <NotificationBanner type="success">Your choice about the monthly e-mail is saved</NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList
          rows={[
            { key: { children: "Name" }, value: { children: name } },
            { key: { children: "E-mail address" }, value: { children: email } },
          ]}
        />
        <ul className="govuk-list govuk-list--spaced">
          <li>
            <a className="govuk-link" href="/account/password">
              Change your password
            </a>
          </li>
          <li>
            <a className="govuk-link" href="/account/two-step">
              Two-step sign-in
            </a>{" "}
            with an authenticator app
          </li>
          <li>
            <a className="govuk-link" href="/account/sessions">
              Where you are signed in
            </a>
          </li>
        </ul>
        {manages ? (
          <Form method="post" noValidate>
            <Radios
              name="teamDigest"
              idPrefix="teamDigest"
              fieldset={{
                legend: { children: "Monthly e-mail about your team", className: "govuk-fieldset__legend--m" },
              }}
              hint={{
                children:
                  "On the 1st of each month: how many in your team have their training current, expiring soon, expired or never done.",
              }}
              value={teamDigest === false ? "no" : "yes"}
              errorMessage={errors?.teamDigest ? { children: errors.teamDigest } : null}
              items={[
                { value: "yes", children: "Yes, send it to me" },
                { value: "no", children: "No, do not send it" },
              ]}
            />
            <Button type="submit">Save</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
