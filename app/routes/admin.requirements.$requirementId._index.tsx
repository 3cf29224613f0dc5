import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BackLink, Button, InsetText, NotificationBanner, SummaryList, Tag } from "../components";
import { describeAudience, renewalLabel } from "../domain/requirements/describe-audience";
import { previewRequirement } from "../domain/requirements/preview-requirement";
import { formatDate, todayInLondon } from "../lib/dates";
import { DELIVERY_MODE_LABELS, validityLabel } from "../lib/labels";
import { pageTitle } from "../lib/page-title";
import { EXPIRY_RULE } from "./shared/requirement-fields";
import { requireRequirement } from "./shared/requirement-form.server";
import { readQuery } from "../lib/request";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.requirement.name ?? "Requirement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, requirement } = await requireRequirement(request, params);
  const today = todayInLondon();
  const figures = requirement.retiredAt
    ? null
    : await previewRequirement(db, { ...requirement, courseIds: requirement.courses.map((c) => c.id) }, today);
  return {
    requirement: {
      ...requirement,
      audience: describeAudience(requirement),
      renewal: renewalLabel(requirement.renewalMonths),
    },
    figures,
    saved: readQuery(request).get("saved") === "1",
  };
}

export default function RequirementPage() {
  const { requirement: r, figures, saved } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/requirements">Requirements</BackLink>
        {saved ? <NotificationBanner type="success">Requirement saved</NotificationBanner> : null}
        <span className="govuk-caption-l">Requirement</span>
        <h1 className="govuk-heading-l">{r.name}</h1>
        {r.retiredAt ? (
          <p className="govuk-body">
            <Tag colour="grey">Retired</Tag> on {formatDate(r.retiredAt)}. It no longer applies to anyone.
          </p>
        ) : null}
        {r.description ? <p className="govuk-body-l">{r.description}</p> : null}
        <SummaryList
          rows={[
            {
              key: { children: "Courses (any one)" },
              value: {
                children: (
                  <ul className="govuk-list">
                    {r.courses.map((c) => (
                      <li key={c.id}>
                        <a className="govuk-link" href={`/courses/${c.id}`}>
                          {c.title}
                        </a>{" "}
                        ({DELIVERY_MODE_LABELS[c.deliveryMode].toLowerCase()}, counts for{" "}
                        {validityLabel(c.validityMonths).toLowerCase()})
                      </li>
                    ))}
                  </ul>
                ),
              },
            },
            {
              key: { children: "Who it applies to" },
              value: {
                children: (
                  <ul className="govuk-list">
                    {r.audience.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                ),
              },
            },
            {
              key: { children: "New starters" },
              value: { children: `Within ${r.dueWithinDays} days of their start date` },
            },
            { key: { children: "Renewal" }, value: { children: r.renewal } },
            {
              key: { children: "Expiring soon" },
              value: { children: `From ${r.reminderDays} days before it expires` },
            },
            { key: { children: "Source" }, value: { children: r.source ?? "Not recorded" } },
          ]}
        />
        <InsetText>{EXPIRY_RULE}</InsetText>
        {figures ? (
          <>
            <h2 className="govuk-heading-m">Today</h2>
            <p className="govuk-body">
              It applies to {figures.appliesTo === 1 ? "1 person" : `${figures.appliesTo} people`}: {figures.current}{" "}
              current (including {figures.byStatus.expiring} expiring soon), {figures.byStatus.expired} expired,{" "}
              {figures.byStatus.missing} missing and {figures.byStatus.not_yet_due} new starters not yet due.
            </p>
            <p className="govuk-body">
              <a className="govuk-link" href={`/team?requirementId=${r.id}`}>
                See who, person by person
              </a>
            </p>
            <div className="govuk-button-group">
              <Button href={`/admin/requirements/${r.id}/edit`}>Change this requirement</Button>
              <Button href={`/admin/requirements/${r.id}/retire`} warning>
                Retire this requirement
              </Button>
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}
