import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { Table, WarningText } from "../components";
import { listOutbox } from "../domain/notifications/list-outbox";
import { env } from "../env.server";
import { formatDateTime } from "../lib/dates";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Outbox (demo)");

/**
 * The demo council's outbox: messages waiting for GOV.UK Notify (issue 20), with their links, so
 * someone trying the demo can follow an invitation or a reset link. Only where the demo council
 * runs (outside production, or SEED_DEMO=true): a real council's links are never shown to anyone
 * but their recipient.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "accounts:manage");
  const { NODE_ENV, SEED_DEMO_REQUESTED } = env();
  if (NODE_ENV === "production" && !SEED_DEMO_REQUESTED) notFound("page");
  return { messages: await listOutbox(db, { limit: 50 }) };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Outbox (demo)</h1>
      <WarningText>
        This page exists only for the demo council. Until email is connected, messages wait here, links included.
      </WarningText>
      {messages.length === 0 ? (
        <p className="govuk-body">No messages are waiting.</p>
      ) : (
        <Table
          caption="Messages waiting to be sent, newest first"
          captionClassName="govuk-table__caption--m"
          head={[{ children: "To" }, { children: "Made" }, { children: "Message" }, { children: "Link" }]}
          rows={messages.map((m) => [
            { children: m.to ?? "No address" },
            { children: formatDateTime(m.createdAt) },
            {
              children: (
                <>
                  <strong>{m.subject}</strong>
                  <br />
                  {m.body}
                </>
              ),
            },
            {
              children: m.link ? (
                <a className="govuk-link" href={m.link} data-to={m.to ?? ""} data-kind={m.kind}>
                  Open the link<span className="govuk-visually-hidden"> in the message to {m.to}</span>
                </a>
              ) : null,
            },
          ])}
        />
      )}
    </>
  );
}
