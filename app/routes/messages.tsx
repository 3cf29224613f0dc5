import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { InsetText, Pagination, paginationLinks } from "../components";
import { listNotificationsForPerson } from "../domain/notifications/list-notifications";
import { env } from "../env.server";
import { formatDateTime } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema } from "../lib/pagination";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Messages");

const Query = z.object({ page: pageSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  if (user.personId === null) {
    throw new Response("Your account is not linked to a training record.", { status: 404 });
  }
  await requirePersonAccess(db, user, "record:view", user.personId);
  const { page } = Query.parse(Object.fromEntries(readQuery(request)));
  // Whether the council sends them by e-mail too (GOV.UK Notify set up), for the page's words.
  return {
    ...(await listNotificationsForPerson(db, user.personId, { page, pageSize: 20 })),
    byEmail: env().NOTIFY !== undefined,
  };
}

export default function Messages() {
  const { rows, total, page, pageSize, byEmail } = useLoaderData<typeof loader>();
  const pages = pageCount(total, pageSize);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Messages</h1>
        <InsetText>
          These are the messages the service has sent you about your bookings and training, newest first.{" "}
          {byEmail
            ? "Each is also sent to your email address."
            : "The council does not send them by email yet: this is where they are kept."}
        </InsetText>
        {rows.length === 0 ? (
          <p className="govuk-body">You have no messages.</p>
        ) : (
          <ol className="govuk-list app-messages" aria-label="Messages, newest first">
            {rows.map((m) => (
              <li key={m.id} className="govuk-!-margin-bottom-6">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{m.subject}</h2>
                <p className="govuk-body-s govuk-!-margin-bottom-1">{formatDateTime(m.createdAt)}</p>
                <p className="govuk-body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href: (n) => `/messages?page=${n}` })} /> : null}
      </div>
    </div>
  );
}
