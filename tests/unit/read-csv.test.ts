import { describe, expect, test } from "vitest";
import type { ImportField } from "../../app/domain/imports/kind";
import { detectEncoding, readCsv } from "../../app/domain/imports/read-csv";

const fields: ImportField[] = [
  { key: "employeeNumber", label: "Employee number", required: true, synonyms: ["Employee No", "Emp No", "Staff ID"] },
  { key: "givenName", label: "First name", required: true, synonyms: ["Forename", "Given name"] },
  { key: "jobTitle", label: "Job title", required: false, synonyms: ["Post", "Role"] },
];

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("reading a CSV file", () => {
  test("UTF-8 with and without a byte-order mark, Windows-1252, UTF-16", async () => {
    expect(detectEncoding(utf8("Name\nZoë\n")).encoding).toBe("UTF-8");
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Emp No,Forename\n0012,Zoë\n")]);
    const withBom = await readCsv(bom, fields, {});
    expect(withBom.encoding).toBe("UTF-8 with a byte-order mark");
    expect(withBom.rows[0]!.values).toEqual({ employeeNumber: "0012", givenName: "Zoë", jobTitle: "" });
    // "Zoë" in Windows-1252 is 5A 6F EB, which is not UTF-8.
    const latin = new Uint8Array([...utf8("Emp No,Forename\r\n0012,Zo"), 0xeb, ...utf8("\r\n")]);
    const read = await readCsv(latin, fields, {});
    expect(read.encoding).toBe("Windows-1252 (or ISO-8859-1)");
    expect(read.rows[0]!.values.givenName).toBe("Zoë");
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("Staff ID,Given name\n7,Zoë\n", "utf16le")]);
    expect((await readCsv(utf16, fields, {})).rows[0]!.values.givenName).toBe("Zoë");
  });

  test("Windows-1252's curly quotes, dashes and euro sign (bytes 0x80-0x9F), which Node's own decoder reads as ISO-8859-1", () => {
    // "St Mary’s – €5 “École”" as Excel and the DfE write it.
    const bytes = new Uint8Array([
      ...utf8("St Mary"),
      0x92,
      ...utf8("s "),
      0x96,
      0x20,
      0x80,
      0x35,
      0x20,
      0x93,
      0xc9,
      ...utf8("cole"),
      0x94,
    ]);
    expect(detectEncoding(bytes).text()).toBe("St Mary’s – €5 “École”");
  });

  test("columns by header, quoted commas, quotes and line breaks, line numbers, ignored and missing columns", async () => {
    const file = utf8(
      'Post,Staff ID,Notes,Forename\r\n"Officer, senior",001,"He said ""hi""\nthen left",Ann\r\n\r\nClerk,002,,Bob\r\nClerk,003\r\n',
    );
    const read = await readCsv(file, fields, {});
    expect(read.used.map((u) => [u.field, u.header])).toEqual([
      ["employeeNumber", "Staff ID"],
      ["givenName", "Forename"],
      ["jobTitle", "Post"],
    ]);
    expect(read.ignored).toEqual(["Notes"]);
    expect(read.rows.map((r) => [r.line, r.values.employeeNumber, r.values.jobTitle])).toEqual([
      [2, "001", "Officer, senior"],
      [5, "002", "Clerk"],
    ]);
    expect(read.problems).toEqual([expect.objectContaining({ line: 6, column: "" })]);
    expect(read.cells.get(6)).toEqual(["Clerk", "003"]);
  });

  test("a required column with no known spelling is missing until mapped, and the mapping is used", async () => {
    const file = utf8("Payroll ref,Forename\n9,Cy\n");
    expect((await readCsv(file, fields, {})).missing).toEqual([{ field: "employeeNumber", label: "Employee number" }]);
    const mapped = await readCsv(file, fields, { employeeNumber: "Payroll ref" });
    expect(mapped.missing).toEqual([]);
    expect(mapped.used[0]).toMatchObject({ header: "Payroll ref", remembered: true });
    expect(mapped.rows[0]!.values.employeeNumber).toBe("9");
  });
});
