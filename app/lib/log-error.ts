/**
 * Errors as the server log may show them. A failed query carries its bound parameters (e-mail
 * addresses, reasons, search terms) in drizzle's message ("Failed query: … params: …"), in
 * PGlite's `params`, and in PostgreSQL's own message and detail ('Key (email)=(…) already
 * exists', 'invalid input syntax for type integer: "…"'). For those only the query text, the
 * SQLSTATE code and the names of what failed (table, column, constraint) are kept.
 */

/** Fields of a PostgreSQL error (PGlite's names, then postgres.js's) that name schema objects, never values. */
const NAMING_FIELDS = [
  "code",
  "severity",
  "schema",
  "schema_name",
  "table",
  "table_name",
  "column",
  "column_name",
  "dataType",
  "data_type",
  "constraint",
  "constraint_name",
  "routine",
] as const;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null;
}

/** A failed query from drizzle, PGlite or postgres.js, or an error PostgreSQL raised. */
function isDatabaseError(error: Fields): boolean {
  return (
    "params" in error ||
    "parameters" in error ||
    (typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) && ("severity" in error || "routine" in error))
  );
}

/** The stack's frames without the message lines that head it. */
function frames(error: Fields): string[] {
  const stack = typeof error.stack === "string" ? error.stack : "";
  return stack.split("\n").filter((line) => /^\s+at /.test(line));
}

function describeOne(error: unknown): { text: string; frames: string[] } {
  if (!isObject(error)) return { text: `Thrown value of type ${typeof error}`, frames: [] };
  // drizzle's DrizzleQueryError leaves `name` as "Error": its class says more.
  const constructorName = typeof error.constructor === "function" ? error.constructor.name : "";
  const name = typeof error.name === "string" && error.name !== "Error" ? error.name : constructorName || "Error";
  if (!isDatabaseError(error)) {
    const message = typeof error.message === "string" ? error.message : "";
    return { text: `${name}: ${message}`, frames: frames(error) };
  }
  const parts = [`${name} (message and parameters withheld)`];
  for (const field of NAMING_FIELDS) {
    const value = error[field];
    if (typeof value === "string" && value !== "") parts.push(`${field}=${value}`);
  }
  if (typeof error.query === "string") parts.push(`query: ${error.query}`);
  return { text: parts.join(" "), frames: frames(error) };
}

/** One error and its causes, as lines for the log, with no bound parameter of any failed query. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const { text, frames: stack } = describeOne(current);
    lines.push(depth === 0 ? text : `Caused by: ${text}`, ...stack);
    current = isObject(current) ? current.cause : undefined;
  }
  return lines.join("\n");
}

/**
 * Where the server's own lines go: the production server hands over its JSON logger (pino,
 * server/logging.mjs) so that every line is data; tests and scripts keep the console, where a
 * console.error fails a test.
 */
export interface ServerLog {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

let serverLog: ServerLog | undefined;

export function setServerLog(log: ServerLog): void {
  serverLog = log;
}

/**
 * Redacted: the one way the server logs an unexpected error. `fields` are facts about the request
 * (its id, the route's pattern), never what was sent.
 */
export function logError(context: string, error: unknown, fields: Record<string, unknown> = {}): void {
  if (serverLog) serverLog.error({ ...fields, error: describeError(error) }, context);
  else console.error(`${context}\n${describeError(error)}`);
}

/** A line about the service's own state (the database opened, went away): no personal data. */
export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  if (serverLog) serverLog.info(fields, message);
  else console.log(message);
}

/** Something an operator should know that is not a bug here (the database is away). */
export function logWarning(message: string, fields: Record<string, unknown> = {}): void {
  if (serverLog) serverLog.warn(fields, message);
  else console.warn(message);
}
