import { useEffect, useRef, type AnchorHTMLAttributes, type HTMLAttributes, type ReactNode } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface ErrorSummaryItem extends TextOrChildren, Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  /** Usually `#${id}` of the field in error. Without it the item is plain text. */
  href?: string;
}

export interface ErrorSummaryProps extends HTMLAttributes<HTMLDivElement> {
  /** "There is a problem" by default (GOV.UK `titleText` / `titleHtml`). */
  titleText?: ReactNode;
  /** Optional text above the list (GOV.UK `descriptionText` / `descriptionHtml`). */
  descriptionText?: ReactNode;
  errorList?: ErrorSummaryItem[];
  /** Stops the summary taking focus when it appears. */
  disableAutoFocus?: boolean;
}

/**
 * GOV.UK error summary. GOV.UK's JavaScript (`data-module="govuk-error-summary"`)
 * moves focus to it when it initialises it, i.e. on page load and when it first
 * appears after a client-side navigation. When the summary stays on the page
 * and its errors change (a second failed submission), this component moves
 * focus to it again in the same way (tabindex="-1", removed on blur).
 */
export function ErrorSummary({
  titleText = "There is a problem",
  descriptionText,
  errorList = [],
  disableAutoFocus,
  className,
  children,
  ...attributes
}: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const errorsKey = errorList.map((item) => `${item.href ?? ""}|${item.text ?? ""}`).join("\n");
  const firstRender = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again only when the errors shown change (errorsKey), not on every render
  useEffect(() => {
    if (firstRender.current) {
      // On mount GOV.UK's JavaScript does the focusing when it initialises the component.
      firstRender.current = false;
      return;
    }
    const element = ref.current;
    if (disableAutoFocus || !element || !element.hasAttribute("data-govuk-error-summary-init")) return;
    if (!element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
      element.addEventListener("blur", () => element.removeAttribute("tabindex"), { once: true });
    }
    element.focus();
  }, [errorsKey, disableAutoFocus]);

  // GOV.UK: a page with errors starts its title with "Error: ". Route meta cannot see a failed
  // post's errors, so the summary adds the prefix while it is shown.
  useEffect(() => {
    if (errorList.length === 0 || document.title.startsWith("Error: ")) return;
    document.title = `Error: ${document.title}`;
    return () => {
      document.title = document.title.replace(/^Error: /, "");
    };
  }, [errorList.length]);

  const description = descriptionText ?? children;
  return (
    <div
      ref={ref}
      className={cx("govuk-error-summary", className)}
      data-disable-auto-focus={disableAutoFocus === undefined ? undefined : String(disableAutoFocus)}
      {...attributes}
      data-module="govuk-error-summary"
    >
      <div role="alert">
        <h2 className="govuk-error-summary__title">{titleText}</h2>
        <div className="govuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          {errorList.length > 0 ? (
            <ul className="govuk-list govuk-error-summary__list">
              {errorList.map(({ href, text, children: itemChildren, ...linkAttributes }, index) => (
                <li key={`${href ?? ""}-${index}`}>
                  {href ? (
                    <a href={href} {...linkAttributes}>
                      {content({ text, children: itemChildren })}
                    </a>
                  ) : (
                    content({ text, children: itemChildren })
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}
