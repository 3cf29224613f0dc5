import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface NotificationBannerProps extends HTMLAttributes<HTMLDivElement> {
  /** `"success"`: green, `role="alert"`, title "Success"; takes focus on load. */
  type?: "success";
  /** "Important" by default, "Success" for the success variant (GOV.UK `titleText` / `titleHtml`). */
  titleText?: ReactNode;
  titleId?: string;
  titleHeadingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Stops a success banner taking focus when the page loads. */
  disableAutoFocus?: boolean;
}

/**
 * GOV.UK notification banner. A string child is shown as GOV.UK's `text`
 * (in `<p class="govuk-notification-banner__heading">`); other children as `html`.
 */
export function NotificationBanner({
  type,
  titleText,
  titleId = "govuk-notification-banner-title",
  titleHeadingLevel = 2,
  disableAutoFocus,
  role,
  className,
  children,
  ...attributes
}: NotificationBannerProps) {
  const success = type === "success";
  const Heading = `h${titleHeadingLevel}` as "h2";
  return (
    <div
      className={cx("govuk-notification-banner", success && "govuk-notification-banner--success", className)}
      role={role ?? (success ? "alert" : "region")}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
      data-disable-auto-focus={disableAutoFocus === undefined ? undefined : String(disableAutoFocus)}
      {...attributes}
    >
      <div className="govuk-notification-banner__header">
        <Heading className="govuk-notification-banner__title" id={titleId}>
          {titleText ?? (success ? "Success" : "Important")}
        </Heading>
      </div>
      <div className="govuk-notification-banner__content">
        {typeof children === "string" ? <p className="govuk-notification-banner__heading">{children}</p> : children}
      </div>
    </div>
  );
}
