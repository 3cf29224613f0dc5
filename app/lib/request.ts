import { z } from "zod";
import { isRealIsoDate } from "./dates";

/**
 * Reading what a browser sent, refusing what no form of ours produces. PostgreSQL cannot store
 * a NUL in text and a forged control character only causes trouble further in, so any value
 * holding one is refused here, once, with a 400 rather than a 500 from the database.
 */

/** C0 controls other than tab, line feed and carriage return (which textareas send), and DEL. */
const REFUSED_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The largest id a PostgreSQL `integer` holds. */
export const MAX_ID = 2_147_483_647;

/** Stops the request with a 400 that says what was wrong with it. */
export function badRequest(message: string): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

function refuseControlCharacters(entries: Iterable<[string, FormDataEntryValue]>, what: string): void {
  for (const [key, value] of entries) {
    if (REFUSED_CHARACTERS.test(key) || (typeof value === "string" && REFUSED_CHARACTERS.test(value))) {
      badRequest(
        `The ${what} contained characters that cannot be accepted (such as a NUL byte). Remove them and try again.`,
      );
    }
  }
}

/** The posted form; a 400 when the body is not a form, cannot be read, or holds refused characters. */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  const isForm =
    type.startsWith("application/x-www-form-urlencoded") ||
    (type.startsWith("multipart/form-data") && type.includes("boundary="));
  if (!isForm) badRequest("The form was not sent as a form, so it could not be read.");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    badRequest("The form could not be read. Try sending it again.");
  }
  refuseControlCharacters(form, "form");
  return form;
}

/** The query string of a request (or its URL); a 400 when a name or value holds refused characters. */
export function readQuery(source: Request | URL): URLSearchParams {
  const query = (source instanceof URL ? source : new URL(source.url)).searchParams;
  refuseControlCharacters(query, "web address");
  return query;
}

/** A database id from a path or a form: digits only, 1 to 2,147,483,647. */
export const idSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,9}$/, "Select a valid option")
  .transform(Number)
  .refine((n) => n <= MAX_ID, "Select a valid option");

/** A calendar date as YYYY-MM-DD that exists (not 2026-02-31). */
export const isoDateSchema = z.string().trim().refine(isRealIsoDate, "Enter a real date");
