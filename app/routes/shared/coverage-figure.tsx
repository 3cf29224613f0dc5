import type { CoverageCell } from "../../domain/coverage/coverage-sql";
import { cellLabel } from "../../domain/coverage/labels";

const NO_BREAK = { whiteSpace: "nowrap" } as const;

/**
 * A coverage figure, "80.5% (33 of 41)", kept on one line. Where the requirement applies to no one
 * it says "n/a" (read out as "not applicable"), not "No one", which reads like 0%: pages showing
 * it carry NotApplicableKey near the table.
 */
export function CoverageFigure({ cell }: { cell: CoverageCell }) {
  if (cell.applicable === 0) {
    return (
      <>
        <span aria-hidden="true">n/a</span>
        <span className="govuk-visually-hidden">not applicable</span>
      </>
    );
  }
  return <span style={NO_BREAK}>{cellLabel(cell)}</span>;
}

/** The key to "n/a" in a table of coverage figures. */
export function NotApplicableKey({ where }: { where: string }) {
  return (
    <p className="govuk-body-s">
      <abbr title="not applicable">n/a</abbr>: not applicable, the requirement applies to no one {where}. Figures are
      the share current, then how many are current of those it applies to.
    </p>
  );
}
