import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

interface CommonButtonProps {
  children?: ReactNode;
  className?: string;
  id?: string;
  /** Adds the arrow icon and `govuk-button--start`. */
  isStartButton?: boolean;
  /** Shorthand for `className="govuk-button--secondary"`. */
  secondary?: boolean;
  /** Shorthand for `className="govuk-button--warning"`. */
  warning?: boolean;
  /** Shorthand for `className="govuk-button--inverse"` (on dark backgrounds). */
  inverse?: boolean;
}

export type ButtonAsButtonProps = CommonButtonProps &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, keyof CommonButtonProps> & {
    href?: undefined;
    /** GOV.UK's JavaScript ignores a second click within a second (`data-prevent-double-click`). */
    preventDoubleClick?: boolean;
  };

export type ButtonAsLinkProps = CommonButtonProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof CommonButtonProps> & {
    href: string;
  };

export type ButtonProps = ButtonAsButtonProps | ButtonAsLinkProps;

function StartIcon() {
  return (
    <svg
      className="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  );
}

/** GOV.UK button: a `<button>` (submit by default), or a link styled as a button when `href` is given. */
export function Button(props: ButtonProps) {
  const { children, className, isStartButton, secondary, warning, inverse, ...rest } = props;
  const classNames = cx(
    "govuk-button",
    className,
    secondary && "govuk-button--secondary",
    warning && "govuk-button--warning",
    inverse && "govuk-button--inverse",
    isStartButton && "govuk-button--start",
  );
  // Start buttons use flexbox, which eats whitespace between elements: GOV.UK
  // wraps HTML content in a <span>.
  const text =
    isStartButton && typeof children !== "string" && typeof children !== "number" ? <span>{children}</span> : children;

  if (typeof rest.href === "string") {
    const { href, ...attributes } = rest as ButtonAsLinkProps;
    return (
      <a href={href} role="button" draggable={false} className={classNames} data-module="govuk-button" {...attributes}>
        {text}
        {isStartButton ? <StartIcon /> : null}
      </a>
    );
  }

  const { href: _href, type = "submit", disabled, preventDoubleClick, ...attributes } = rest as ButtonAsButtonProps;
  return (
    <button
      type={type}
      disabled={disabled || undefined}
      aria-disabled={disabled ? "true" : undefined}
      data-prevent-double-click={preventDoubleClick === undefined ? undefined : String(preventDoubleClick)}
      className={classNames}
      data-module="govuk-button"
      {...attributes}
    >
      {text}
      {isStartButton ? <StartIcon /> : null}
    </button>
  );
}
