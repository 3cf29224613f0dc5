import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requirePermission } from "../auth/guards.server";
import { personScopeFor } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { Breadcrumbs, Pagination, SummaryList, Table, Tag } from "../components";
import { STANDING_COLOURS, STANDING_LABELS, cellLabel } from "../domain/coverage/labels";
import { organisationCoverage } from "../domain/coverage/organisation-coverage";
import { formatDate, todayInLondon } from "../lib/dates";
import { formValues } from "../lib/forms";
import { pageTitle } from "../lib/page-title";
import { pageCount, pageSchema } from "../lib/pagination";
import { NotApplicableKey } from "./shared/coverage-figure";
import { OrganisationCoverageTable } from "./shared/organisation-table";
import { idSchema, isoDateSchema, readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.coverage.organisation.name}: training coverage` : "Training coverage");

const Params = z.object({ organisationId: idSchema });
const Query = z.object({
  date: isoDateSchema.optional().catch(undefined),
  page: pageSchema,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "dashboard:view");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("organisation");
  const query = Query.parse(formValues(readQuery(request)));
  const today = todayInLondon();
  const onDate = query.date && query.date <= today && !Number.isNaN(Date.parse(query.date)) ? query.date : today;
  const scope = personScopeFor(user, "dashboard:view");
  const coverage = await organisationCoverage(db, scope, parsed.data.organisationId, onDate, {
    page: query.page,
  });
  if (!coverage) notFound("organisation");
  // Whose figures these are: everyone's, or only the people in the caller's scope (as the dashboard says).
  return { coverage, today, everyone: scope.kind === "all" };
}

export default function OrganisationCoveragePage() {
  const { coverage, today, everyone } = useLoaderData<typeof loader>();
  const { organisation, people } = coverage;
  const dateQuery = coverage.onDate === today ? "" : `date=${coverage.onDate}`;
  const withDate = (path: string) => (dateQuery ? `${path}?${dateQuery}` : path);
  const pages = pageCount(people.total, people.pageSize);
  const pageHref = (page: number) =>
    `/dashboard/organisations/${organisation.id}?${dateQuery ? `${dateQuery}&` : ""}page=${page}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { text: "Dashboard", href: withDate("/dashboard") },
          ...coverage.ancestry
            .filter((a) => a.id !== organisation.id)
            .map((a) => ({ text: a.name, href: withDate(`/dashboard/organisations/${a.id}`) })),
        ]}
      />
      <span className="govuk-caption-l">
        Training coverage {coverage.onDate === today ? "today" : "on"}, {formatDate(coverage.onDate)}
      </span>
      <h1 className="govuk-heading-l">{organisation.name}</h1>
      <SummaryList
        rows={[
          {
            key: { children: "Frontline Prevent awareness" },
            value: { children: cellLabel(coverage.total.frontline) },
          },
          { key: { children: "All training requirements" }, value: { children: cellLabel(coverage.total.all) } },
        ]}
      />
      <p className="govuk-body-s">
        Figures include {everyone ? "everyone" : "the people you manage"} in {organisation.name} and the teams within
        it. “All training requirements” counts each person once for each requirement that applies to them. New starters
        who are not yet due are left out.
      </p>

      {coverage.children.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Within {organisation.name}</h2>
          <OrganisationCoverageTable
            caption={`Coverage of each part of ${organisation.name}, including everyone within it`}
            captionClassName="govuk-visually-hidden"
            nameHeading="Name"
            rows={coverage.children}
            hrefFor={(id) => withDate(`/dashboard/organisations/${id}`)}
          />
          <NotApplicableKey where="there on this date" />
        </>
      ) : null}

      {people.total > 0 ? (
        <>
          <h2 className="govuk-heading-m">People in {organisation.name}</h2>
          <p className="govuk-body">
            {people.total === 1 ? "1 person" : `${people.total.toLocaleString("en-GB")} people`} attached to{" "}
            {organisation.name} itself{pages > 1 ? `. Page ${people.page} of ${pages}` : ""}.
          </p>
          <Table
            caption={`People in ${organisation.name} and their training`}
            captionClassName="govuk-visually-hidden"
            head={[
              { children: "Name" },
              { children: "Job title" },
              { children: "Requirements met", format: "numeric" },
              { children: "Status" },
              { children: "Next renewal" },
            ]}
            rows={people.rows.map((p) => [
              {
                children: (
                  <a className="govuk-link" href={`/people/${p.personId}`}>
                    {p.name}
                  </a>
                ),
              },
              { children: p.jobTitle ?? "" },
              { children: p.applicable === 0 ? "None apply" : `${p.current} of ${p.applicable}`, format: "numeric" },
              { children: <Tag colour={STANDING_COLOURS[p.standing]}>{STANDING_LABELS[p.standing]}</Tag> },
              { children: p.nextRenewal ? formatDate(p.nextRenewal) : "" },
            ])}
          />
          {pages > 1 ? (
            <Pagination
              landmarkLabel="Pages of people"
              previous={people.page > 1 ? { href: pageHref(people.page - 1) } : undefined}
              next={people.page < pages ? { href: pageHref(people.page + 1) } : undefined}
            />
          ) : null}
        </>
      ) : null}
      {coverage.children.length === 0 && people.total === 0 ? (
        <p className="govuk-body">Nobody in your figures is attached to {organisation.name} on this date.</p>
      ) : null}
    </>
  );
}
