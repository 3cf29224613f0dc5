import { Details, Table } from "../../components";
import type { TrendPoint } from "../../domain/coverage/coverage-trend";
import { cellLabel, percentLabel } from "../../domain/coverage/labels";
import { formatDate } from "../../lib/dates";
import { lineChartScales, lineRuns } from "../../lib/line-chart";

const SERIES_STYLES = [
  { stroke: "#1d70b8", dash: undefined, name: "solid blue line" },
  { stroke: "#00703c", dash: "10 5", name: "dashed green line" },
  { stroke: "#4c2c92", dash: "3 4", name: "dotted purple line" },
] as const;

const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function shortMonth(iso: string) {
  return `${SHORT_MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** A server-rendered line chart of coverage at each month end. Its figures are in the table after it. */
function TrendChart({ points, series }: { points: TrendPoint[]; series: Array<{ key: string; label: string }> }) {
  const frame = { width: 720, height: 300, left: 52, right: 16, top: 12, bottom: 40 };
  const { width, height, left, right, top } = frame;
  const { x, y } = lineChartScales(frame, points.length);
  const first = points[0]?.date ?? "";
  const last = points.at(-1)?.date ?? "";
  const pathFor = (key: string) =>
    lineRuns(
      points.map((p) => p.values[key]?.percent ?? null),
      { x, y },
    )
      .map((run) => run.map((point, i) => `${i === 0 ? "M" : "L"}${point}`).join(" "))
      .join(" ");
  return (
    <figure className="govuk-!-margin-0">
      <svg
        className="app-chart"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: `${width}px` }}
        role="img"
        aria-labelledby="trend-chart-title trend-chart-desc"
      >
        <title id="trend-chart-title">
          Coverage at each month end from {formatDate(first)} to {formatDate(last)}
        </title>
        <desc id="trend-chart-desc">
          Line chart, 0% to 100%:{" "}
          {series
            .map(
              (s, i) =>
                `${s.label} (${SERIES_STYLES[i]?.name}), ${percentLabel(points.at(-1)?.values[s.key]?.percent ?? null)} on ${formatDate(last)}`,
            )
            .join("; ")}
          . The figures for every month are in the table that follows.
        </desc>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line className="app-chart__gridline" x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} />
            <text x={left - 8} y={y(tick) + 5} textAnchor="end">
              {tick}%
            </text>
          </g>
        ))}
        <line className="app-chart__axis" x1={left} x2={width - right} y1={y(0)} y2={y(0)} />
        <line className="app-chart__axis" x1={left} x2={left} y1={top} y2={y(0)} />
        {points.map((p, i) =>
          (points.length - 1 - i) % 6 === 0 ? (
            <text key={p.date} x={x(i)} y={height - 12} textAnchor={i === points.length - 1 ? "end" : "middle"}>
              {shortMonth(p.date)}
            </text>
          ) : null,
        )}
        {series.map((s, i) => (
          <path
            key={s.key}
            d={pathFor(s.key)}
            fill="none"
            stroke={SERIES_STYLES[i]?.stroke}
            strokeWidth={3}
            strokeDasharray={SERIES_STYLES[i]?.dash}
          />
        ))}
      </svg>
      <figcaption>
        <ul className="govuk-list">
          {series.map((s, i) => (
            <li key={s.key}>
              <svg width="40" height="12" aria-hidden="true" focusable="false">
                <line
                  x1="0"
                  x2="40"
                  y1="6"
                  y2="6"
                  stroke={SERIES_STYLES[i]?.stroke}
                  strokeWidth={3}
                  strokeDasharray={SERIES_STYLES[i]?.dash}
                />
              </svg>{" "}
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** The trend chart followed by the same figures in a table, behind "Show the figures". */
export function TrendChartWithFigures({
  points,
  series,
}: {
  points: TrendPoint[];
  series: Array<{ key: string; label: string }>;
}) {
  return (
    <>
      <TrendChart points={points} series={series} />
      <Details summaryText="Show the figures in a table">
        <div className="app-table-wrapper" tabIndex={0} role="region" aria-label="Coverage at each month end">
          <Table
            caption="Coverage at each month end"
            captionClassName="govuk-table__caption--s"
            firstCellIsHeader
            head={[{ children: "Date" }, ...series.map((s) => ({ children: s.label, format: "numeric" as const }))]}
            rows={points.map((p) => [
              { children: formatDate(p.date) },
              ...series.map((s) => ({ children: cellLabel(p.values[s.key]!), format: "numeric" as const })),
            ])}
          />
        </div>
      </Details>
    </>
  );
}
