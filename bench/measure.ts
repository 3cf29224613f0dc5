/** Timing: a warm-up, then N timed runs, summarised as median and 95th percentile. */

export interface Timing {
  /** Milliseconds per run, in the order they ran. */
  samples: number[];
  median: number;
  p95: number;
  min: number;
  max: number;
  /** True when a run took so long (over `slowMs`) that the measurement stopped there. */
  cutShort?: boolean;
}

export interface MeasureOptions {
  /** Untimed runs first (plans cached, pages in memory, JIT of the JavaScript). */
  warmup?: number;
  runs?: number;
  /** Stop adding runs once this much time has gone on the timed runs (at least 3 runs are made). */
  budgetMs?: number;
  /** A single run (warm-up included) slower than this ends the measurement with what it has: default 20 s. */
  slowMs?: number;
  /** Untimed work before each run (warm-ups too): what the timed run must start from. */
  before?: () => Promise<unknown>;
}

/** Nearest-rank percentile of numbers sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: [...samples],
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Times `fn` (warm-up runs are not timed). `fn` receives the run's index, warm-ups negative. */
export async function measure(fn: (run: number) => Promise<unknown>, options: MeasureOptions = {}): Promise<Timing> {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 10;
  const slowMs = options.slowMs ?? 20_000;
  for (let i = 0; i < warmup; i++) {
    await options.before?.();
    const started = performance.now();
    await fn(-(i + 1));
    const took = performance.now() - started;
    if (took > slowMs) return { ...summarise([took]), cutShort: true };
  }
  const samples: number[] = [];
  let spent = 0;
  for (let i = 0; i < runs; i++) {
    await options.before?.();
    const started = performance.now();
    await fn(i);
    const took = performance.now() - started;
    samples.push(took);
    spent += took;
    if (took > slowMs) return { ...summarise(samples), cutShort: true };
    if (options.budgetMs !== undefined && spent > options.budgetMs && samples.length >= 3) break;
  }
  return summarise(samples);
}

export interface Target {
  /** "< 200 ms", "≤ 3× bare SQL", ... as printed. */
  text: string;
  met: boolean;
}

export interface Measurement {
  key: string;
  label: string;
  status: "ok" | "not available" | "failed";
  /** How to print median and p95: milliseconds, a rate for throughput, or a ratio (times as long). */
  unit: "ms" | "per second" | "ratio";
  /** For "per second": what is counted (bookings). */
  rateOf?: string;
  timing?: Timing;
  /** Throughput: the rate per run (median of runs), with per-item latency in `timing`. */
  rate?: { median: number; runs: number[] };
  /** The bare hand-written SQL of the same question. */
  floor?: Timing;
  /** median / floor median. */
  ratio?: number;
  target?: Target;
  /** Rows returned, what was asked, or why it is missing. */
  note?: string;
}
