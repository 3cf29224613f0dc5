import { Table } from "../../components";

export interface ShiftFigure {
  key: string;
  label: string;
  responses: number;
  meanBefore: number | null;
  meanAfter: number | null;
  shift: number | null;
}

const BEFORE = { fill: "#b1b4b6", name: "grey bar" };
const AFTER = { fill: "#1d70b8", name: "blue bar" };

export function scoreLabel(value: number | null): string {
  return value === null ? "No answers" : value.toFixed(2);
}

export function shiftLabel(value: number | null): string {
  if (value === null) return "No answers";
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(2)}`;
}

/**
 * A server-drawn bar chart of confidence before and after the training (mean of 1–5 answers) for
 * each pair, followed by the same figures in a table.
 */
export function EvaluationShiftChart({ shifts }: { shifts: ShiftFigure[] }) {
  const width = 720;
  const left = 230;
  const right = 60;
  const barHeight = 22;
  const groupHeight = barHeight * 2 + 24;
  const top = 10;
  const height = top + shifts.length * groupHeight + 30;
  const x = (score: number) => left + ((width - left - right) * score) / 5;
  return (
    <>
      <figure className="govuk-!-margin-0 govuk-!-margin-bottom-4">
        <svg
          className="app-chart"
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: `${width}px` }}
          role="img"
          aria-labelledby="shift-chart-title shift-chart-desc"
        >
          <title id="shift-chart-title">Confidence before and after the training, mean on a scale of 1 to 5</title>
          <desc id="shift-chart-desc">
            Bar chart, before ({BEFORE.name}) and after ({AFTER.name}):{" "}
            {shifts
              .map(
                (s) =>
                  `${s.label}: ${scoreLabel(s.meanBefore)} before, ${scoreLabel(s.meanAfter)} after, a shift of ${shiftLabel(s.shift)}`,
              )
              .join("; ")}
            . The figures are in the table that follows.
          </desc>
          {[0, 1, 2, 3, 4, 5].map((tick) => (
            <g key={tick}>
              <line className="app-chart__gridline" x1={x(tick)} x2={x(tick)} y1={top} y2={height - 30} />
              <text x={x(tick)} y={height - 10} textAnchor="middle">
                {tick}
              </text>
            </g>
          ))}
          {shifts.map((s, i) => {
            const y0 = top + i * groupHeight + 8;
            return (
              <g key={s.key}>
                <text x={left - 10} y={y0 + barHeight} textAnchor="end">
                  {s.label.replace("Confidence in ", "")}
                </text>
                <rect x={left} y={y0} width={x(s.meanBefore ?? 0) - left} height={barHeight} fill={BEFORE.fill} />
                <text x={x(s.meanBefore ?? 0) + 6} y={y0 + barHeight - 6}>
                  {scoreLabel(s.meanBefore)}
                </text>
                <rect
                  x={left}
                  y={y0 + barHeight + 2}
                  width={x(s.meanAfter ?? 0) - left}
                  height={barHeight}
                  fill={AFTER.fill}
                />
                <text x={x(s.meanAfter ?? 0) + 6} y={y0 + barHeight * 2 - 4}>
                  {scoreLabel(s.meanAfter)}
                </text>
              </g>
            );
          })}
          <line className="app-chart__axis" x1={left} x2={left} y1={top} y2={height - 30} />
        </svg>
        <figcaption>
          <ul className="govuk-list">
            <li>
              <svg width="24" height="12" aria-hidden="true" focusable="false">
                <rect width="24" height="12" fill={BEFORE.fill} />
              </svg>{" "}
              Before the training
            </li>
            <li>
              <svg width="24" height="12" aria-hidden="true" focusable="false">
                <rect width="24" height="12" fill={AFTER.fill} />
              </svg>{" "}
              After the training
            </li>
          </ul>
        </figcaption>
      </figure>
      <Table
        caption="Confidence before and after the training"
        captionClassName="govuk-table__caption--m"
        firstCellIsHeader
        head={[
          { children: "Confidence" },
          { children: "Responses", format: "numeric" },
          { children: "Mean before", format: "numeric" },
          { children: "Mean after", format: "numeric" },
          { children: "Shift", format: "numeric" },
        ]}
        rows={shifts.map((s) => [
          { children: s.label },
          { children: s.responses.toLocaleString("en-GB"), format: "numeric" },
          { children: scoreLabel(s.meanBefore), format: "numeric" },
          { children: scoreLabel(s.meanAfter), format: "numeric" },
          { children: shiftLabel(s.shift), format: "numeric" },
        ])}
      />
    </>
  );
}
