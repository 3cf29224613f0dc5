import type { AnchorHTMLAttributes, HTMLAttributes } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface PaginationLink extends TextOrChildren, Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  href: string;
  /** Shown under the link text when there are no numbered items (block style). */
  labelText?: string;
}

export interface PaginationItem extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  number?: number | string;
  href?: string;
  current?: boolean;
  /** An ellipsis (⋯) instead of a link. */
  ellipsis?: boolean;
  /** `aria-label` of the link, "Page N" by default. */
  visuallyHiddenText?: string;
}

export interface PaginationProps extends HTMLAttributes<HTMLElement> {
  previous?: PaginationLink;
  next?: PaginationLink;
  items?: Array<PaginationItem | null | undefined>;
  /** `aria-label` of the nav, "Pagination" by default. */
  landmarkLabel?: string;
}

function ArrowPrevious() {
  return (
    <svg
      className="govuk-pagination__icon govuk-pagination__icon--prev"
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
    </svg>
  );
}

function ArrowNext() {
  return (
    <svg
      className="govuk-pagination__icon govuk-pagination__icon--next"
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
    </svg>
  );
}

function ArrowLink({ link, type, blockLevel }: { link: PaginationLink; type: "prev" | "next"; blockLevel: boolean }) {
  const { href, labelText, text, children, className, ...attributes } = link;
  const label = content({ text, children }) ?? (
    <>
      {type === "prev" ? "Previous" : "Next"}
      <span className="govuk-visually-hidden"> page</span>
    </>
  );
  return (
    <div className={`govuk-pagination__${type}`}>
      <a className={cx("govuk-link govuk-pagination__link", className)} href={href} rel={type} {...attributes}>
        {type === "prev" ? <ArrowPrevious /> : blockLevel ? <ArrowNext /> : null}
        <span
          className={cx(
            "govuk-pagination__link-title",
            blockLevel && !labelText && "govuk-pagination__link-title--decorated",
          )}
        >
          {label}
        </span>
        {labelText && blockLevel ? (
          <>
            <span className="govuk-visually-hidden">:</span>
            <span className="govuk-pagination__link-label">{labelText}</span>
          </>
        ) : null}
        {!blockLevel && type === "next" ? <ArrowNext /> : null}
      </a>
    </div>
  );
}

/** GOV.UK pagination: previous/next links, with or without numbered pages. */
export function Pagination({ previous, next, items, landmarkLabel, className, ...attributes }: PaginationProps) {
  const blockLevel = !items && Boolean(next || previous);
  return (
    <nav
      className={cx("govuk-pagination", blockLevel && "govuk-pagination--block", className)}
      aria-label={landmarkLabel || "Pagination"}
      {...attributes}
    >
      {previous?.href ? <ArrowLink link={previous} type="prev" blockLevel={blockLevel} /> : null}
      {items ? (
        <ul className="govuk-pagination__list">
          {items.map((item, index) => {
            if (!item || Object.keys(item).length === 0) return null;
            const {
              number,
              href,
              current,
              ellipsis,
              visuallyHiddenText,
              className: itemClassName,
              ...itemAttributes
            } = item;
            return (
              <li
                key={index}
                className={cx(
                  "govuk-pagination__item",
                  current && "govuk-pagination__item--current",
                  ellipsis && "govuk-pagination__item--ellipsis",
                )}
              >
                {ellipsis ? (
                  "\u22ef"
                ) : (
                  <a
                    className={cx("govuk-link govuk-pagination__link", itemClassName)}
                    href={href}
                    aria-label={visuallyHiddenText ?? `Page ${number}`}
                    aria-current={current ? "page" : undefined}
                    {...itemAttributes}
                  >
                    {number}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {next?.href ? <ArrowLink link={next} type="next" blockLevel={blockLevel} /> : null}
    </nav>
  );
}
