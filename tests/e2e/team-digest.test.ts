import type { Browser } from "playwright-core";
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

describe("the monthly e-mail about one's team", () => {
  it("a manager turns it off and on again on their account page; a learner is not offered it; axe clean", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);
    await visit(page, "/account");
    const yes = page.locator("input[name=teamDigest][value=yes]");
    const no = page.locator("input[name=teamDigest][value=no]");
    expect(await yes.isChecked()).toBe(true);
    await no.check();
    // GOV.UK Frontend ignores a second press of a button within a second.
    await page.waitForTimeout(1100);
    await Promise.all([page.waitForURL(/\/account\?saved=team-digest$/), page.click("main button:text-is('Save')")]);
    await page.locator(".govuk-notification-banner").waitFor();
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain(
      "Your choice about the monthly e-mail is saved",
    );
    expect(await no.isChecked()).toBe(true);
    await expectNoDuplicateIds(page);
    await expectNoAxeViolations(page);
    await yes.check();
    await page.waitForTimeout(1100);
    await Promise.all([page.waitForURL(/\/account\?saved=team-digest$/), page.click("main button:text-is('Save')")]);
    await page.locator(".govuk-notification-banner").waitFor();
    expect(await yes.isChecked()).toBe(true);

    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    await visit(learner, "/account");
    expect(await learner.locator("input[name=teamDigest]").count()).toBe(0);
  });
});
