import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

/**
 * A spreadsheet must not run a formula from text someone typed (CSV injection): text starting with
 * =, +, -, @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as text.
 * Numbers stay numbers (a negative number is not text someone typed).
 */
export function safeCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a header row and a byte-order mark, so spreadsheets read it as UTF-8. */
export function csvText(columns: string[], rows: CsvCell[][]): string {
  // The header as the first row rather than csv-stringify's `columns`, which would drop the cells
  // of a row longer than the header (a bad row given back to be fixed keeps all of its cells).
  return stringify(
    [columns, ...rows].map((row) => row.map(safeCell)),
    { bom: true },
  );
}

const CSV_HEADERS = {
  "Content-Type": "text/csv; charset=utf-8",
  "Cache-Control": "private, no-store",
};

/** A CSV download. */
export function csvResponse(text: string, filename: string): Response {
  return new Response(text, {
    headers: { ...CSV_HEADERS, "Content-Disposition": `attachment; filename="${filename}"` },
  });
}

/**
 * A CSV download written while it is read: the header (with the byte-order mark) first, then one
 * page of rows each time the browser's connection takes more, so a large export holds one page in
 * memory and waits for a slow reader. A browser that goes away stops the pages: the stream is
 * cancelled, or `signal` (the request's, which Remix aborts when the connection closes) fires.
 * A failure part way ends the download short (the headers are sent by then) and is logged.
 */
export function csvStreamResponse(
  columns: string[],
  pages: AsyncIterable<CsvCell[][]>,
  filename: string,
  signal?: AbortSignal,
): Response {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvText(columns, [])));
          return;
        }
        try {
          // An empty page is skipped: a pull that enqueues nothing is not called again.
          for (;;) {
            // Remix's adapter reads on without waiting for the socket, so a closed connection shows
            // only here.
            if (signal?.aborted) {
              await iterator.return?.();
              controller.close();
              return;
            }
            const next = await iterator.next();
            if (next.done) {
              controller.close();
              return;
            }
            if (next.value.length > 0) {
              controller.enqueue(encoder.encode(stringify(next.value.map((row) => row.map(safeCell)))));
              return;
            }
          }
        } catch (error) {
          console.error(`The export ${filename} failed part way`, error);
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
      // Nothing read ahead of what is asked for: the first page's query waits until the header line
      // has left (server/remix-handler.mjs flushes it first; on PGlite a query holds the event loop).
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: { ...CSV_HEADERS, "Content-Disposition": `attachment; filename="${filename}"` },
  });
}
