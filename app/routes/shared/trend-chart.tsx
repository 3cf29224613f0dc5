import { Details, Table } from "../../components";
import type { TrendPoint } from "../../domain/coverage/coverage-trend";
import { percentLabel } from "../../domain/coverage/labels";
import { CoverageFigure, NotApplicableKey } from "./coverage-figure";
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

/** A line of the chart: a figure, with its target when it has one (a percentage). */
export interface TrendSeries {
  key: string;
  label: string;
  /** What the chart's labels call it, when the label is long ("School staff"). */
  shortLabel?: string;
  target?: number | null;
}

interface ChartLabel {
  lines: string[];
  colour: string;
  /** Where the label would sit: the height of what it names. */
  y: number;
}

const LINE_HEIGHT = 18;
const LABEL_CHARACTERS = 30;

/** Words into lines of at most LABEL_CHARACTERS, for the labels' gutter (SVG text does not wrap). */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= LABEL_CHARACTERS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Spreads labels down the gutter so none overlaps the next, keeping each as near its line as it can. */
function spreadLabels(labels: ChartLabel[], top: number, bottom: number): Array<ChartLabel & { at: number }> {
  const sorted = [...labels].sort((a, b) => a.y - b.y).map((l) => ({ ...l, at: l.y }));
  sorted.forEach((label, i) => {
    const above = sorted[i - 1];
    if (above) label.at = Math.max(label.at, above.at + above.lines.length * LINE_HEIGHT + 4);
  });
  // Pushed past the bottom: move the stack back up.
  const lowest = sorted.at(-1);
  const overflow = lowest ? lowest.at + (lowest.lines.length - 1) * LINE_HEIGHT - bottom : 0;
  if (overflow > 0) for (const label of sorted) label.at = Math.max(top, label.at - overflow);
  return sorted;
}

/**
 * A server-rendered line chart of coverage at each month end, each line labelled at its end and
 * each figure's target drawn as a thin line of the same colour, labelled too (no legend to match
 * up). Its figures are in the table after it.
 */
// The title is one text node: React warns of (and browsers show) anything else in a title.
function TrendChart({ points, series }: { points: TrendPoint[]; series: TrendSeries[] }) {
  const frame = { width: 1000, height: 340, left: 52, right: 290, top: 12, bottom: 40 };
  const { width, height, left, right, top } = frame;
  const { x, y } = lineChartScales(frame, points.length);
  const first = points[0]?.date ?? "";
  const last = points.at(-1)?.date ?? "";
  const lastKnown = (key: string) =>
    points.findLast((p) => p.values[key]?.percent != null)?.values[key]?.percent ?? null;
  const pathFor = (key: string) =>
    lineRuns(
      points.map((p) => p.values[key]?.percent ?? null),
      { x, y },
    )
      .map((run) => run.map((point, i) => `${i === 0 ? "M" : "L"}${point}`).join(" "))
      .join(" ");
  const styled = series.map((s, i) => ({ ...s, style: SERIES_STYLES[i % SERIES_STYLES.length]! }));
  const labels = spreadLabels(
    styled.flatMap((s) => {
      const end = lastKnown(s.key);
      const named: ChartLabel[] = [];
      const name = s.shortLabel ?? s.label;
      if (end !== null) named.push({ lines: wrap(`${name}: ${percentLabel(end)}`), colour: s.style.stroke, y: y(end) });
      if (s.target != null) {
        named.push({
          lines: wrap(`${name} target: ${percentLabel(s.target)}`),
          colour: s.style.stroke,
          y: y(s.target),
        });
      }
      return named;
    }),
    top + 6,
    y(0),
  );
  const gutter = width - right + 12;
  return (
    <figure className="govuk-!-margin-0">
      <svg
        className="app-chart"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: `${width}px` }}
        role="img"
        aria-labelledby="trend-chart-title trend-chart-desc"
      >
        <title id="trend-chart-title">{`Coverage at each month end from ${formatDate(first)} to ${formatDate(last)}`}</title>
        <desc id="trend-chart-desc">
          Line chart, 0% to 100%:{" "}
          {styled
            .map(
              (s) =>
                `${s.label} (${s.style.name}), ${percentLabel(points.at(-1)?.values[s.key]?.percent ?? null)} on ${formatDate(last)}${
                  s.target == null ? ", no target" : `, target ${percentLabel(s.target)} (thin line of the same colour)`
                }`,
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
        {styled.map((s) =>
          s.target == null ? null : (
            <line
              key={`${s.key}-target`}
              className="app-chart__target"
              x1={left}
              x2={width - right}
              y1={y(s.target)}
              y2={y(s.target)}
              stroke={s.style.stroke}
              strokeWidth={1.5}
              strokeDasharray="2 6"
            />
          ),
        )}
        {styled.map((s) => (
          <path
            key={s.key}
            d={pathFor(s.key)}
            fill="none"
            stroke={s.style.stroke}
            strokeWidth={3}
            strokeDasharray={s.style.dash}
          />
        ))}
        {labels.map((label) => (
          <text key={label.lines.join(" ")} x={gutter} y={label.at + 5} style={{ fill: label.colour }}>
            {label.lines.map((line, i) => (
              <tspan key={line} x={gutter} dy={i === 0 ? 0 : LINE_HEIGHT}>
                {line}
              </tspan>
            ))}
          </text>
        ))}
      </svg>
    </figure>
  );
}

/** The trend chart followed by the same figures in a table, behind "Show the figures". */
export function TrendChartWithFigures({ points, series }: { points: TrendPoint[]; series: TrendSeries[] }) {
  return (
    <>
      <TrendChart points={points} series={series} />
      <Details summaryText="Show the figures in a table">
        <Table
          label="Coverage at each month end"
          caption="Coverage at each month end"
          captionClassName="govuk-table__caption--s"
          firstCellIsHeader
          head={[{ children: "Date" }, ...series.map((s) => ({ children: s.label, format: "numeric" as const }))]}
          rows={points.map((p) => [
            { children: formatDate(p.date) },
            ...series.map((s) => ({
              children: <CoverageFigure cell={p.values[s.key]!} />,
              format: "numeric" as const,
            })),
          ])}
        />
        {points.some((p) => series.some((s) => p.values[s.key]?.applicable === 0)) ? (
          <NotApplicableKey where="in that group at that month end" />
        ) : null}
      </Details>
    </>
  );
}
