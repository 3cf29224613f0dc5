import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Privacy notice");

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          The council keeps records of Prevent and safeguarding training to meet its duty under section 26 of the
          Counter-Terrorism and Security Act 2015 to have due regard to the need to prevent people from being drawn into
          terrorism, and its safeguarding duties. Processing is necessary for a task carried out in the public interest
          (UK GDPR Article 6(1)(e)).
        </p>
        <h2 className="govuk-heading-m">What we hold</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name, work email address, job title, organisation, line manager and start and leaving dates</li>
          <li>the training you have booked, attended or completed, and the certificates issued for it</li>
          <li>a record of changes made to your training record and who made them</li>
        </ul>
        <h2 className="govuk-heading-m">Who can see it</h2>
        <p className="govuk-body">
          You can see your own record. Your managers can see the training of the people who report to them. Trainers see
          the people booked on their sessions. The Prevent Education Officer sees the training of school staff. The
          Prevent Coordinator sees all records. Figures reported to the Prevent Delivery Group and the Safer Communities
          Partnership Board are counts, not names.
        </p>
        <h2 className="govuk-heading-m">Certificates</h2>
        <p className="govuk-body">
          Each certificate has a code that anyone can check on this service. A check shows only what is printed on the
          certificate: your name, the course and its dates.
        </p>
        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Training records are kept for 6 years after your employment or contract ends, longer for roles that work with
          children or adults at risk. After that only counts are kept.
        </p>
        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can ask for a copy of your record, ask us to correct it, or complain to the council’s Data Protection
          Officer or to the Information Commissioner’s Office.
        </p>
      </div>
    </div>
  );
}
