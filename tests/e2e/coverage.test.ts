import { readFile } from "node:fs/promises";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

/**
 * GOV.UK Frontend ignores a second click on a `preventDoubleClick` button within a second of the
 * first; a person correcting a form takes longer than that, a script does not.
 */
async function waitOutDoubleClickGuard(page: Page) {
  await page.waitForTimeout(1100);
}

/** Clicks a link or button that leads to another page and waits for that page. */
async function follow(page: Page, selector: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.locator(selector).first().click()]);
}

describe("the coverage dashboard", () => {
  it("shows the coordinator headline figures, a trend chart with its text alternative, and drills down", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/dashboard");
    expect(await page.locator("h1").innerText()).toBe("Training coverage dashboard");

    const headlines = page.locator("table:has(caption:has-text('Headline figures')) tbody tr");
    expect(await headlines.count()).toBe(3);
    expect(await headlines.first().innerText()).toMatch(
      /Frontline council staff with current Prevent awareness[\s\S]*%[\s\S]*(Green|Amber|Red)/,
    );

    // Each part of the page is a tab: the trend, then the directorates.
    await page.locator(".govuk-tabs__tab", { hasText: "Trend" }).click();
    const chart = page.getByRole("img", { name: /^Coverage at each month end from \d+ \w+ \d{4} to \d+ \w+ \d{4}/ });
    expect(await chart.count()).toBe(1);
    expect(await chart.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
    expect(await chart.locator("path").count()).toBe(3);

    // The same figures, in a table, behind "Show the figures".
    await page.locator("summary:has-text('Show the figures')").click();
    const figures = page.locator("table:has(caption:has-text('Coverage at each month end')) tbody tr");
    expect(await figures.count()).toBe(24);
    await expectNoAxeViolations(page);

    // Directorate → its services → its people.
    await page.locator(".govuk-tabs__tab", { hasText: "By directorate" }).click();
    await follow(
      page,
      "table:has(caption:has-text('Council directorates')) tbody a",
      /\/dashboard\/organisations\/\d+$/,
    );
    await expectNoAxeViolations(page);
    expect(await page.locator(".govuk-breadcrumbs").innerText()).toContain("Dashboard");
    await follow(
      page,
      "table:has(caption:has-text('Coverage of each part')) tbody a",
      /\/dashboard\/organisations\/\d+$/,
    );
    await expectNoAxeViolations(page);
    const people = page.locator("table:has(caption:has-text('and their training')) tbody tr");
    expect(await people.count()).toBeGreaterThan(0);
  });

  it("shows the figures for a past date, and an error for an impossible one", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/dashboard?on-day=31&on-month=3&on-year=2025");
    expect(await page.locator(".govuk-caption-l").innerText()).toContain("31 March 2025");
    await visit(page, "/dashboard?on-day=30&on-month=2&on-year=2025");
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("Enter a real date");
    expect(await page.title()).toMatch(/^Error: /);
  });

  it("shows a manager only their people, and refuses a learner", async () => {
    const manager = await newPage(browser);
    await signIn(manager, DEMO.manager);
    await visit(manager, "/dashboard");
    expect(await manager.locator("main").innerText()).toContain("Figures for the people you manage.");

    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const response = await visit(learner, "/dashboard");
    expect(response?.status()).toBe(403);
  });
});

