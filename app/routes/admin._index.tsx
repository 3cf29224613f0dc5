import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guards.server";
import { type Action, can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Administration");

/**
 * The `gathered` ones are the navigation's items that Administration stands for (app/auth/navigation):
 * listed for those who have administration to do, not a way into the hub for anyone else.
 */
const SECTIONS: Array<{ href: string; title: string; description: string; action: Action; gathered?: boolean }> = [
  {
    href: "/evidence",
    title: "Evidence to verify",
    description: "Accept or refuse the evidence people send of training they did elsewhere.",
    action: "evidence:verify",
    gathered: true,
  },
  {
    href: "/trainer/sessions",
    title: "Registers",
    description: "Take or correct the register of any session, today's first.",
    action: "register:take",
    gathered: true,
  },
  {
    href: "/evaluations",
    title: "Evaluations",
    description:
      "What learners said about the sessions: confidence before and after, each question's scores, their words.",
    action: "evaluations:view-results",
    gathered: true,
  },
  {
    href: "/team",
    title: "Everyone's training",
    description: "Each person's training against what their role needs, by organisation, and as a spreadsheet.",
    action: "team:view-compliance",
    gathered: true,
  },
  {
    href: "/certificates/bulk",
    title: "Download certificates",
    description: "Download the certificates of a group of people or a session as one zip file.",
    action: "certificates:bulk-download",
    gathered: true,
  },
  {
    href: "/admin/courses",
    title: "Courses",
    description: "Add courses to the catalogue, change them, and retire the ones no longer delivered.",
    action: "catalogue:manage",
  },
  {
    href: "/admin/sessions",
    title: "Sessions",
    description: "Schedule, change and cancel sessions, and see how full they are and who attended.",
    action: "sessions:manage",
  },
  {
    href: "/admin/requirements",
    title: "Requirements",
    description: "Decide who must complete which training, by when, and how often to renew it.",
    action: "requirements:manage",
  },
  {
    href: "/admin/completions/new",
    title: "Record a completion",
    description:
      "Record training done elsewhere (another council's session, a school's in-service day) for one person or a list, with its evidence.",
    action: "completion:record",
  },
  {
    href: "/admin/imports",
    title: "Imports",
    description: "Bring in the HR roster, schools from the DfE register and past training records from CSV files.",
    action: "imports:manage",
  },
  {
    href: "/admin/charges",
    title: "Charges",
    description:
      "What organisations owe each quarter for no-shows and late cancellations, for invoicing, and the rates for each kind of organisation.",
    action: "charges:manage",
  },
  {
    href: "/admin/certificate-branding",
    title: "Certificate design",
    description: "The council’s logo and the signature that certificates carry.",
    action: "certificates:branding",
  },
  {
    href: "/admin/bank-holidays",
    title: "Bank holidays",
    description: "The England and Wales bank holidays that booking cut-offs count working days around.",
    action: "bank-holidays:manage",
  },
  {
    href: "/admin/kpis",
    title: "KPI targets",
    description: "Set the targets the quarterly figures are reported against.",
    action: "kpis:manage",
  },
  {
    href: "/admin/accounts",
    title: "Accounts",
    description: "Find an account, grant and remove its roles, end its sessions, or deactivate it.",
    action: "accounts:manage",
  },
  {
    href: "/admin/audit",
    title: "Audit log",
    description: "See who changed what and when, with each record before and after.",
    action: "audit:view",
  },
  {
    href: "/admin/outbox",
    title: "Outbox",
    description: "See every message owed by e-mail: sent through GOV.UK Notify, waiting, failed or skipped, and why.",
    action: "notifications:view-outbox",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const permitted = SECTIONS.filter((section) => can(user, section.action));
  if (!permitted.some((section) => !section.gathered)) forbidden("catalogue:manage");
  const sections = permitted.map(({ action: _action, gathered: _gathered, ...section }) => section);
  return { sections };
}

export default function AdministrationHub() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Administration</h1>
        <ul className="govuk-list">
          {sections.map((section) => (
            <li key={section.href} className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-m govuk-!-margin-bottom-1">
                <a className="govuk-link" href={section.href}>
                  {section.title}
                </a>
              </h2>
              <p className="govuk-body">{section.description}</p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
