import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, Button, Input, Pagination, paginationLinks, Table, Tag } from "../components";
import { findAccounts } from "../domain/accounts/find-accounts";
import { formValues } from "../lib/forms";
import { ROLE_LABELS } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema, readPage } from "../lib/pagination";
import { readQuery } from "../lib/request";
import { requireAccountManager } from "./shared/account-admin.server";

export const meta: MetaFunction = () => pageTitle("Accounts – Administration");

const PAGE_SIZE = 25;
const Query = z.object({
  q: z.string().trim().max(200).catch(""),
  page: pageSchema,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, headers } = await requireAccountManager(request);
  const query = Query.parse(formValues(readQuery(request)));
  const q = query.q;
  const {
    rows: accounts,
    total,
    page,
  } = await readPage(query.page, PAGE_SIZE, async (slice) => {
    const found = await findAccounts(db, { text: q, offset: slice.offset, limit: slice.limit });
    return { rows: found.accounts, total: found.total };
  });
  return data(
    {
      q,
      page,
      total,
      accounts: accounts.map((a) => ({
        ...a,
        roles: a.roles.map((role) => ROLE_LABELS[role]).join(", "),
      })),
    },
    { headers },
  );
}

export default function Accounts() {
  const { q, page, total, accounts } = useLoaderData<typeof loader>();
  const pages = pageCount(total, PAGE_SIZE);
  const href = (n: number) => `/admin/accounts?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="govuk-heading-l">Accounts</h1>
      <p className="govuk-body">
        Find an account to see its roles, grant or remove one, see its recent sign-ins and sessions, or deactivate it.
      </p>
      <form method="get" className="govuk-!-margin-bottom-6">
        <Input
          id="q"
          name="q"
          type="search"
          label={{ children: "Search by name or email", className: "govuk-label--s" }}
          defaultValue={q}
          className="govuk-!-width-one-half"
        />
        <Button type="submit" secondary>
          Search
        </Button>
      </form>
      {accounts.length === 0 ? (
        <p className="govuk-body">{q ? `No accounts match “${q}”.` : "There are no accounts."}</p>
      ) : (
        <>
          <Table
            caption={`${total.toLocaleString("en-GB")} ${total === 1 ? "account" : "accounts"}${q ? ` matching “${q}”` : ""}`}
            captionClassName="govuk-table__caption--m"
            head={[{ text: "Name" }, { text: "Email" }, { text: "Roles" }, { text: "Status" }]}
            rows={accounts.map((a) => [
              {
                children: (
                  <a className="govuk-link" href={`/admin/accounts/${encodeURIComponent(a.id)}`}>
                    {a.displayName}
                  </a>
                ),
              },
              { text: a.email },
              { text: a.roles || "None" },
              {
                children: a.disabledAt ? <Tag colour="grey">Deactivated</Tag> : <Tag colour="green">Active</Tag>,
              },
            ])}
          />
          {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href })} /> : null}
        </>
      )}
    </>
  );
}
