import type { AnchorHTMLAttributes, HTMLAttributes, ReactNode } from "react";
import { cx } from "../utils";

export interface TabsItem extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children" | "id"> {
  /** Id of the panel; defaults to `${idPrefix}-${n}`. */
  id?: string;
  label: ReactNode;
  /** Panel content; a string is wrapped in `<p class="govuk-body">` (GOV.UK `panel.text`). */
  panel: HTMLAttributes<HTMLDivElement>;
}

export interface TabsProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  idPrefix?: string;
  /** Heading of the tabs' contents list, "Contents" by default. */
  title?: ReactNode;
  items?: Array<TabsItem | null | false | undefined>;
}

/**
 * GOV.UK tabs. Without JavaScript they are a list of links to the panels below.
 * The first panel is shown; GOV.UK's JavaScript switches them.
 */
export function Tabs({ idPrefix, title = "Contents", items = [], className, ...attributes }: TabsProps) {
  const visible = items.filter((item): item is TabsItem => Boolean(item));
  const panelId = (item: TabsItem, index: number) => item.id || `${idPrefix}-${index + 1}`;
  return (
    <div className={cx("govuk-tabs", className)} {...attributes} data-module="govuk-tabs">
      <h2 className="govuk-tabs__title">{title}</h2>
      {visible.length > 0 ? (
        <>
          <ul className="govuk-tabs__list">
            {visible.map((item, index) => {
              const { id: _id, label, panel: _panel, ...linkAttributes } = item;
              return (
                <li
                  key={panelId(item, index)}
                  className={cx("govuk-tabs__list-item", index === 0 && "govuk-tabs__list-item--selected")}
                >
                  <a className="govuk-tabs__tab" href={`#${panelId(item, index)}`} {...linkAttributes}>
                    {label}
                  </a>
                </li>
              );
            })}
          </ul>
          {visible.map((item, index) => {
            const { children, className: panelClassName, ...panelAttributes } = item.panel;
            return (
              <div
                key={panelId(item, index)}
                className={cx("govuk-tabs__panel", index > 0 && "govuk-tabs__panel--hidden", panelClassName)}
                id={panelId(item, index)}
                {...panelAttributes}
              >
                {typeof children === "string" ? <p className="govuk-body">{children}</p> : children}
              </div>
            );
          })}
        </>
      ) : null}
    </div>
  );
}
