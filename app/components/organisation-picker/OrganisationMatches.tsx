import type { OrganisationPickerChoice } from "./OrganisationPicker";

export interface OrganisationMatchesProps {
  /** The words typed. */
  typed: string;
  matches: OrganisationPickerChoice[];
  /** The address that chooses an organisation (the same page with it chosen). */
  hrefFor: (organisationId: number) => string;
  /** The matches stop at the search's limit: there may be more. */
  more?: boolean;
}

/**
 * The picker without JavaScript: words that matched several organisations come back as links,
 * each choosing one. Nothing when nothing matched several.
 */
export function OrganisationMatches({ typed, matches, hrefFor, more = false }: OrganisationMatchesProps) {
  if (matches.length === 0) return null;
  return (
    <div className="govuk-inset-text">
      <h2 className="govuk-heading-s">Organisations matching “{typed}”</h2>
      <ul className="govuk-list">
        {matches.map((o) => (
          <li key={o.id}>
            <a className="govuk-link" href={hrefFor(o.id)}>
              {o.label}
            </a>
          </li>
        ))}
      </ul>
      {more ? (
        <p className="govuk-body">These are the first {matches.length}: type more of the name to find others.</p>
      ) : null}
    </div>
  );
}
