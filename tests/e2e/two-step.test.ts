import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  DEMO_PASSWORD,
  expectNoAxeViolations,
  expectNoDuplicateIds,
  launchBrowser,
  enterEmailAndPassword,
  newPage,
  signIn,
  signInButton,
  twoStepCode,
  visit,
} from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function checkPage(page: Page) {
  await page.locator("h1").first().waitFor();
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
}

async function errorSummary(page: Page) {
  await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
  return page.locator(".govuk-error-summary").innerText();
}

describe("two-step sign-in", () => {
  it("a trainer sets it up, signs in with a recovery code, and turns it off", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    await visit(page, "/account/two-step");
    await expect.poll(() => page.locator("main").innerText()).toContain("Two-step sign-in is off.");
    await page.click("main a:has-text('Set up two-step sign-in')");
    await page.waitForURL("**/account/two-step/set-up");
    await checkPage(page);
    expect(await page.locator("main [role=img] svg").count()).toBe(1);
    const secret = (await page.locator("#two-step-key").innerText()).replace(/\s/g, "");

    // A wrong code first: the error summary, the page still accessible.
    const right = twoStepCode(secret);
    await page.fill("input[name=code]", right === "000000" ? "111111" : "000000");
    await page.click("main button:has-text('Turn on two-step sign-in')");
    expect(await errorSummary(page)).toContain("Enter a correct code from your authenticator app");
    await checkPage(page);

    await page.waitForTimeout(1100);
    await page.fill("input[name=code]", twoStepCode(secret));
    await page.click("main button:has-text('Turn on two-step sign-in')");
    await page.locator("h1:has-text('Two-step sign-in is on')").waitFor();
    await checkPage(page);
    const recoveryCodes = await page.locator("ul[aria-label='Recovery codes'] li").allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);

    // Signing in again now asks for a code; a recovery code does instead.
    const again = await newPage(browser);
    await again.goto("/sign-in");
    await enterEmailAndPassword(again, DEMO.trainer, DEMO_PASSWORD);
    await Promise.all([again.waitForURL("**/sign-in/two-step"), signInButton(again).click()]);
    await checkPage(again);
    await again.fill("input[name=code]", recoveryCodes[0]!.trim());
    await Promise.all([
      again.waitForURL((url) => !url.pathname.startsWith("/sign-in") && url.pathname !== "/"),
      again.click("button[type=submit]"),
    ]);

    // Turned off again (with another recovery code), so the demo trainer signs in as before.
    await visit(again, "/account/two-step");
    await again.fill("input[name=code]", recoveryCodes[1]!.trim());
    await again.click("main button:has-text('Turn off two-step sign-in')");
    await expect.poll(() => again.locator("main").innerText()).toContain("Two-step sign-in is off.");
    await checkPage(again);
  });

  it("the coordinator signs in with a code from the app and cannot turn it off", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/account/two-step");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Your role requires two-step sign-in.");
    expect(await page.locator("main button:has-text('Turn off two-step sign-in')").count()).toBe(0);
  });
});
