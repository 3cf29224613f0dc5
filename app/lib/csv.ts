import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

/** A spreadsheet must not run a formula from text someone typed (CSV injection). */
function safeCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a header row and a byte-order mark, so spreadsheets read it as UTF-8. */
export function csvText(columns: string[], rows: CsvCell[][]): string {
  return stringify(
    rows.map((row) => row.map(safeCell)),
    { header: true, columns, bom: true },
  );
}

/** A CSV download. */
export function csvResponse(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
