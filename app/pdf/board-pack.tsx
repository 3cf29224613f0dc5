import {
  Document,
  G,
  Line,
  Page,
  Polyline,
  Rect,
  StyleSheet,
  Svg,
  Text,
  View,
  renderToBuffer,
} from "@react-pdf/renderer";
import type { TrendPoint } from "../domain/coverage/coverage-trend";
import { percentLabel } from "../domain/coverage/labels";
import type { QuarterlyReport } from "../domain/kpis/quarterly-report";
import { RAG_LABELS, RAG_RULE, type RagStatus } from "../domain/kpis/rag";
import { kpiValueLabel, reportSummarySentence } from "../domain/kpis/report-text";
import { formatDate, formatDateTime } from "../lib/dates";
import { SECTOR_LABELS } from "../lib/labels";
import { lineChartScales, lineRuns } from "../lib/line-chart";

const INK = "#0b0c0c";
const GREY = "#505a5f";
const RULE = "#b1b4b6";
const RAG_FILL: Record<RagStatus, string> = { green: "#00703c", amber: "#f47738", red: "#d4351c" };
const SERIES = [
  { stroke: "#1d70b8", dash: undefined },
  { stroke: "#00703c", dash: "6 3" },
  { stroke: "#4c2c92", dash: "2 3" },
] as const;

const styles = StyleSheet.create({
  page: { padding: 40, paddingBottom: 48, fontFamily: "Helvetica", fontSize: 10, color: INK },
  council: { fontSize: 10, marginBottom: 4, color: GREY },
  title: { fontFamily: "Helvetica-Bold", fontSize: 20, marginBottom: 4 },
  subtitle: { fontFamily: "Helvetica-Bold", fontSize: 13, marginBottom: 10 },
  state: { fontSize: 9, marginBottom: 3, color: GREY },
  provisional: { fontFamily: "Helvetica-Bold", fontSize: 10, marginBottom: 8, color: "#d4351c" },
  lead: { fontSize: 13, marginTop: 8, marginBottom: 12 },
  h2: { fontFamily: "Helvetica-Bold", fontSize: 13, marginTop: 14, marginBottom: 6 },
  row: { flexDirection: "row", borderBottomWidth: 1, borderBottomColor: RULE, paddingVertical: 4 },
  head: { borderBottomWidth: 2, borderBottomColor: INK },
  bold: { fontFamily: "Helvetica-Bold" },
  small: { fontSize: 8, color: GREY },
  kpi: { width: 170, paddingRight: 6 },
  value: { width: 95, paddingRight: 6, textAlign: "right" },
  target: { width: 50, paddingRight: 6, textAlign: "right" },
  status: { flex: 1, flexDirection: "row", alignItems: "center" },
  swatch: { width: 8, height: 8, marginRight: 4 },
  note: { fontSize: 8, color: GREY, marginTop: 6 },
  legendItem: { flexDirection: "row", alignItems: "center", marginBottom: 2 },
  footer: {
    position: "absolute",
    bottom: 20,
    left: 40,
    right: 40,
    fontSize: 8,
    color: GREY,
    flexDirection: "row",
    justifyContent: "space-between",
  },
});

function KpiTable({ report }: { report: QuarterlyReport }) {
  return (
    <View>
      <View style={[styles.row, styles.head]} fixed>
        <Text style={[styles.kpi, styles.bold]}>KPI</Text>
        <Text style={[styles.value, styles.bold]}>This quarter</Text>
        <Text style={[styles.value, styles.bold]}>Previous quarter</Text>
        <Text style={[styles.target, styles.bold]}>Target</Text>
        <Text style={[styles.status, styles.bold]}>Status</Text>
      </View>
      {report.rows.map((r) => (
        <View key={r.key} style={styles.row} wrap={false}>
          <View style={styles.kpi}>
            <Text>{r.name}</Text>
            <Text style={styles.small}>Owner: {r.owner}</Text>
          </View>
          <Text style={styles.value}>{kpiValueLabel(r.value, r.unit)}</Text>
          <Text style={styles.value}>{r.previous ? kpiValueLabel(r.previous, r.unit) : "No figure"}</Text>
          <Text style={styles.target}>
            {r.target === null ? "None" : r.unit === "percent" ? `${r.target}%` : r.target.toLocaleString("en-GB")}
          </Text>
          <View style={styles.status}>
            {r.status ? <View style={[styles.swatch, { backgroundColor: RAG_FILL[r.status] }]} /> : null}
            <Text>{r.status ? RAG_LABELS[r.status] : "No status"}</Text>
          </View>
        </View>
      ))}
      <Text style={styles.note}>{RAG_RULE}</Text>
    </View>
  );
}

