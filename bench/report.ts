/** The benchmark's table (printed) and bench/results.json (git-ignored). */
import os from "node:os";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import type { DatasetInfo } from "./dataset";
import type { HttpRun } from "./http";
import type { Measurement } from "./measure";

export type { Measurement, Target } from "./measure";

export interface Results {
  generatedAt: string;
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    platform: string;
    node: string;
    /** 1-minute load average when the run began and when it ended: other work on the machine skews the figures. */
    loadAverage: { start: number; end: number };
  };
  database: { engine: "postgresql" | "pglite"; version: string; location: string; poolSize: number };
  dataset: DatasetInfo;
  /** Audit events the benchmark added to the data set (audit-events.ts). */
  auditEvents?: number;
  /** "today" for the measurements. */
  onDate: string;
  measurements: Measurement[];
  /** Pages over HTTP (`--http`, http.ts). */
  http?: HttpRun;
}

export function machine(loadAtStart: number[]): Results["machine"] {
  return {
    loadAverage: { start: round1(loadAtStart[0] ?? 0), end: round1(os.loadavg()[0] ?? 0) },
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "";
  if (value >= 1_000) return `${(value / 1000).toFixed(value >= 10_000 ? 1 : 2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

function cells(m: Measurement): string[] {
  const status = m.status === "ok" ? "" : m.status;
  let median = status;
  let p95 = "";
  let runs = "";
  if (m.status === "ok" && m.unit === "per second" && m.rate) {
    median = `${Math.round(m.rate.median)} ${m.rateOf ?? ""}/s`.replace(" /s", "/s");
    p95 = m.timing ? `${ms(m.timing.p95)} each` : "";
    runs = String(m.rate.runs.length);
  } else if (m.status === "ok" && m.unit === "ratio" && m.timing) {
    median = `${m.timing.median.toFixed(1)}×`;
    p95 = `${m.timing.p95.toFixed(1)}×`;
    runs = `${m.timing.samples.length}`;
  } else if (m.status === "ok" && m.timing) {
    median = ms(m.timing.median);
    p95 = ms(m.timing.p95);
    runs = `${m.timing.samples.length}${m.timing.cutShort ? " (too slow to repeat)" : ""}`;
  }
  const floor = m.floor ? ms(m.floor.median) : "";
  const ratio = m.ratio !== undefined ? `${m.ratio.toFixed(1)}×` : "";
  const target = m.target ? `${m.target.text} ${m.status === "ok" ? (m.target.met ? "✓" : "✗") : ""}`.trim() : "";
  return [m.label, median, p95, runs, floor, ratio, target, m.note ?? ""];
}

const HEAD = ["Measurement", "Median", "p95", "Runs", "Bare SQL", "Ratio", "Target", "Notes"];

/** One Markdown table (readable in a terminal, pasted as is into bench/README.md). */
export function table(measurements: readonly Measurement[]): string {
  const rows = [HEAD, ...measurements.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

export function header(results: Results): string {
  const { machine: m, database: d, dataset: ds } = results;
  const s = ds.sizes;
  const n = (x: number) => x.toLocaleString("en-GB");
  return [
    `Run ${results.generatedAt.slice(0, 16).replace("T", " ")} UTC on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end.`,
    `Database: ${d.version} (${d.engine === "pglite" ? "embedded, one connection: concurrent work is serialised" : `pool of ${d.poolSize} connections`}).`,
    `Data set (seed ${ds.seed}, as of ${ds.asOf}${ds.scale === 1 ? "" : `, scale ${ds.scale}`}): ${n(s.people)} people ` +
      `(${n(s.councilPeople)} council, ${n(s.contractorPeople)} contractors, ${n(s.schoolPeople)} schools), ` +
      `${n(s.organisations)} organisations, ${n(s.schools)} schools, ${n(s.completions)} completions, ` +
      `${n(s.sessions)} sessions, ${n(s.bookings)} bookings; built in ${Math.round(ds.buildSeconds)} s.`,
  ].join("\n");
}

export async function writeResults(results: Results, file = path.resolve("bench/results.json")): Promise<string> {
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
