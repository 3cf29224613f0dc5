import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { BackLink, Button, NotificationBanner, Table } from "../components";
import { describeAudience, renewalLabel } from "../domain/requirements/describe-audience";
import { listRequirements } from "../domain/requirements/list-requirements";
import { formatDate } from "../lib/dates";
import { pageTitle } from "../lib/page-title";
import { EXPIRY_RULE } from "./shared/requirement-fields";
import { readQuery } from "../lib/request";

export const meta: MetaFunction = () => pageTitle("Requirements");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "requirements:manage");
  const retired = readQuery(request).get("retired");
  const requirements = await listRequirements(db, { includeRetired: true });
  return {
    retiredName: retired ? (requirements.find((r) => String(r.id) === retired && r.retiredAt)?.name ?? null) : null,
    requirements: requirements.map((r) => ({
      id: r.id,
      name: r.name,
      audience: describeAudience(r),
      courses: r.courses.map((c) => c.title),
      dueWithinDays: r.dueWithinDays,
      renewal: renewalLabel(r.renewalMonths),
      retiredAt: r.retiredAt,
    })),
  };
}

export default function Requirements() {
  const { requirements, retiredName } = useLoaderData<typeof loader>();
  const live = requirements.filter((r) => !r.retiredAt);
  const retired = requirements.filter((r) => r.retiredAt);
  const rows = (list: typeof requirements) =>
    list.map((r) => [
      {
        children: (
          <a className="govuk-link" href={`/admin/requirements/${r.id}`}>
            {r.name}
          </a>
        ),
      },
      {
        children: (
          <ul className="govuk-list govuk-!-margin-bottom-0">
            {r.audience.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ),
      },
      {
        children: (
          <ul className="govuk-list govuk-!-margin-bottom-0">
            {r.courses.map((title) => (
              <li key={title}>{title}</li>
            ))}
          </ul>
        ),
      },
      { children: `Within ${r.dueWithinDays} days of starting. Renew: ${r.renewal.toLowerCase()}.` },
      ...(r.retiredAt ? [{ children: formatDate(r.retiredAt) }] : []),
    ]);
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      {retiredName ? (
        <NotificationBanner type="success" titleId="retired-title">
          <h3 className="govuk-notification-banner__heading">“{retiredName}” has been retired</h3>
          <p className="govuk-body">It no longer applies to anyone. Compliance on earlier dates still counts it.</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Requirements</h1>
      <p className="govuk-body">Who must hold which training, by when, and how often they renew it. {EXPIRY_RULE}</p>
      <Button href="/admin/requirements/new">Add a requirement</Button>
      {live.length === 0 ? (
        <p className="govuk-body">There are no live requirements yet.</p>
      ) : (
        <Table
          caption="Live requirements"
          captionClassName="govuk-table__caption--m"
          head={[
            { children: "Requirement" },
            { children: "Who" },
            { children: "Courses (any one)" },
            { children: "When" },
          ]}
          rows={rows(live)}
        />
      )}
      {retired.length > 0 ? (
        <Table
          caption="Retired requirements"
          captionClassName="govuk-table__caption--m"
          head={[
            { children: "Requirement" },
            { children: "Who" },
            { children: "Courses (any one)" },
            { children: "When" },
            { children: "Retired" },
          ]}
          rows={rows(retired)}
        />
      ) : null}
    </>
  );
}
