import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { ImportField, RowProblem, SourceRow } from "./kind";

/** How the bytes of a file were read, as the preview says it. */
export type FileEncoding = "UTF-8" | "UTF-8 with a byte-order mark" | "UTF-16" | "Windows-1252 (or ISO-8859-1)";

/**
 * Which character encoding a file is in. Excel's "CSV UTF-8" writes a byte-order mark; plain
 * "CSV" and the DfE register write Windows-1252, whose accented letters are not valid UTF-8, so a
 * file that does not decode as UTF-8 is read as Windows-1252 (which ISO-8859-1 text also is, for
 * every printable character).
 */
export function detectEncoding(bytes: Uint8Array): { encoding: FileEncoding; text: () => string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: "UTF-8 with a byte-order mark", text: () => new TextDecoder("utf-8").decode(bytes.subarray(3)) };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const label = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    return { encoding: "UTF-16", text: () => new TextDecoder(label).decode(bytes.subarray(2)) };
  }
  try {
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { encoding: "UTF-8", text: () => decoded };
  } catch {
    return { encoding: "Windows-1252 (or ISO-8859-1)", text: () => decodeWindows1252(bytes) };
  }
}

/** What Windows-1252 puts at bytes 0x80–0x9F (curly quotes, dashes, €), where ISO-8859-1 has control characters. */
const WINDOWS_1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/**
 * Windows-1252 as the WHATWG standard reads it. Node's TextDecoder("windows-1252") since 20.18.3
 * reads bytes 0x80–0x9F as ISO-8859-1 (nodejs/node#60888), so "St Mary’s" lost its apostrophe to
 * U+0092: those 32 characters are put right here (a decoder that already gets them right is unaffected).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252")
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** A header as compared with the known spellings: lower case, letters and digits only. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export interface ColumnUse {
  field: string;
  label: string;
  header: string;
  /** Chosen by the coordinator for an earlier file of this kind, rather than recognised. */
  remembered: boolean;
}

export interface ReadCsv {
  encoding: FileEncoding;
  headers: string[];
  used: ColumnUse[];
  /** Headers of the file that no field uses. */
  ignored: string[];
  /** Required fields with no column: the coordinator maps them before anything else. */
  missing: Array<{ field: string; label: string }>;
  rows: SourceRow[];
  /** Rows the reader itself refuses (a wrong number of values). */
  problems: RowProblem[];
  /** The file's own cells of every data row by line, for the skipped-rows download. */
  cells: Map<number, string[]>;
}

/** Which header the file uses for each field: the remembered choice when the file has it, else a known spelling. */
export function matchColumns(
  headers: string[],
  fields: readonly ImportField[],
  remembered: Record<string, string>,
): { used: ColumnUse[]; ignored: string[]; missing: Array<{ field: string; label: string }> } {
  const taken = new Set<number>();
  const used: ColumnUse[] = [];
  const missing: Array<{ field: string; label: string }> = [];
  const normalised = headers.map(normaliseHeader);
  for (const field of fields) {
    let index = remembered[field.key] !== undefined ? headers.indexOf(remembered[field.key]!) : -1;
    const fromMemory = index >= 0;
    if (index < 0) {
      const spellings = new Set([field.key, field.label, ...field.synonyms].map(normaliseHeader));
      index = normalised.findIndex((h, i) => !taken.has(i) && spellings.has(h));
    }
    if (index >= 0 && !taken.has(index)) {
      taken.add(index);
      used.push({ field: field.key, label: field.label, header: headers[index]!, remembered: fromMemory });
    } else if (field.required) {
      missing.push({ field: field.key, label: field.label });
    }
  }
  const ignored = headers.filter((h, i) => !taken.has(i) && h.trim() !== "");
  return { used, ignored, missing };
}

/** Lets other requests run between batches of a long file. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a CSV file: the encoding detected, CRLF or LF, quoted fields with commas, quotes and line
 * breaks (csv-parse, streamed in slices so a 50,000-row file leaves the server free between them),
 * and the columns found by their headers.
 */
export async function readCsv(
  bytes: Uint8Array,
  fields: readonly ImportField[],
  remembered: Record<string, string>,
  progress: (rowsDone: number) => void = () => {},
): Promise<ReadCsv> {
  const { encoding, text } = detectEncoding(bytes);
  const content = text();
  const parser = Readable.from(slices(content)).pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, info: true, raw: true }),
  );
  let headers: string[] | null = null;
  let columnOf = new Map<string, number>();
  const result: ReadCsv = {
    encoding,
    headers: [],
    used: [],
    ignored: [],
    missing: [],
    rows: [],
    problems: [],
    cells: new Map(),
  };
  for await (const { record, info, raw } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
    raw: string;
  }>) {
    // info.lines is the line the record ends on; a quoted field may hold line breaks.
    const line = info.lines - (raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
    if (headers === null) {
      headers = record.map((h) => h.trim());
      const match = matchColumns(headers, fields, remembered);
      Object.assign(result, { headers, ...match });
      columnOf = new Map(match.used.map((u) => [u.field, headers!.indexOf(u.header)]));
      continue;
    }
    if (record.every((cell) => cell.trim() === "")) continue;
    result.cells.set(line, record);
    const extra = record.slice(headers.length).some((cell) => cell.trim() !== "");
    if (extra || record.length < headers.length) {
      result.problems.push({
        line,
        column: "",
        reason: `This row has ${record.length} values but the header has ${headers.length} columns: a value may hold an unquoted comma, or cells are missing`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (const field of fields) {
      const index = columnOf.get(field.key);
      values[field.key] = index === undefined ? "" : (record[index] ?? "").trim();
    }
    result.rows.push({ line, values });
    if (result.rows.length % 500 === 0) {
      progress(result.rows.length);
      await yieldToOthers();
    }
  }
  return result;
}

function* slices(text: string): Generator<string> {
  // csv-parse reads a slice in one go: 32 KB is about 200 roster rows, a few milliseconds.
  const size = 32 * 1024;
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}
