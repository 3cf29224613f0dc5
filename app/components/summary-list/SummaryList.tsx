import type { AnchorHTMLAttributes, HTMLAttributes, ReactNode } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface SummaryListAction extends TextOrChildren, Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children"> {
  href: string;
  /** Appended in a visually hidden span, e.g. "name" for "Change name". */
  visuallyHiddenText?: string;
}

export interface SummaryListActions {
  items: SummaryListAction[];
  className?: string;
}

export interface SummaryListRow {
  key: { children: ReactNode; className?: string };
  value: { children: ReactNode; className?: string };
  actions?: SummaryListActions;
  className?: string;
}

export interface SummaryCard extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  title?: { children: ReactNode; headingLevel?: 2 | 3 | 4 | 5 | 6; className?: string };
  actions?: SummaryListActions;
}

export interface SummaryListProps extends HTMLAttributes<HTMLDListElement> {
  rows: Array<SummaryListRow | null | false | undefined>;
  /** Wraps the list in a summary card. */
  card?: SummaryCard;
}

function ActionLink({
  action: { href, text, children, visuallyHiddenText, className, ...attributes },
  cardTitle,
}: {
  action: SummaryListAction;
  cardTitle?: ReactNode;
}) {
  return (
    <a className={cx("govuk-link", className)} href={href} {...attributes}>
      {content({ text, children })}
      {visuallyHiddenText || cardTitle ? (
        <span className="govuk-visually-hidden">
          {visuallyHiddenText ? ` ${visuallyHiddenText}` : null}
          {cardTitle ? <> ({cardTitle})</> : null}
        </span>
      ) : null}
    </a>
  );
}

/** GOV.UK summary list (key, value, optional actions), optionally in a summary card. */
export function SummaryList({ rows, card, className, ...attributes }: SummaryListProps) {
  const visibleRows = rows.filter((row): row is SummaryListRow => Boolean(row));
  const anyRowHasActions = visibleRows.some((row) => (row.actions?.items.length ?? 0) > 0);
  const cardTitle = card?.title?.children;

  const list = (
    <dl className={cx("govuk-summary-list", className)} {...attributes}>
      {visibleRows.map((row, index) => {
        const actions = row.actions?.items ?? [];
        return (
          <div
            key={index}
            className={cx(
              "govuk-summary-list__row",
              anyRowHasActions && actions.length === 0 && "govuk-summary-list__row--no-actions",
              row.className,
            )}
          >
            <dt className={cx("govuk-summary-list__key", row.key.className)}>{row.key.children}</dt>
            <dd className={cx("govuk-summary-list__value", row.value.className)}>{row.value.children}</dd>
            {actions.length > 0 ? (
              <dd className={cx("govuk-summary-list__actions", row.actions?.className)}>
                {actions.length === 1 && actions[0] ? (
                  <ActionLink action={actions[0]} cardTitle={cardTitle} />
                ) : (
                  <ul className="govuk-summary-list__actions-list">
                    {actions.map((action, actionIndex) => (
                      <li key={actionIndex} className="govuk-summary-list__actions-list-item">
                        <ActionLink action={action} cardTitle={cardTitle} />
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );

  if (!card) return list;

  const { title, actions: cardActions, className: cardClassName, ...cardAttributes } = card;
  const Heading = `h${title?.headingLevel ?? 2}` as "h2";
  const cardActionItems = cardActions?.items ?? [];
  return (
    <div className={cx("govuk-summary-card", cardClassName)} {...cardAttributes}>
      <div className="govuk-summary-card__title-wrapper">
        {title ? (
          <Heading className={cx("govuk-summary-card__title", title.className)}>{title.children}</Heading>
        ) : null}
        {cardActionItems.length === 1 && cardActionItems[0] ? (
          <div className={cx("govuk-summary-card__actions", cardActions?.className)}>
            <ActionLink action={cardActionItems[0]} cardTitle={cardTitle} />
          </div>
        ) : cardActionItems.length > 1 ? (
          <ul className={cx("govuk-summary-card__actions", cardActions?.className)}>
            {cardActionItems.map((action, index) => (
              <li key={index} className="govuk-summary-card__action">
                <ActionLink action={action} cardTitle={cardTitle} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="govuk-summary-card__content">{list}</div>
    </div>
  );
}