/** Coverage at each month end as a line chart, drawn with react-pdf's SVG primitives. */
function TrendChart({ points, series }: { points: TrendPoint[]; series: Array<{ key: string; label: string }> }) {
  const frame = { width: 515, height: 210, left: 34, right: 8, top: 8, bottom: 24 };
  const { width, height, left, right, top } = frame;
  const { x, y } = lineChartScales(frame, points.length);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const segments = (key: string) =>
    lineRuns(
      points.map((p) => p.values[key]?.percent ?? null),
      { x, y },
    ).map((run) => run.join(" "));
  return (
    <View wrap={false}>
      <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        {[0, 25, 50, 75, 100].map((tick) => (
          <G key={tick}>
            <Line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} stroke={RULE} strokeWidth={0.5} />
            <Text x={left - 4} y={y(tick) + 3} style={{ fontSize: 7 }} textAnchor="end">
              {`${tick}%`}
            </Text>
          </G>
        ))}
        <Line x1={left} x2={width - right} y1={y(0)} y2={y(0)} stroke={INK} strokeWidth={1} />
        <Line x1={left} x2={left} y1={top} y2={y(0)} stroke={INK} strokeWidth={1} />
        {points.map((p, i) =>
          (points.length - 1 - i) % 6 === 0 ? (
            <Text
              key={p.date}
              x={x(i)}
              y={height - 8}
              style={{ fontSize: 7 }}
              textAnchor={i === points.length - 1 ? "end" : "middle"}
            >
              {`${months[Number(p.date.slice(5, 7)) - 1]} ${p.date.slice(0, 4)}`}
            </Text>
          ) : null,
        )}
        {series.flatMap((s, i) =>
          segments(s.key).map((pointsAttr, j) =>
            pointsAttr.includes(" ") ? (
              <Polyline
                key={`${s.key}-${j}`}
                points={pointsAttr}
                fill="none"
                stroke={SERIES[i]?.stroke ?? INK}
                strokeWidth={2}
                strokeDasharray={SERIES[i]?.dash}
              />
            ) : null,
          ),
        )}
      </Svg>
      {series.map((s, i) => (
        <View key={s.key} style={styles.legendItem}>
          <Svg width={24} height={6}>
            <Line
              x1={0}
              x2={24}
              y1={3}
              y2={3}
              stroke={SERIES[i]?.stroke ?? INK}
              strokeWidth={2}
              strokeDasharray={SERIES[i]?.dash}
            />
          </Svg>
          <Text style={{ marginLeft: 4 }}>
            {s.label}: {percentLabel(points.at(-1)?.values[s.key]?.percent ?? null)} on{" "}
            {formatDate(points.at(-1)?.date ?? "")}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** People trained by sector as horizontal bars. */
function SectorBars({ rows }: { rows: QuarterlyReport["figures"]["trainedBySector"] }) {
  const width = 515;
  const left = 80;
  const barHeight = 16;
  const gap = 8;
  const max = Math.max(1, ...rows.map((r) => r.people));
  const height = Math.max(1, rows.length) * (barHeight + gap) + gap;
  if (rows.length === 0) return <Text>Nobody completed a course in this quarter.</Text>;
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {rows.map((r, i) => {
        const y = gap + i * (barHeight + gap);
        const w = ((width - left - 50) * r.people) / max;
        return (
          <G key={r.sector}>
            <Text x={left - 6} y={y + barHeight / 2 + 3} style={{ fontSize: 9 }} textAnchor="end">
              {SECTOR_LABELS[r.sector]}
            </Text>
            <Rect x={left} y={y} width={Math.max(w, 1)} height={barHeight} fill="#1d70b8" />
            <Text x={left + w + 4} y={y + barHeight / 2 + 3} style={{ fontSize: 9 }}>
              {r.people.toLocaleString("en-GB")}
            </Text>
          </G>
        );
      })}
    </Svg>
  );
}

function Footer({ report, councilName }: { report: QuarterlyReport; councilName: string }) {
  return (
    <View style={styles.footer} fixed>
      <Text>
        {councilName}: Prevent training KPIs, {report.shortLabel}
        {report.state === "provisional" ? " (provisional)" : report.state === "unfrozen" ? " (not yet frozen)" : ""}
      </Text>
      <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </View>
  );
}

/** The board pack: the quarter's KPIs against the previous quarter and targets, with the charts. */
export function BoardPackDocument({ report, councilName }: { report: QuarterlyReport; councilName: string }) {
  const { figures } = report;
  const title = `Prevent training: quarterly KPI report, ${report.label}`;
  return (
    <Document
      title={title}
      subject="Board pack"
      author={councilName}
      creator="Prevent Training Tracker"
      language="en-GB"
    >
      <Page size="A4" style={styles.page}>
        <Text style={styles.council}>{councilName}</Text>
        <Text style={styles.title}>Prevent training: quarterly KPI report</Text>
        <Text style={styles.subtitle}>{report.label}</Text>
        <Text style={styles.state}>For the Prevent Delivery Group and the Safer Communities Partnership Board.</Text>
        {report.state === "provisional" ? (
          <Text style={styles.provisional}>
            Provisional: the quarter ends on {formatDate(report.periodEnd)}. Figures as the records stood on{" "}
            {formatDate(figures.asOf)}.
          </Text>
        ) : report.state === "unfrozen" ? (
          <Text style={styles.provisional}>
            Not yet frozen: the quarter ended on {formatDate(report.periodEnd)}. Figures worked out from the records as
            they stand now, so later corrections can still change them.
          </Text>
        ) : (
          report.snapshots.map((s, i) => (
            <Text key={s.id} style={styles.state}>
              {i === 0 ? "Figures frozen on " : "Re-frozen on "}
              {formatDateTime(s.takenAt)}
              {s.reason ? ` because: ${s.reason}` : ""}
              {s.replacedAt ? " (replaced)" : " (the figures in this report)"}.
            </Text>
          ))
        )}
        <Text style={styles.lead}>{reportSummarySentence(figures)}</Text>
        <Text style={styles.h2}>Key performance indicators</Text>
        <KpiTable report={report} />
        <Footer report={report} councilName={councilName} />
      </Page>
      <Page size="A4" style={styles.page}>
        <Text style={styles.h2}>Coverage over the 24 months to {formatDate(figures.asOf)}</Text>
        <TrendChart points={figures.trend} series={figures.trendSeries} />
        <Text style={styles.h2}>People trained by sector</Text>
        <SectorBars rows={figures.trainedBySector} />
        <Text style={styles.h2}>People trained by course</Text>
        {figures.trainedByCourse.length === 0 ? (
          <Text>Nobody completed a course in this quarter.</Text>
        ) : (
          <View>
            <View style={[styles.row, styles.head]}>
              <Text style={[{ flex: 1 }, styles.bold]}>Course</Text>
              <Text style={[styles.target, styles.bold]}>People</Text>
            </View>
            {figures.trainedByCourse.map((c) => (
              <View key={c.courseId} style={styles.row} wrap={false}>
                <Text style={{ flex: 1 }}>{c.title}</Text>
                <Text style={styles.target}>{c.people.toLocaleString("en-GB")}</Text>
              </View>
            ))}
          </View>
        )}
        <Footer report={report} councilName={councilName} />
      </Page>
      <Page size="A4" style={styles.page}>
        <Text style={styles.h2}>How each KPI is worked out</Text>
        {report.rows.map((r) => (
          <View key={r.key} style={{ marginBottom: 6 }} wrap={false}>
            <Text style={styles.bold}>{r.name}</Text>
            <Text>{r.formula}</Text>
          </View>
        ))}
        <Footer report={report} councilName={councilName} />
      </Page>
    </Document>
  );
}

/** The board pack as PDF bytes. */
export function renderBoardPack(report: QuarterlyReport, councilName: string): Promise<Buffer> {
  return renderToBuffer(<BoardPackDocument report={report} councilName={councilName} />);
}

/** "prevent-kpi-board-pack-2026-Q1.pdf" */
export function boardPackFilename(report: Pick<QuarterlyReport, "quarter" | "state">): string {
  return `prevent-kpi-board-pack-${report.quarter}${report.state === "provisional" ? "-provisional" : ""}.pdf`;
}
