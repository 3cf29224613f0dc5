import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  enterEmailAndPassword,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  signIn,
  signInButton,
  visit,
} from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function navigationTexts(page: Page): Promise<string[]> {
  await page.locator(".govuk-service-navigation__list").waitFor();
  return page.locator(".govuk-service-navigation__list a").allInnerTexts();
}

describe("signed out", () => {
  it("shows the start page and a sign-in form with an error summary", async () => {
    const page = await newPage(browser);
    await visit(page, "/");
    await visit(page, "/sign-in");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.title()).toMatch(/^Error: Sign in/);
    await expectNoAxeViolations(page);
    await enterEmailAndPassword(page, DEMO.learner, "wrong-password");
    await signInButton(page).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary").innerText())
      .toContain("Enter a correct email address and password");
  });

  it("sends a visitor to sign in and back to the page they asked for", async () => {
    const page = await newPage(browser);
    await page.goto("/courses");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await enterEmailAndPassword(page, DEMO.learner, "demo-password");
    await Promise.all([page.waitForURL(/\/courses$/), signInButton(page).click()]);
  });
});

describe("each role", () => {
  it("the learner sees their training and the catalogue, and not a coordinator page", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.learner);
    expect(await navigationTexts(page)).toEqual(["My training", "My bookings", "Courses"]);
    await visit(page, "/my-training");
    await expect.poll(() => page.locator("h2").allInnerTexts()).toContain("Completed training");
    await visit(page, "/courses");
    await page.fill("input[name=q]", "Prevent");
    await Promise.all([page.waitForURL(/q=Prevent/), page.click("form[role=search] button[type=submit]")]);
    const first = page.locator("table a").first();
    await Promise.all([page.waitForURL(/\/courses\/\d+$/), first.click()]);
    await expectNoAxeViolations(page);
    const response = await visit(page, "/people");
    expect(response?.status()).toBe(403);
    expect(await page.locator("h1").innerText()).toBe("You do not have permission to see this page");
  });

  it("the coordinator searches and pages through people", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    expect(await navigationTexts(page)).toContain("People");
    await visit(page, "/people");
    await expect.poll(() => page.locator("[role=status]").innerText()).toMatch(/Showing 1 to 25 of \d+ people/);
    await page.click(".govuk-pagination__next a");
    await expect.poll(() => page.locator("[role=status]").innerText()).toMatch(/Showing 26 to 50/);
    await expectNoAxeViolations(page);
    await page.fill("input[name=q]", "learner@example.com");
    await Promise.all([page.waitForURL(/q=learner/), page.click("form[role=search] button[type=submit]")]);
    await page.locator("table a").first().click();
    await page.waitForURL(/\/people\/\d+$/);
    await expectNoAxeViolations(page);
  });

  for (const [role, email, expected] of [
    ["manager", DEMO.manager, "My team"],
    ["trainer", DEMO.trainer, "My sessions"],
    ["education officer", DEMO.educationOfficer, "Schools"],
  ] as const) {
    it(`the ${role} sees their own navigation`, async () => {
      const page = await newPage(browser);
      await signIn(page, email);
      expect(await navigationTexts(page)).toContain(expected);
      await visit(page, "/my-training");
    });
  }

  it("signs out", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.learner);
    await Promise.all([page.waitForURL(/signed-out/), page.click("text=Sign out")]);
    await visit(page, "/signed-out");
    await page.goto("/my-training");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });
});
