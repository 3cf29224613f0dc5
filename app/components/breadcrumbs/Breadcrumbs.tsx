import type { AnchorHTMLAttributes, HTMLAttributes } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface BreadcrumbsItem extends TextOrChildren, Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  /** Without `href` the item is the current page (`aria-current="page"`). */
  href?: string;
}

export interface BreadcrumbsProps extends HTMLAttributes<HTMLElement> {
  items: BreadcrumbsItem[];
  collapseOnMobile?: boolean;
  /** `aria-label` of the nav, "Breadcrumb" by default. */
  labelText?: string;
}

/** GOV.UK breadcrumbs. */
export function Breadcrumbs({
  items,
  collapseOnMobile,
  labelText = "Breadcrumb",
  className,
  ...attributes
}: BreadcrumbsProps) {
  return (
    <nav
      className={cx("govuk-breadcrumbs", className, collapseOnMobile && "govuk-breadcrumbs--collapse-on-mobile")}
      {...attributes}
      aria-label={labelText}
    >
      <ol className="govuk-breadcrumbs__list">
        {items.map(({ href, text, children, ...linkAttributes }, index) =>
          href ? (
            <li key={index} className="govuk-breadcrumbs__list-item">
              <a className="govuk-breadcrumbs__link" href={href} {...linkAttributes}>
                {content({ text, children })}
              </a>
            </li>
          ) : (
            <li key={index} className="govuk-breadcrumbs__list-item" aria-current="page">
              {content({ text, children })}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
