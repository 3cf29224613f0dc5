import type { Browser, Page } from "playwright-core";
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

const lastPress = new WeakMap<Page, number>();

/** Presses a button in the main content, waiting out GOV.UK Frontend's double-click guard after a failed post. */
async function press(page: Page, button: string) {
  const wait = (lastPress.get(page) ?? 0) + 1100 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  lastPress.set(page, Date.now());
  await page.click(`main button:has-text("${button}")`);
}

async function errorSummary(page: Page) {
  await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
  return page.locator(".govuk-error-summary").innerText();
}

/** An organisation of the demo council, as the organisation picker names it. */
const HOUSING_NEEDS = "Housing Needs and Homelessness (Housing and Communities)";

describe("the coordinator keeps people by hand", () => {
  it("adds a person (mistakes first), changes their details, marks them as a leaver and brings them back", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    const suffix = Date.now().toString(36);
    const email = `e2e.person.${suffix}@example.test`;

    await visit(page, "/people");
    await Promise.all([page.waitForURL(/\/people\/new$/), page.click("main a:has-text('Add a person')")]);
    await expectNoAxeViolations(page);
    await expectNoDuplicateIds(page);

    await page.fill("input[name=givenName]", "Esme");
    await page.fill("input[name=familyName]", "=cmd|calc");
    await page.fill("input[name=email]", "not an e-mail");
    await page.fill("#startDate-day", "31");
    await page.fill("#startDate-month", "2");
    await page.fill("#startDate-year", "2024");
    await page.check("input[name=profileTags][value=frontline]");
    await press(page, "Add the person");
    const errors = await errorSummary(page);
    expect(errors).toContain("spreadsheet would run it as a formula");
    expect(errors).toContain("Enter an e-mail address in the correct format");
    expect(errors).toContain("Select their organisation");
    expect(errors).toContain("The start date must be a real date");
    expect(await page.inputValue("input[name=givenName]")).toBe("Esme");
    expect(await page.isChecked("input[name=profileTags][value=frontline]")).toBe(true);
    await expectNoAxeViolations(page);
    await expectNoDuplicateIds(page);

    await page.fill("input[name=familyName]", `Example-${suffix}`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=externalRef]", `E2E-00${suffix}`);
    await page.fill("#startDate-day", "3");
    // No list of organisations on the page: the picker suggests a few as the coordinator types.
    expect(await page.locator("select[name=organisationId], #organisationId option").count()).toBe(0);
    const organisation = page.locator("input#organisationId.autocomplete__input");
    await organisation.fill("homeless");
    await page.locator("#organisationId__listbox li", { hasText: HOUSING_NEEDS }).click();
    await expect.poll(() => organisation.inputValue()).toBe(HOUSING_NEEDS);
    await Promise.all([page.waitForURL(/\/people\/\d+$/), press(page, "Add the person")]);
    await expect.poll(() => page.locator("h1").innerText()).toBe(`Esme Example-${suffix}`);
    await expectNoAxeViolations(page);
    const personPath = new URL(page.url()).pathname;

    await Promise.all([page.waitForURL(/\/edit$/), page.click("main a:has-text('Change their details')")]);
    await expectNoAxeViolations(page);
    expect(await page.inputValue("input[name=email]")).toBe(email);
    await page.fill("input[name=jobTitle]", "Youth worker");
    await Promise.all([page.waitForURL((url) => url.pathname === personPath), press(page, "Save changes")]);
    await expect.poll(() => page.locator("main").innerText()).toContain("Youth worker");

    await Promise.all([page.waitForURL(/\/leave$/), page.click("main a:has-text('Mark as a leaver')")]);
    await expectNoAxeViolations(page);
    await page.fill("#leavingDate-year", "2020");
    await press(page, "Mark as a leaver");
    expect(await errorSummary(page)).toContain("The leaving date must be the same as or after the date they started");
    await expectNoAxeViolations(page);
    await page.fill("#leavingDate-day", "30");
    await page.fill("#leavingDate-month", "6");
    await page.fill("#leavingDate-year", "2025");
    await Promise.all([page.waitForURL((url) => url.pathname === personPath), press(page, "Mark as a leaver")]);
    await expect.poll(() => page.locator("main").innerText()).toContain("30 June 2025");

    await Promise.all([page.waitForURL(/\/return$/), page.click("main a:has-text('Bring back')")]);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL((url) => url.pathname === personPath), press(page, "Bring Esme")]);
    await expect.poll(() => page.locator("main a:has-text('Mark as a leaver')").count()).toBe(1);
  });
});
