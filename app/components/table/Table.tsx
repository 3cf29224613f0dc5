import { type ReactNode, type TableHTMLAttributes, type TdHTMLAttributes, type ThHTMLAttributes, useId } from "react";
import { content, cx, type TextOrChildren } from "../utils";

export interface TableHeadCell extends TextOrChildren, Omit<ThHTMLAttributes<HTMLTableCellElement>, "children"> {
  format?: "numeric";
}

export interface TableCell extends TextOrChildren, Omit<TdHTMLAttributes<HTMLTableCellElement>, "children"> {
  format?: "numeric";
  /** Render this cell as a row header (`<th scope="row">`), wherever it is in the row. */
  header?: boolean;
}

export interface TableProps extends TableHTMLAttributes<HTMLTableElement> {
  caption?: ReactNode;
  /** e.g. `govuk-table__caption--m`. */
  captionClassName?: string;
  head?: TableHeadCell[];
  rows: Array<Array<TableCell> | null | false | undefined>;
  /** The first cell of each row is a row header. */
  firstCellIsHeader?: boolean;
}

/**
 * A table as pages show it: GovukTable in a box that scrolls sideways when the table is wider than
 * the screen (WCAG 1.4.10: at 320 px only the table scrolls, not the page). The box takes the
 * keyboard's focus, so it can be scrolled without a mouse, and is a region named by `label` or by
 * the caption.
 */
export function Table({ label, ...table }: TableProps & { label?: string }) {
  const captionId = useId();
  const named = label !== undefined || Boolean(table.caption);
  return (
    <div
      className="app-table-wrapper"
      tabIndex={0}
      role={named ? "region" : undefined}
      aria-label={label}
      aria-labelledby={label === undefined && table.caption ? captionId : undefined}
    >
      <GovukTable {...table} captionId={captionId} />
    </div>
  );
}

/** GOV.UK Frontend's table, as its macro draws it (tests/unit/components.test.tsx). */
export function GovukTable({
  caption,
  captionClassName,
  captionId,
  head,
  rows,
  firstCellIsHeader,
  className,
  ...attributes
}: TableProps & { captionId?: string }) {
  return (
    <table className={cx("govuk-table", className)} {...attributes}>
      {caption ? (
        <caption id={captionId} className={cx("govuk-table__caption", captionClassName)}>
          {caption}
        </caption>
      ) : null}
      {head ? (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map(({ format, className: cellClassName, text, children, ...cellAttributes }, index) => (
              <th
                key={index}
                scope="col"
                className={cx("govuk-table__header", format && `govuk-table__header--${format}`, cellClassName)}
                {...cellAttributes}
              >
                {content({ text, children })}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody className="govuk-table__body">
        {rows.map((row, rowIndex) =>
          row ? (
            <tr key={rowIndex} className="govuk-table__row">
              {row.map(({ format, header, className: cellClassName, text, children, ...cellAttributes }, index) =>
                header || (index === 0 && firstCellIsHeader) ? (
                  <th
                    key={index}
                    scope="row"
                    className={cx("govuk-table__header", cellClassName)}
                    {...(cellAttributes as ThHTMLAttributes<HTMLTableCellElement>)}
                  >
                    {content({ text, children })}
                  </th>
                ) : (
                  <td
                    key={index}
                    className={cx("govuk-table__cell", format && `govuk-table__cell--${format}`, cellClassName)}
                    {...cellAttributes}
                  >
                    {content({ text, children })}
                  </td>
                ),
              )}
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );
}
