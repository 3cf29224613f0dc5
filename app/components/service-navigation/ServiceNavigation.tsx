import type { HTMLAttributes, ReactNode } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface ServiceNavigationItem extends TextOrChildren, Omit<HTMLAttributes<HTMLAnchorElement>, "children"> {
  href?: string;
  /** The page the user is on: active style and `aria-current="page"`. */
  current?: boolean;
  /** The user is in this section, not on its page: active style and `aria-current="true"`. */
  active?: boolean;
}

export interface ServiceNavigationProps extends HTMLAttributes<HTMLElement> {
  serviceName?: ReactNode;
  serviceUrl?: string;
  navigation?: Array<ServiceNavigationItem | null | false | undefined>;
  /** `aria-label` of the section when there is a service name, "Service information" by default. */
  ariaLabel?: string;
  menuButtonText?: string;
  menuButtonLabel?: string;
  navigationLabel?: string;
  navigationId?: string;
  navigationClassName?: string;
  /** Collapse the navigation behind a menu button on small screens; true by default when there is more than one item. */
  collapseNavigationOnMobile?: boolean;
  slots?: { start?: ReactNode; end?: ReactNode; navigationStart?: ReactNode; navigationEnd?: ReactNode };
}

/** GOV.UK service navigation: the service name and the main navigation, under the header. */
export function ServiceNavigation({
  serviceName,
  serviceUrl,
  navigation = [],
  ariaLabel = "Service information",
  menuButtonText = "Menu",
  menuButtonLabel,
  navigationLabel,
  navigationId = "navigation",
  navigationClassName,
  collapseNavigationOnMobile,
  slots = {},
  className,
  ...attributes
}: ServiceNavigationProps) {
  const items = navigation.filter((item): item is ServiceNavigationItem => Boolean(item));
  const collapse = collapseNavigationOnMobile ?? items.length > 1;

  const inner = (
    <div className="govuk-width-container">
      {slots.start}
      <div className="govuk-service-navigation__container">
        {serviceName ? (
          <span className="govuk-service-navigation__service-name">
            {serviceUrl ? (
              <a href={serviceUrl} className="govuk-service-navigation__link">
                {serviceName}
              </a>
            ) : (
              <span className="govuk-service-navigation__text">{serviceName}</span>
            )}
          </span>
        ) : null}
        {items.length > 0 || slots.navigationStart || slots.navigationEnd ? (
          <nav
            aria-label={navigationLabel || menuButtonText}
            className={cx("govuk-service-navigation__wrapper", navigationClassName)}
          >
            {collapse ? (
              <button
                type="button"
                className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls={navigationId}
                aria-label={menuButtonLabel && menuButtonLabel !== menuButtonText ? menuButtonLabel : undefined}
                hidden
                aria-hidden="true"
              >
                {menuButtonText}
              </button>
            ) : null}
            <ul className="govuk-service-navigation__list" id={navigationId}>
              {slots.navigationStart}
              {items.map(({ href, current, active, text, children, ...itemAttributes }, index) => {
                const isActive = Boolean(current || active);
                const label = content({ text, children });
                const linkInner = isActive ? (
                  <strong className="govuk-service-navigation__active-fallback">{label}</strong>
                ) : (
                  label
                );
                const ariaCurrent = isActive ? (current ? "page" : "true") : undefined;
                return (
                  <li
                    key={href ?? index}
                    className={cx(
                      "govuk-service-navigation__item",
                      isActive && "govuk-service-navigation__item--active",
                    )}
                  >
                    {href ? (
                      <a
                        className="govuk-service-navigation__link"
                        href={href}
                        aria-current={ariaCurrent}
                        {...itemAttributes}
                      >
                        {linkInner}
                      </a>
                    ) : label !== undefined && label !== null ? (
                      <span className="govuk-service-navigation__text" aria-current={ariaCurrent}>
                        {linkInner}
                      </span>
                    ) : null}
                  </li>
                );
              })}
              {slots.navigationEnd}
            </ul>
          </nav>
        ) : null}
      </div>
      {slots.end}
    </div>
  );

  const common = {
    className: cx("govuk-service-navigation", className),
    "data-module": "govuk-service-navigation",
    ...attributes,
  };

  return serviceName || slots.start || slots.end ? (
    <section aria-label={ariaLabel} {...common}>
      {inner}
    </section>
  ) : (
    <div {...common}>{inner}</div>
  );
}
