import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { Pagination, Table, paginationLinks } from "../components";
import { listEvidenceQueue } from "../domain/evidence/list-evidence";
import { EVIDENCE_KIND_LABELS } from "../domain/evidence/values";
import { formatDate } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema, readPage } from "../lib/pagination";
import { readQuery } from "../lib/request";
import { verifierFor } from "./shared/evidence-route.server";

export const meta: MetaFunction = () => pageTitle("Evidence to verify");

const PAGE_SIZE = 50;
const Query = z.object({ page: pageSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "evidence:verify");
  const { page } = Query.parse(Object.fromEntries(readQuery(request)));
  return readPage(page, PAGE_SIZE, (slice) => listEvidenceQueue(db, verifierFor(user)!, slice));
}

export default function EvidenceQueue() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const pages = pageCount(total, pageSize);
  return (
    <>
      <h1 className="govuk-heading-l">Evidence to verify</h1>
      <p className="govuk-body">
        Evidence people have sent of training done elsewhere, oldest first. It does not count until it is accepted:
        accepting it records the completion; if you do not accept it, give the reason, which they will see.
      </p>
      {rows.length === 0 ? (
        <p className="govuk-body">There is no evidence waiting for you to verify.</p>
      ) : (
        <>
          <Table
            caption={`${total === 1 ? "1 submission" : `${total} submissions`} awaiting verification`}
            captionClassName="govuk-table__caption--m"
            head={[
              { children: "Person" },
              { children: "Course" },
              { children: "Completed" },
              { children: "Evidence" },
              { children: "Sent" },
            ]}
            rows={rows.map((e) => [
              {
                children: (
                  <a className="govuk-link" href={`/evidence/${e.id}`}>
                    {e.personName}
                    <span className="govuk-visually-hidden">: {e.courseTitle}</span>
                  </a>
                ),
              },
              { children: e.courseTitle },
              { children: formatDate(e.completedOn) },
              { children: EVIDENCE_KIND_LABELS[e.kind] },
              { children: formatDate(e.submittedAt) },
            ])}
          />
          {pages > 1 ? <Pagination {...paginationLinks({ page, pages, href: (n) => `/evidence?page=${n}` })} /> : null}
        </>
      )}
    </>
  );
}
