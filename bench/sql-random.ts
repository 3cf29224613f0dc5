/**
 * Deterministic pseudo-random expressions for set-based SQL: a hash of a row number and the seed
 * (PostgreSQL's hashint8extended, the hash that hash partitioning relies on, so it is the same
 * on PostgreSQL 15 and on PGlite's 18). Each call site passes its own salt so that two draws
 * for the same row are independent. Values are interpolated as SQL text: bench-only code with
 * no outside input.
 */
export class SqlRandom {
  constructor(private readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 1_000_000) {
      throw new RangeError(`The seed must be a whole number from 0 to 1,000,000 (got ${seed})`);
    }
  }

  /** A float8 in [0, 1) drawn from `rowExpr` (any integer expression) and `salt`. */
  float(rowExpr: string, salt: number): string {
    const key = this.seed * 1000 + salt;
    return `((hashint8extended((${rowExpr})::int8, ${key}::int8) & 9007199254740991)::float8 / 9007199254740992::float8)`;
  }

  /** An integer in [0, n) (n an SQL expression or a number). */
  below(rowExpr: string, salt: number, n: string | number): string {
    return `floor(${this.float(rowExpr, salt)} * (${n}))::int`;
  }

  /** One element of an SQL array expression, picked uniformly. */
  pick(rowExpr: string, salt: number, arrayExpr: string): string {
    return `(${arrayExpr})[1 + floor(${this.float(rowExpr, salt)} * cardinality(${arrayExpr}))::int]`;
  }

  /**
   * A 16-character Crockford base32 certificate code, unique per id: the first 8 characters are
   * a bijection of the id's low 40 bits (an odd multiplier modulo 2^40), the last 8 are hashed.
   */
  certificateCode(idExpr: string): string {
    const alphabet = "'0123456789ABCDEFGHJKMNPQRSTVWXYZ'";
    const mixed = `(((${idExpr})::int8 * 25214903917) & 1099511627775)`;
    const hashed = `(hashint8extended((${idExpr})::int8, ${this.seed * 1000 + 999}::int8) & 1099511627775)`;
    const chars: string[] = [];
    for (const source of [mixed, hashed]) {
      for (let i = 0; i < 8; i++) chars.push(`substr(${alphabet}, ((${source} >> ${5 * i}) & 31)::int + 1, 1)`);
    }
    return `(${chars.join(" || ")})`;
  }
}

/** An SQL string literal. */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An SQL text[] literal. */
export function textArray(values: readonly string[]): string {
  return values.length === 0 ? "'{}'::text[]" : `array[${values.map(lit).join(", ")}]::text[]`;
}

/** An SQL int[] literal. */
export function intArray(values: readonly number[]): string {
  for (const v of values) if (!Number.isInteger(v)) throw new TypeError(`Not an integer: ${v}`);
  return values.length === 0 ? "'{}'::int[]" : `array[${values.join(", ")}]::int[]`;
}

/** An array of `size` ids in which each id appears in proportion to its weight: pick from it to draw by weight. */
export function weightedIds(weights: ReadonlyArray<readonly [number, number]>, size = 100): number[] {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const out: number[] = [];
  const counts = allocate(
    size,
    weights.map(([, w]) => w / total),
  );
  weights.forEach(([id], i) => {
    for (let k = 0; k < counts[i]!; k++) out.push(id);
  });
  return out;
}

/**
 * Splits `total` into whole numbers in proportion to `shares` (largest remainder), each at least
 * `min` when the total allows it.
 */
export function allocate(total: number, shares: readonly number[], min = 0): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const spare = total - min * shares.length;
  if (spare < 0) throw new RangeError(`Cannot give ${shares.length} parts at least ${min} from ${total}`);
  const exact = shares.map((s) => (s / sum) * spare);
  const out = exact.map((x) => Math.floor(x) + min);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k]![1];
    out[i] = out[i]! + 1;
  }
  return out;
}
