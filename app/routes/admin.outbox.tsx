import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, InsetText, Select, Table, Tag, type TagColour, WarningText } from "../components";
import { listOutbox } from "../domain/notifications/list-outbox";
import { env } from "../env.server";
import { formatDateTime } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import type { NotificationStatus } from "../lib/values";
import { NewestFirstPagination, cursorHref } from "./shared/newest-first-pagination";
import { readOutboxQuery } from "./shared/outbox-search-params.server";

export const meta: MetaFunction = () => pageTitle("Outbox – Administration");

const PAGE_SIZE = 50;

const STATUS: Record<NotificationStatus, { label: string; colour?: TagColour }> = {
  pending: { label: "Waiting", colour: "grey" },
  sending: { label: "Sending" },
  sent: { label: "Sent", colour: "green" },
  failed: { label: "Failed", colour: "red" },
  skipped: { label: "Skipped", colour: "yellow" },
};

/**
 * The outbox (decision 015): every message the service owes people, whether GOV.UK Notify took it,
 * and if not, why. One-time links (invitations, resets, sign-in links) are shown only where the demo
 * council runs, so someone trying the demo can follow them; a real council's links reach only their
 * recipient, and are cut from the words here.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "notifications:view-outbox");
  const { cursor, ...query } = readOutboxQuery(request);
  const { NODE_ENV, SEED_DEMO_REQUESTED, NOTIFY } = env();
  const showLinks = NODE_ENV !== "production" || SEED_DEMO_REQUESTED;
  const result = await listOutbox(db, { ...query, cursor, pageSize: PAGE_SIZE, showLinks });
  return { query, notifySetUp: NOTIFY !== undefined, showLinks, ...result };
}

/** Why a message is where it is, in words. */
function reason(
  m: {
    status: NotificationStatus;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string;
    sentAt: string | null;
  },
  notifySetUp: boolean,
): string {
  switch (m.status) {
    case "sent":
      return m.sentAt ? `GOV.UK Notify took it on ${formatDateTime(m.sentAt)}` : "GOV.UK Notify took it";
    case "pending":
      if (!notifySetUp) return "Not sent: GOV.UK Notify is not set up";
      return m.attempts > 0
        ? `Tried ${m.attempts} ${m.attempts === 1 ? "time" : "times"}; trying again after ${formatDateTime(m.nextAttemptAt)}. Last error: ${m.lastError ?? "none"}`
        : "Waiting to be sent";
    case "sending":
      return m.lastError
        ? `Checking with GOV.UK Notify whether it was taken (attempt ${m.attempts}). Last error: ${m.lastError}`
        : `Being sent (attempt ${m.attempts})`;
    default:
      return m.lastError ?? "";
  }
}

export default function Outbox() {
  const { query, notifySetUp, showLinks, rows, older, newer, kinds } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every message the service owes people by e-mail, newest first: whether GOV.UK Notify has taken it, and if not,
        why.
      </p>
      {notifySetUp ? null : (
        <WarningText>
          GOV.UK Notify is not set up, so no e-mail is sent: messages wait here, and people read theirs on their
          Messages page.
        </WarningText>
      )}
      {showLinks ? (
        <InsetText>This is the demo council: the links messages carry are shown, so you can follow them.</InsetText>
      ) : null}
      <form method="get" aria-label="Filter the outbox">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label={{ children: "Status", className: "govuk-label--s" }}
              value={query.status ?? ""}
              items={[
                { value: "", children: "Any" },
                ...(Object.keys(STATUS) as NotificationStatus[]).map((s) => ({ value: s, children: STATUS[s].label })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="kind"
              label={{ children: "Kind of message", className: "govuk-label--s" }}
              value={query.kind}
              items={[{ value: "", children: "Any" }, ...kinds.map((kind) => ({ value: kind, children: kind }))]}
            />
          </div>
        </div>
        <Button type="submit" secondary>
          Apply filters
        </Button>
      </form>
      <p className="govuk-body" role="status">
        {rows.length === 0 ? "No messages match." : `${rows.length} messages, newest first`}
      </p>
      {rows.length > 0 ? (
        <Table
          caption="Messages, newest first"
          captionClassName="govuk-visually-hidden"
          className="govuk-!-font-size-16"
          head={[
            { children: "Made" },
            { children: "To" },
            { children: "Message" },
            { children: "Status" },
            { children: "Why" },
          ]}
          rows={rows.map((m) => [
            { children: formatDateTime(m.createdAt) },
            { children: m.to ?? "No e-mail address" },
            {
              children: (
                <>
                  <strong>{m.subject}</strong>
                  <br />
                  {m.body}
                  <br />
                  <code className="govuk-!-font-size-14">{m.kind}</code>
                  {m.link ? (
                    <>
                      <br />
                      <a className="govuk-link" href={m.link} data-to={m.to ?? ""} data-kind={m.kind}>
                        Open the link<span className="govuk-visually-hidden"> in the message to {m.to}</span>
                      </a>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              children: (
                <Tag colour={STATUS[m.status].colour} data-status={m.status}>
                  {STATUS[m.status].label}
                </Tag>
              ),
            },
            { children: reason(m, notifySetUp) },
          ])}
        />
      ) : null}
      <NewestFirstPagination
        older={older}
        newer={newer}
        noun="messages"
        href={(cursor) => cursorHref("/admin/outbox", query, cursor)}
      />
    </>
  );
}
