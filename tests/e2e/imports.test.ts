import { readFile } from "node:fs/promises";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  expectNoAxeViolations,
  expectNoDuplicateIds,
  launchBrowser,
  newPage,
  signIn,
  visit,
} from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page reached by a click or a form: a main heading, no duplicate ids, no axe violations. */
async function checkPage(page: Page) {
  await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
}

const lastPress = new WeakMap<Page, number>();

/** Presses a button in the main content, a second after the last one (GOV.UK's preventDoubleClick). */
async function press(page: Page, button: string | { value: string }) {
  const wait = (lastPress.get(page) ?? 0) + 1100 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  lastPress.set(page, Date.now());
  await page.click(
    typeof button === "string" ? `main button:has-text("${button}")` : `main button[value="${button.value}"]`,
  );
}

async function textOf(download: Download): Promise<string> {
  return readFile((await download.path())!, "utf8");
}

/** Splits a CSV file's text into rows of cells (quoted cells may hold commas and quotes). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("the coordinator imports a roster with bad rows", () => {
  it("reads the errors, downloads the rows with problems, skips them, applies the rest and finds the import in the history", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);

    // Employee numbers and e-mails no one in the demo council has (theirs are HR0… and @northbridge.example).
    const stamp = Date.now().toString(36).toUpperCase();
    const ref = (n: number) => `E2E${stamp}-${n}`;
    const email = (name: string) => `${name}.${stamp.toLowerCase()}@e2e-imports.example`;
    const fileName = `roster-${stamp}.csv`;
    const header = "Employee No,Forename,Surname,Email Address,Job Title,Directorate,Service,Start Date";
    const roster = [
      header,
      `${ref(1)},Amara,Okafor,${email("amara.okafor")},Service Manager,Resources,Digital and IT,2019-04-01`,
      `${ref(2)},Bilal,Hussain,${email("bilal.hussain")},Developer,Resources,Digital and IT,03/06/2021`,
      `${ref(3)},Carys,Evans,carys.evans-at-e2e-imports.example,Developer,Resources,Digital and IT,2022-01-10`,
      `${ref(4)},Dmitri,Ivanov,${email("dmitri.ivanov")},Tester,Resources,Digital and IT,1 September 2023`,
      `${ref(5)},Eilidh,Fraser,${email("eilidh.fraser")},Analyst,Resources,Digital and IT,31/02/2024`,
    ].join("\r\n");

    // Administration → Imports → Staff roster.
    await visit(page, "/admin");
    await Promise.all([page.waitForURL(/\/admin\/imports$/), page.click("main a:has-text('Imports')")]);
    await checkPage(page);
    expect(await page.locator("h1").innerText()).toBe("Imports");
    await Promise.all([
      page.waitForURL(/\/admin\/imports\/new\?kind=roster$/),
      page.click("main a:has-text('Staff roster')"),
    ]);
    await checkPage(page);
    expect(await page.locator("h1").innerText()).toBe("Staff roster (HR or a contractor's staff list)");
    // The council's own staff unless a contractor is chosen.
    expect(await page.locator("select[name=organisationId] option:checked").innerText()).toBe(
      "The council's own staff (HR roster)",
    );

    // A spreadsheet saved as .xlsx (a zip) is refused on the file's field.
    await page.setInputFiles("input[name=file-roster]", {
      name: "roster.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
    });
    await press(page, "Upload and check the file");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("must be a CSV file");
    expect(await page.locator(".govuk-error-summary a").first().getAttribute("href")).toBe("#file-roster");
    expect(await page.locator("#file-roster-error").innerText()).toContain("must be a CSV file");
    await checkPage(page);

    // Upload the file; the page then shows the check under way, and the preview when it is made.
    await page.setInputFiles("input[name=file-roster]", {
      name: fileName,
      mimeType: "text/csv",
      buffer: Buffer.from(roster, "utf8"),
    });
    await Promise.all([page.waitForURL(/\/admin\/imports\/\d+$/), press(page, "Upload and check the file")]);
    const importPath = new URL(page.url()).pathname;
    await page.locator("h2", { hasText: "Rows with problems" }).waitFor({ timeout: 30_000 });
    await checkPage(page);
    expect(await page.locator("h1").innerText()).toBe(fileName);
    const main = await page.locator("main").innerText();
    expect(main).toContain("Ready to apply");
    expect(main).toContain("UTF-8");
    expect(main).toContain("2 rows have problems");

    // The errors: line, column and reason.
    const problems = await page
      .locator("table:has(caption:has-text('Rows with problems')) tbody tr")
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll("td, th")].map((cell) => cell.textContent?.trim() ?? "")),
      );
    expect(problems).toHaveLength(2);
    expect(problems[0]!.slice(0, 2)).toEqual(["4", "Email Address"]);
    expect(problems[0]![2]).toMatch(/e-mail/i);
    expect(problems[1]!.slice(0, 2)).toEqual(["6", "Start Date"]);
    expect(problems[1]![2]).toContain("31/02/2024");

    // What would be created.
    const created = await page.locator("h2", { hasText: "To create (3)" }).count();
    expect(created).toBe(1);

    // The rows with problems, to fix and upload again.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download the rows with problems')"),
    ]);
    expect(download.suggestedFilename()).toBe(`roster-${stamp}-rows-to-fix.csv`);
    const rows = csvRows((await textOf(download)).replace(/^\uFEFF/, "")).filter((r) => r.some((c) => c !== ""));
    expect(rows[0]).toEqual(["Problem", "Line in the original file", ...header.split(",")]);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(1, 3)).toEqual(["4", ref(3)]);
    expect(rows[1]![0]).toMatch(/^Email Address: /);
    expect(rows[2]!.slice(1, 3)).toEqual(["6", ref(5)]);
    expect(rows[2]![0]).toMatch(/^Start Date: .*31\/02\/2024/);

    // Applying without skipping them is refused.
    await press(page, "Apply 3 changes");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain(
      "2 rows in the file have problems. Choose to skip them, or fix the file and upload it again.",
    );
    await checkPage(page);
    // The error summary's link goes to the checkbox.
    const href = await page.locator(".govuk-error-summary a").first().getAttribute("href");
    expect(href).toBe("#skipBadRows");
    expect(await page.locator("#skipBadRows").count()).toBe(1);

    // Skip them and apply the rest.
    await page.getByLabel("Skip the 2 rows with problems and import the rest").check();
    await press(page, "Apply 3 changes");
    await page.locator(".govuk-panel__title", { hasText: "Import applied" }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe(importPath);
    await checkPage(page);
    expect(await page.locator(".govuk-panel").innerText()).toContain("3 created, 2 skipped");

    // Back to Imports: the import is in the history.
    await Promise.all([page.waitForURL(/\/admin\/imports$/), page.click("a.govuk-back-link:has-text('Imports')")]);
    await checkPage(page);
    const historyRow = page.locator("tbody tr", { hasText: fileName });
    expect(await historyRow.count()).toBe(1);
    const cells = await historyRow.innerText();
    expect(cells).toContain("Applied");
    expect(cells).toContain("3 created, 2 skipped");
    expect(cells).toContain("Staff roster");
    await Promise.all([page.waitForURL((url) => url.pathname === importPath), historyRow.locator("a").click()]);
    await checkPage(page);

    // The people are on the people list.
    await visit(page, `/people?q=${encodeURIComponent(ref(1))}`);
    expect(await page.locator("main").innerText()).toContain("Amara Okafor");
  });
});

describe("the coordinator imports past training records", () => {
  it("maps a course name as people typed it to a catalogue course, then applies the records", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    const stamp = Date.now().toString(36).toUpperCase();
    const email = `farida.begum.${stamp.toLowerCase()}@e2e-imports.example`;

    // Someone to hold the records: a one-row roster first.
    await visit(page, "/admin/imports/new?kind=roster");
    await page.setInputFiles("input[name=file-roster]", {
      name: `one-${stamp}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from(
        `Employee No,First name,Last name,Email,Start date\r\nE2E${stamp}-9,Farida,Begum,${email},2020-01-06\r\n`,
      ),
    });
    await Promise.all([page.waitForURL(/\/admin\/imports\/\d+$/), press(page, "Upload and check the file")]);
    await page.locator("main button", { hasText: "Apply 1 change" }).waitFor({ timeout: 30_000 });
    await press(page, "Apply 1 change");
    await page.locator(".govuk-panel__title", { hasText: "Import applied" }).waitFor({ timeout: 30_000 });

    // The records, with a course name no catalogue course has.
    const courseName = `Prevent session (old format ${stamp})`;
    await visit(page, "/admin/imports/new?kind=training-records");
    await page.setInputFiles("input[name=file-records]", {
      name: `records-${stamp}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from(`Email,Course name,Date attended\r\n${email},${courseName},03/04/2024\r\n`),
    });
    await Promise.all([page.waitForURL(/\/admin\/imports\/\d+$/), press(page, "Upload and check the file")]);
    await page.locator("h2", { hasText: "What the values in the file stand for" }).waitFor({ timeout: 30_000 });
    await checkPage(page);
    expect(await page.locator("main").innerText()).toContain("Choose what each value above stands for");

    // Applying before choosing is refused.
    await press(page, { value: "apply" });
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain(
      "Choose what 1 value in the file stand for",
    );
    await checkPage(page);

    // Choose the course: the first in the list.
    const select = page.getByLabel(`What ${courseName} stands for`);
    const choice = await select.locator("option").nth(1).innerText();
    await select.selectOption({ label: choice });
    await press(page, "Save these choices");
    await expect
      .poll(() => page.locator(`main select option:checked`).first().innerText(), { timeout: 30_000 })
      .toBe(choice);
    await page.locator("main button", { hasText: "Apply 1 change" }).waitFor({ timeout: 30_000 });
    await checkPage(page);
    await press(page, "Apply 1 change");
    await page.locator(".govuk-panel__title", { hasText: "Import applied" }).waitFor({ timeout: 30_000 });
    await checkPage(page);
    expect(await page.locator(".govuk-panel").innerText()).toContain("1 created");
  });
});