describe("schools", () => {
  it("lists every school, filters by status, and exports the table", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.educationOfficer);
    await visit(page, "/schools");
    const rows = page.locator("table:has(caption:has-text('Schools and their Prevent coverage')) tbody tr");
    const all = await rows.count();
    expect(all).toBeGreaterThan(10);
    expect(await page.locator("main").innerText()).toContain("How the status is worked out");

    // The status cell's first line is the status; the next says which figures it is judged on.
    const statusOf = (texts: string[]) => texts.map((text) => text.split("\n")[0]!.trim());
    const statuses = statusOf(await rows.locator("td:last-child").allInnerTexts());
    const wanted = (["Red", "Amber", "Green"] as const).find((s) => statuses.includes(s))!;
    await page.selectOption("select[name=status]", wanted.toLowerCase());
    await Promise.all([
      page.waitForURL(new RegExp(`status=${wanted.toLowerCase()}`)),
      page.click("form[aria-label='Filter schools'] button"),
    ]);
    await expectNoAxeViolations(page);
    const filtered = statusOf(await rows.locator("td:last-child").allInnerTexts());
    expect(filtered.length).toBe(statuses.filter((s) => s === wanted).length);
    expect(new Set(filtered)).toEqual(new Set([wanted]));

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download this table')"),
    ]);
    expect(download.suggestedFilename()).toMatch(/^schools-prevent-coverage-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await bytesOf(download))
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^School,URN,Phase,Type,/);
    expect(lines).toHaveLength(filtered.length + 1);
  });

  it("shows a school's staff and takes a declared headcount", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.educationOfficer);
    await visit(page, "/schools");
    await follow(page, "table:has(caption:has-text('Schools and their Prevent coverage')) tbody a", /\/schools\/\d+$/);
    await expectNoAxeViolations(page);
    await follow(page, "a:has-text('Record a declared headcount')", /\/declare$/);
    await expectNoAxeViolations(page);
    await page.fill("input[name=headcount]", "10");
    await page.fill("input[name=declaredTrained]", "12");
    await page.click("button:has-text('Record the figures')");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("cannot be more than the headcount");
    expect(await page.inputValue("input[name=headcount]")).toBe("10");
    await expectNoAxeViolations(page);
    await page.fill("input[name=declaredTrained]", "6");
    await waitOutDoubleClickGuard(page);
    await Promise.all([page.waitForURL(/declared=1/), page.click("button:has-text('Record the figures')")]);
    await expect.poll(() => page.locator(".govuk-notification-banner").count()).toBe(1);
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain(
      "declared figures have been recorded",
    );
    expect(
      await page.locator("table:has(caption:has-text('Headcounts declared')) tbody tr").first().innerText(),
    ).toMatch(/10\s+6/);
    await expectNoAxeViolations(page);
  });
});

describe("the quarterly report", () => {
  it("shows last quarter frozen, with the PDF board pack and the CSV", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/reports/quarterly");
    expect(await page.locator("h1").innerText()).toMatch(/^Q[1-4] \d{4} to \d{4} \(\w+ to \w+ \d{4}\)$/);
    expect(await page.locator("main").innerText()).toMatch(/Figures frozen on/);
    expect(await page.locator("main").innerText()).toMatch(/\d+ (people|person) trained/);
    const kpis = page.locator("table:has(caption:has-text('KPIs for')) tbody tr");
    expect(await kpis.count()).toBe(11);
    expect(await page.getByRole("img", { name: /Bar chart of people trained by sector/ }).count()).toBe(1);
    expect(await page.getByRole("img", { name: /Coverage at each month end/ }).count()).toBe(1);

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download the board pack')"),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^prevent-kpi-board-pack-\d{4}-Q[1-4]\.pdf$/);
    expect((await bytesOf(pdf)).subarray(0, 5).toString()).toBe("%PDF-");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("a:has-text('Download the figures')")]);
    expect((await bytesOf(csv)).toString("utf8")).toContain("People trained");

    // The running quarter is provisional.
    const current = await page.locator("select[name=quarter] option").first().getAttribute("value");
    await page.selectOption("select[name=quarter]", current!);
    await Promise.all([
      page.waitForURL(new RegExp(`quarter=${current}`)),
      page.click("button:has-text('Show report')"),
    ]);
    expect(await page.locator(".govuk-warning-text").innerText()).toContain("Provisional");
    await expectNoAxeViolations(page);
  });

  it("re-freezes a quarter with a reason, and lets the coordinator change a target", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/reports/quarterly");
    await page.click("button:has-text('Freeze the figures again')");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.fill("textarea[name=reason]", "Attendance for one session was entered late");
    await waitOutDoubleClickGuard(page);
    await Promise.all([page.waitForURL(/refrozen=1/), page.click("button:has-text('Freeze the figures again')")]);
    await expect.poll(() => page.locator("main").innerText()).toContain("Re-frozen on");
    expect(await page.locator("main").innerText()).toContain("because: Attendance for one session was entered late");
    await expectNoAxeViolations(page);

    await visit(page, "/admin/kpis");
    expect(await page.locator("table tbody tr").count()).toBe(11);
    await follow(page, "a:has-text('Change'):has(span:has-text('Attendance rate'))", /\/admin\/kpis\/attendance_rate$/);
    await expectNoAxeViolations(page);
    await page.fill("input[name=target]", "92");
    await Promise.all([page.waitForURL(/updated=attendance_rate/), page.click("button:has-text('Save the target')")]);
    await expect.poll(() => page.locator("table tbody tr:has-text('Attendance rate')").innerText()).toContain("92%");
    await expectNoAxeViolations(page);
  });
});
