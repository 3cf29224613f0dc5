import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, Pagination, paginationLinks, Table } from "../components";
import { listImportRuns } from "../domain/imports/import-runs";
import { IMPORT_KIND_LABELS, IMPORT_KINDS } from "../domain/imports/values";
import { formatDateTime } from "../lib/dates";
import { formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema, readPage } from "../lib/pagination";
import { readQuery } from "../lib/request";
import { ImportStatusTag, countsText } from "./shared/import-parts";
import { requireImportManager } from "./shared/import-route.server";

export const meta: MetaFunction = () => pageTitle("Imports – Administration");

const PAGE_SIZE = 25;
const Query = z.object({ page: pageSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requireImportManager(request);
  const query = Query.parse(formValues(readQuery(request)));
  const { runs, total, page } = await readPage(query.page, PAGE_SIZE, (slice) => listImportRuns(db, slice));
  return { runs, total, page };
}

export default function Imports() {
  const { runs, total, page } = useLoaderData<typeof loader>();
  const pages = pageCount(total, PAGE_SIZE);
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="govuk-heading-l">Imports</h1>
      <p className="govuk-body">
        Bring people, schools and past training records in from a CSV file. You will see what the file would change, and
        every row with a problem, before anything is changed.
      </p>
      <h2 className="govuk-heading-m">Start an import</h2>
      <ul className="govuk-list govuk-list--spaced">
        {IMPORT_KINDS.map((kind) => (
          <li key={kind}>
            <a className="govuk-link" href={`/admin/imports/new?kind=${kind}`}>
              {IMPORT_KIND_LABELS[kind]}
            </a>
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">Imports so far</h2>
      {runs.length === 0 ? (
        <p className="govuk-body">Nothing has been imported yet.</p>
      ) : (
        <>
          <Table
            caption={`${total.toLocaleString("en-GB")} ${total === 1 ? "import" : "imports"}, newest first`}
            captionClassName="govuk-visually-hidden"
            head={[
              { text: "Uploaded" },
              { text: "What" },
              { text: "File" },
              { text: "By" },
              { text: "Status" },
              { text: "Result" },
            ]}
            rows={runs.map((run) => [
              {
                children: (
                  <a className="govuk-link" href={`/admin/imports/${run.id}`}>
                    {formatDateTime(run.uploadedAt)}
                    <span className="govuk-visually-hidden"> (import {run.id})</span>
                  </a>
                ),
              },
              { text: run.kindLabel },
              { text: run.files.map((f) => f.name).join(", ") },
              { text: run.uploadedBy },
              { children: <ImportStatusTag status={run.status} interrupted={run.interrupted} /> },
              {
                text: run.counts
                  ? `${countsText(run.counts)}${run.problems > 0 ? `; ${run.problems.toLocaleString("en-GB")} problems` : ""}`
                  : "",
              },
            ])}
          />
          {pages > 1 ? (
            <Pagination {...paginationLinks({ page, pages, href: (n) => `/admin/imports?page=${n}` })} />
          ) : null}
        </>
      )}
    </>
  );
}
