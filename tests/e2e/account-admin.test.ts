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

/** Checks the page the last click landed on: a heading, no duplicate ids, axe clean. */
async function checkPage(page: Page) {
  await page.locator("h1").first().waitFor();
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
}

/** GOV.UK Frontend ignores a second press of a button within a second (preventDoubleClick). */
async function press(page: Page, button: string) {
  await page.waitForTimeout(1100);
  await Promise.all([page.waitForLoadState("load"), page.click(`main button:has-text("${button}")`)]);
}

describe("account administration", () => {
  it("the coordinator finds an account, grants it the trainer role and sees it, is refused a school lead without a school, and removes the role", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin");
    await Promise.all([page.waitForURL(/\/admin\/accounts$/), page.click("main a:has-text('Accounts')")]);
    await checkPage(page);

    await page.fill("input[name=q]", DEMO.learner);
    await Promise.all([page.waitForURL(/q=/), page.click("main button:has-text('Search')")]);
    await checkPage(page);
    const rows = page.locator("main table tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    await Promise.all([page.waitForURL(/\/admin\/accounts\/[^/?]+$/), rows.first().locator("a").click()]);
    await checkPage(page);
    const accountUrl = page.url();
    expect(await page.locator("main").innerText()).toContain(DEMO.learner);

    // A school lead needs a school: the form says so.
    await page.selectOption("select[name=role]", "school_lead");
    await press(page, "Grant role");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("Select the organisation");
    await checkPage(page);

    // The trainer role: no scope.
    await page.selectOption("select[name=role]", "trainer");
    await press(page, "Grant role");
    await page.waitForURL(/done=granted/);
    await checkPage(page);
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain("Role granted");
    const roles = page.locator("main table").first();
    expect(await roles.innerText()).toContain("Trainer");

    // Remove it again (the demo learner stays a learner for the other tests), after confirming.
    await Promise.all([
      page.waitForURL(/\/roles\/\d+\/remove$/),
      page.click("main a:has-text('Remove the role Trainer')"),
    ]);
    await checkPage(page);
    await press(page, "Remove role");
    await page.waitForURL(/done=removed/);
    await checkPage(page);
    expect(await page.locator("main").innerText()).not.toContain("Remove the role Trainer");
    expect(page.url().startsWith(accountUrl)).toBe(true);
  });

  it("a person sees where they are signed in, this session marked", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    await visit(page, "/account/sessions");
    expect(await page.locator("main table").innerText()).toContain("This session");
  });
});
