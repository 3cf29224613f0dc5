import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OrganisationMatches } from "../../app/components/organisation-picker/OrganisationMatches";

const MATCHES = [
  { id: 12, label: "Housing Needs (Housing and Communities)" },
  { id: 40, label: "Housing Repairs (Housing and Communities)" },
];

describe("the organisation picker's matches without JavaScript", () => {
  it("names the words typed and links each match to the page with it chosen", () => {
    const html = renderToStaticMarkup(
      <OrganisationMatches typed="housing" matches={MATCHES} hrefFor={(id) => `/team?organisationId=${id}`} />,
    );
    expect(html).toContain("Organisations matching “housing”");
    expect(html).toContain(
      '<a class="govuk-link" href="/team?organisationId=12">Housing Needs (Housing and Communities)</a>',
    );
    expect(html).toContain('<a class="govuk-link" href="/team?organisationId=40">');
    expect(html).not.toContain("These are the first");
  });

  it("says when there may be more than it shows", () => {
    const html = renderToStaticMarkup(
      <OrganisationMatches typed="h" matches={MATCHES} hrefFor={(id) => `/x?o=${id}`} more />,
    );
    expect(html).toContain("These are the first 2: type more of the name to find others.");
  });

  it("shows nothing when nothing matched several", () => {
    expect(renderToStaticMarkup(<OrganisationMatches typed="zz" matches={[]} hrefFor={String} />)).toBe("");
  });
});
