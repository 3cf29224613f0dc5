import { Table } from "../../components";
import type { OrganisationCoverageRow } from "../../domain/kpis/dashboard-data";
import { CoverageFigure } from "./coverage-figure";

/** Organisations (directorates, or the parts of one) with their figures rolled up, each linking to its drill-down. */
export function OrganisationCoverageTable({
  caption,
  captionClassName,
  nameHeading,
  rows,
  hrefFor,
}: {
  caption: string;
  captionClassName: string;
  nameHeading: string;
  rows: OrganisationCoverageRow[];
  hrefFor: (organisationId: number) => string;
}) {
  return (
    <Table
      caption={caption}
      captionClassName={captionClassName}
      firstCellIsHeader
      head={[
        { children: nameHeading },
        { children: "Frontline Prevent awareness", format: "numeric" },
        { children: "All training requirements", format: "numeric" },
      ]}
      rows={rows.map((row) => [
        {
          children: (
            <a className="govuk-link" href={hrefFor(row.organisationId)}>
              {row.name}
            </a>
          ),
        },
        { children: <CoverageFigure cell={row.frontline} />, format: "numeric" },
        { children: <CoverageFigure cell={row.all} />, format: "numeric" },
      ])}
    />
  );
}
