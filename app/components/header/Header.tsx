import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface HeaderProps extends HTMLAttributes<HTMLDivElement> {
  /** Where the logo links to (GOV.UK `url`), `/` by default. */
  url?: string;
  /** The council's name, as text or a logo (GOV.UK `logoText` / `logoHtml`). */
  children: ReactNode;
  /** Classes for the inner container (GOV.UK `containerClasses`), `govuk-width-container` by default. */
  containerClassName?: string;
  /** At the right of the header: who is signed in and the way to sign out. */
  account?: ReactNode;
}

/**
 * Header for a service that is not on GOV.UK: GOV.UK Frontend's Generic header
 * (6.3+), with the council's name in place of the GOV.UK logo. No crown, and
 * none of GOV.UK's logotype or logo classes (the crown).
 * Put the service name and navigation in a `ServiceNavigation` after it.
 */
export function Header({ url = "/", containerClassName, className, account, children, ...attributes }: HeaderProps) {
  return (
    <div className={cx("govuk-generic-header", className)} {...attributes}>
      <div className={cx("govuk-generic-header__container", containerClassName || "govuk-width-container")}>
        <div className="govuk-generic-header__logo">
          <a href={url} className="govuk-generic-header__homepage-link">
            {children}
          </a>
        </div>
        {account ? <div className="app-header-account">{account}</div> : null}
      </div>
    </div>
  );
}
