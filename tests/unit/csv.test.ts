import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvStreamResponse, csvText, safeCell } from "../../app/lib/csv";

/** The body as sent, byte-order mark included (Response.text() drops it). */
const bytesAsText = async (response: Response) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());

describe("safeCell", () => {
  it("makes text a spreadsheet would run as a formula into text", () => {
    for (const formula of ['=HYPERLINK("http://x","y")', "+44 20 7946 0000", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]) {
      expect(safeCell(formula)).toBe(`'${formula}`);
    }
  });

  it("leaves other text, numbers (negative ones too) and empty cells alone", () => {
    for (const text of ["Smith-Jones", "O'Brien", " =not at the start", "2025-05-01", "", "Zoë"]) {
      expect(safeCell(text)).toBe(text);
    }
    expect(safeCell(-12)).toBe(-12);
    expect(safeCell(0)).toBe(0);
    expect(safeCell(3.5)).toBe(3.5);
    expect(safeCell(null)).toBe("");
    expect(safeCell(undefined)).toBe("");
  });
});

describe("csvText", () => {
  it("writes a byte-order mark, the header, safe text and numbers as numbers", () => {
    const text = csvText(["Name", "Count", "Note"], [["=cmd|' /C calc'!A0", -3, 'said "hi", then left']]);
    expect(text.startsWith("\uFEFFName,Count,Note\n")).toBe(true);
    expect(text).toContain(",-3,");
    expect(parse(text, { bom: true, columns: true })).toEqual([
      { Name: "'=cmd|' /C calc'!A0", Count: "-3", Note: 'said "hi", then left' },
    ]);
  });
});

describe("csvStreamResponse", () => {
  async function* pages() {
    yield [["@admin", 1]];
    yield [];
    yield [
      ["+1", 2],
      ["plain", null],
    ];
  }

  it("streams the header, then every page, made safe the same way", async () => {
    const response = csvStreamResponse(["Who", "N"], pages(), "x.csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="x.csv"');
    expect(await bytesAsText(response)).toBe("\uFEFFWho,N\n'@admin,1\n'+1,2\nplain,\n");
  });

  it("writes the header alone when there are no rows", async () => {
    async function* none() {}
    expect(await bytesAsText(csvStreamResponse(["Who"], none(), "x.csv"))).toBe("\uFEFFWho\n");
  });

  it("reads no page until the header has been taken and more is asked for", async () => {
    let read = 0;
    async function* counted() {
      read++;
      yield [[1]];
    }
    const reader = csvStreamResponse(["N"], counted(), "x.csv").body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The header's flush (server/remix-handler.mjs) goes before the first page's query.
    expect(read).toBe(0);
    await reader.read();
    expect(read).toBe(1);
  });

  it("stops reading pages when the browser goes away", async () => {
    let read = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          read++;
          yield [[read]];
        }
      } finally {
        closed = true;
      }
    }
    const reader = csvStreamResponse(["N"], endless(), "x.csv").body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
    expect(read).toBeLessThan(5);
  });
});
