import type { z } from "zod";

/** Field name → message, in the order the fields appear, for the error summary and the fields. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/** Reads a form (or query string) into plain values: repeated names become arrays. */
export function formValues(
  source: FormData | URLSearchParams,
  arrayFields: readonly string[] = [],
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(source.keys())) {
    const all = source.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = arrayFields.includes(key) ? all : (all[0] ?? "");
  }
  for (const key of arrayFields) values[key] ??= [];
  return values;
}

/** Validates submitted values with a zod schema; on failure, the first message for each field. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  source: FormData | URLSearchParams,
  arrayFields: readonly string[] = [],
): FormResult<z.infer<S>> {
  const values = formValues(source, arrayFields);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** The error summary's list: each message linking to its field. */
export function errorList(errors: FieldErrors | undefined, fieldIds: Record<string, string> = {}) {
  return Object.entries(errors ?? {}).map(([field, text]) => ({
    text,
    href: `#${fieldIds[field] ?? field}`,
  }));
}
