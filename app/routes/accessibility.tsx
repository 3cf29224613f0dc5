import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "../lib/page-title";

export const meta: MetaFunction = () => pageTitle("Accessibility statement");

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Prevent Training Tracker</h1>
        <p className="govuk-body">
          This statement applies to the council’s Prevent Training Tracker. We want as many people as possible to be
          able to use it. For example, you should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>navigate the whole service using speech recognition software</li>
          <li>use the service with a screen reader</li>
        </ul>
        <p className="govuk-body">
          The service is built with the GOV.UK Design System’s components and patterns, which are tested with assistive
          technologies. Every page is checked automatically against the Web Content Accessibility Guidelines (WCAG) 2.2
          level AA before each release.
        </p>
        <h2 className="govuk-heading-m">Charts</h2>
        <p className="govuk-body">
          Every chart has a text description and the same figures in a table, which you can open below the chart.
        </p>
        <h2 className="govuk-heading-m">Documents</h2>
        <p className="govuk-body">
          Certificates and printable registers are PDF documents with selectable text, a title and a language set. If
          you need a document in another format, ask the Prevent Coordinator.
        </p>
        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem that is not listed on this page or think we are not meeting accessibility requirements,
          contact the Prevent Coordinator. We will reply within 10 working days.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we
          respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
      </div>
    </div>
  );
}
