import type { AnchorHTMLAttributes, HTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface FooterLink extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  href: string;
  text: string;
}

export interface FooterNavigationSection {
  title: string;
  width?: string;
  columns?: number;
  items: FooterLink[];
}

export interface FooterProps extends HTMLAttributes<HTMLDivElement> {
  navigation?: FooterNavigationSection[];
  meta?: {
    items?: FooterLink[];
    /** Heading for the meta links, visually hidden; "Support links" by default. */
    visuallyHiddenTitle?: string;
    /** Extra meta content (GOV.UK `meta.text` / `meta.html`). */
    children?: ReactNode;
  };
  /**
   * Licence line. Unlike GOV.UK's footer there is no default (no Open Government
   * Licence text or logo): nothing is shown unless given.
   */
  contentLicence?: ReactNode;
  /** Copyright line, e.g. "© Example Borough Council". No Royal Arms crest. */
  copyright?: ReactNode;
  containerClassName?: string;
}

/**
 * GOV.UK footer for a council service: no crown, no crest, no Open Government
 * Licence unless `contentLicence` is given.
 */
export function Footer({
  navigation,
  meta,
  contentLicence,
  copyright,
  containerClassName,
  className,
  ...attributes
}: FooterProps) {
  return (
    <div className={cx("govuk-footer", className)} {...attributes}>
      <div className={cx("govuk-width-container", containerClassName)}>
        {navigation && navigation.length > 0 ? (
          <>
            <div className="govuk-footer__navigation">
              {navigation.map((nav) => (
                <div key={nav.title} className={`govuk-footer__section govuk-grid-column-${nav.width || "full"}`}>
                  <h2 className="govuk-footer__heading govuk-heading-m">{nav.title}</h2>
                  {nav.items.length > 0 ? (
                    <ul
                      className={cx(
                        "govuk-footer__list",
                        nav.columns ? `govuk-footer__list--columns-${nav.columns}` : undefined,
                      )}
                    >
                      {nav.items.map(({ href, text, ...linkAttributes }) => (
                        <li key={href} className="govuk-footer__list-item">
                          <a className="govuk-footer__link" href={href} {...linkAttributes}>
                            {text}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ))}
            </div>
            <hr className="govuk-footer__section-break" />
          </>
        ) : null}
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            {meta ? (
              <>
                <h2 className="govuk-visually-hidden">{meta.visuallyHiddenTitle || "Support links"}</h2>
                {meta.items && meta.items.length > 0 ? (
                  <ul className="govuk-footer__inline-list">
                    {meta.items.map(({ href, text, ...linkAttributes }) => (
                      <li key={href} className="govuk-footer__inline-list-item">
                        <a className="govuk-footer__link" href={href} {...linkAttributes}>
                          {text}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {meta.children ? <div className="govuk-footer__meta-custom">{meta.children}</div> : null}
              </>
            ) : null}
            {contentLicence ? <span className="govuk-footer__licence-description">{contentLicence}</span> : null}
          </div>
          {copyright ? <div className="govuk-footer__meta-item">{copyright}</div> : null}
        </div>
      </div>
    </div>
  );
}
