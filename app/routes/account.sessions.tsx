import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { Button, ErrorSummary, NotificationBanner, Table } from "../components";
import { endAllSessions } from "../domain/accounts/end-all-sessions";
import { endSession } from "../domain/accounts/end-session";
import { errorList, formValues, parseForm } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { readForm, readQuery } from "../lib/request";
import { currentSessionId, SessionIdField, sessionsForPage } from "./shared/account-admin.server";

export const meta: MetaFunction = () => pageTitle("Where you are signed in");

const DONE = { ended: "Session ended", "others-ended": "You are signed out everywhere else" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const done = readQuery(request).get("done");
  const sessions = await sessionsForPage(db, user.accountId, currentSessionId(db, request));
  return data({ sessions, done: done && done in DONE ? DONE[done as keyof typeof DONE] : null }, { headers });
}

const Intent = z.object({ intent: z.enum(["end-session", "end-others"]) });
const EndSessionForm = z.object({ sessionId: SessionIdField });

export async function action({ request }: ActionFunctionArgs) {
  const { db, user, headers } = await requireUser(request);
  const form = await readForm(request);
  const intent = Intent.safeParse(formValues(form));
  if (!intent.success) return data({ errors: { form: "Choose what to do" } }, { status: 400, headers });
  const current = currentSessionId(db, request);
  if (intent.data.intent === "end-others") {
    await endAllSessions(db, { accountId: user.accountId, keepSessionId: current, actorAccountId: user.accountId });
    throw redirect("/account/sessions?done=others-ended", { headers });
  }
  const parsed = parseForm(EndSessionForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400, headers });
  // Only the caller's own sessions: any other id, someone else's included, is not found.
  const ended = await endSession(db, {
    accountId: user.accountId,
    sessionId: parsed.data.sessionId,
    actorAccountId: user.accountId,
  });
  if (!ended) notFound("session");
  if (parsed.data.sessionId === current) throw redirect("/signed-out", { headers });
  throw redirect("/account/sessions?done=ended", { headers });
}

export default function MySessions() {
  const { sessions, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {result?.errors ? <ErrorSummary errorList={errorList(result.errors as Record<string, string>)} /> : null}
        {done ? <NotificationBanner type="success">{done}</NotificationBanner> : null}
        <h1 className="govuk-heading-l">Where you are signed in</h1>
        <p className="govuk-body">
          Each time you sign in, on a computer, phone or browser, starts a session. If you see one you do not recognise,
          end it and change your password.
        </p>
        <Table
          caption="Your sessions, newest first"
          captionClassName="govuk-visually-hidden"
          head={[{ text: "Signed in" }, { text: "Ends by" }, { text: "Action" }]}
          rows={sessions.map((s) => [
            { text: s.startedAt },
            { text: s.expiresAt },
            {
              children: s.current ? (
                <strong>This session</strong>
              ) : (
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
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <Button type="submit" warning>
              Sign out everywhere else
            </Button>
          </Form>
        ) : (
          <p className="govuk-body">You are not signed in anywhere else.</p>
        )}
      </div>
    </div>
  );
}
