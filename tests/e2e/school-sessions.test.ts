/**
 * The education officer records training they delivered in a school (issue 23, item 14): a staff
 * meeting at Eastfield Primary School, with how many attended and two of them by name.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, press, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SCHOOL = "Eastfield Primary School";

describe("training delivered in a school", () => {
  it("is recorded by the education officer with the number who attended and, where known, who", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.educationOfficer);
    await visit(page, "/schools");
    await Promise.all([page.waitForURL(/\/schools\/\d+$/), page.getByRole("link", { name: SCHOOL }).first().click()]);
    const schoolUrl = page.url();
    await Promise.all([
      page.waitForURL(/\/sessions\/new$/),
      // A GOV.UK button drawn as a link.
      page.click("main a:has-text('Record training delivered in the school')"),
    ]);
    expect(await page.locator("h1").innerText()).toBe("Record training delivered in the school");
    await expectNoAxeViolations(page);

    // Nothing filled in: the error summary says what is missing, and nothing is recorded.
    await press(page, "Record the training");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").innerText()).toMatch(
      /Select the course[\s\S]*Enter the date of the training[\s\S]*Enter how many people attended/,
    );
    await expectNoAxeViolations(page);

    const today = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      day: "numeric",
      month: "numeric",
      year: "numeric",
    })
      .format(new Date())
      .split("/");
    await page.selectOption("#courseId", { label: "Prevent for school staff" });
    await page.fill("#deliveredOn-day", today[0]!);
    await page.fill("#deliveredOn-month", today[1]!);
    await page.fill("#deliveredOn-year", today[2]!);
    await page.fill("#startTime", "15:30");
    await page.fill("#attendeeCount", "18");
    const staff = page.locator("input[name=attendees]");
    expect(await staff.count()).toBeGreaterThan(2);
    await staff.nth(0).check();
    await staff.nth(1).check();
    await Promise.all([page.waitForURL((url) => url.search === "?recorded=1"), press(page, "Record the training")]);
    expect(page.url().split("?")[0]).toBe(schoolUrl);
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain(
      "The training delivered in the school has been recorded.",
    );
    const row = page.locator("table:has(caption:has-text('Training delivered in')) tbody tr").first();
    expect(await row.innerText()).toMatch(/Prevent for school staff\s+18\s+2\s+/);
    await expectNoAxeViolations(page);
  });
});
