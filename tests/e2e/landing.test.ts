import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatShortDate, todayInLondon } from "../../app/lib/dates";
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

async function navigationTexts(page: Page): Promise<string[]> {
  return page.locator(".govuk-service-navigation__list a").allInnerTexts();
}

describe("each role lands on its own work after signing in", () => {
  for (const [role, email, path, heading] of [
    ["coordinator", DEMO.coordinator, "/dashboard", /./],
    ["manager", DEMO.manager, "/team", /./],
    ["education officer", DEMO.educationOfficer, "/schools", /./],
    ["trainer", DEMO.trainer, "/trainer/sessions", /^My sessions$/],
    ["learner", DEMO.learner, "/my-training", /./],
  ] as const) {
    it(`the ${role} on ${path}, with My training one click away`, async () => {
      const page = await newPage(browser);
      await signIn(page, email);
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.locator("h1").first().innerText()).toMatch(heading);
      expect(await navigationTexts(page)).toContain("My training");
      await expectNoDuplicateIds(page);
      await expectNoAxeViolations(page);
    });
  }

  it("the trainer opens today's register from their sessions, seeded for the day the demo started", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    const today = formatShortDate(todayInLondon());
    const link = page.locator(`a:has-text("Register"):has-text("${today}")`);
    await expect.poll(() => link.count()).toBe(1);
    await Promise.all([page.waitForURL(/\/sessions\/\d+\/register$/), link.click()]);
    await expect.poll(() => page.locator("h1").innerText()).toMatch(/Register/i);
    // Nobody marked yet: everyone booked is still to mark.
    await expect.poll(() => page.locator("main table tbody tr").count()).toBeGreaterThan(4);
    await expectNoAxeViolations(page);
  });
});

describe("at 320 pixels wide (WCAG 1.4.10, reflow)", () => {
  for (const [role, email, paths] of [
    [
      "coordinator",
      DEMO.coordinator,
      ["/dashboard", "/people", "/admin/sessions", "/admin/courses", "/team", "/schools"],
    ],
    ["learner", DEMO.learner, ["/my-training", "/my-bookings", "/sessions", "/courses"]],
  ] as const) {
    it(`no page of the ${role}'s scrolls sideways: a wide table scrolls in its own box, which takes focus`, async () => {
      const page = await newPage(browser);
      await page.setViewportSize({ width: 320, height: 640 });
      await signIn(page, email);
      for (const path of paths) {
        await visit(page, path);
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          tables: [...document.querySelectorAll("main table")].map((table) => ({
            wider: table.getBoundingClientRect().width > document.documentElement.clientWidth,
            boxed: table.parentElement?.matches(".app-table-wrapper[tabindex='0']") ?? false,
          })),
        }));
        expect(widths.page, path).toBeLessThanOrEqual(320);
        expect(
          widths.tables.every((t) => t.boxed),
          path,
        ).toBe(true);
      }
      // The coordinator's and learner's first pages hold a table wider than the screen.
      await visit(page, paths[0]);
      expect(
        await page.evaluate(() =>
          [...document.querySelectorAll("main table")].some(
            (table) => table.getBoundingClientRect().width > document.documentElement.clientWidth,
          ),
        ),
      ).toBe(true);
      await expectNoAxeViolations(page);
    });
  }
});

describe("the header and navigation", () => {
  it("fits the coordinator's navigation on one row at 1280 pixels, administration behind one item", async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, DEMO.coordinator);
    const texts = await navigationTexts(page);
    expect(texts).toContain("Administration");
    expect(texts).not.toContain("Evidence to verify");
    const tops = await page
      .locator(".govuk-service-navigation__list > li")
      .evaluateAll((items) => [...new Set(items.map((item) => Math.round(item.getBoundingClientRect().top)))]);
    expect(tops).toHaveLength(1);

    // The administration pages mark Administration as where the coordinator is.
    await visit(page, "/admin");
    expect(await page.locator(".govuk-service-navigation__item--active").innerText()).toBe("Administration");
    await Promise.all([page.waitForURL(/\/evidence$/), page.click("main a:text-is('Evidence to verify')")]);
    expect(await page.locator(".govuk-service-navigation__item--active").innerText()).toBe("Administration");
    await expectNoAxeViolations(page);
  });

  it("puts Sign out beside the signed-in person's name in the header, and it signs out (a POST)", async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, DEMO.manager);
    const header = page.locator(".govuk-generic-header");
    const name = header.locator(".app-signed-in-as");
    const signOut = header.getByRole("button", { name: "Sign out" });
    await expect.poll(() => name.count()).toBe(1);
    const [nameBox, buttonBox] = await Promise.all([name.boundingBox(), signOut.boundingBox()]);
    // On one line, side by side, and at least WCAG 2.2's 24 pixels tall.
    expect(Math.abs(nameBox!.y + nameBox!.height / 2 - (buttonBox!.y + buttonBox!.height / 2))).toBeLessThan(6);
    expect(buttonBox!.height).toBeGreaterThanOrEqual(24);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/signed-out/), signOut.click()]);
    await page.goto("/my-training");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("names the council on the page-not-found page", async () => {
    const page = await newPage(browser);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    const council = (await page.locator(".govuk-generic-header__homepage-link").innerText()).trim();
    // The demo's (COUNCIL_NAME's default), not the word the page fell back on.
    expect(council).toBe("London Borough of Northbridge");
    await expectNoAxeViolations(page);

    await signIn(page, DEMO.learner);
    await page.goto("/people/not-a-page/at-all");
    expect((await page.locator(".govuk-generic-header__homepage-link").innerText()).trim()).toBe(council);
    expect(await navigationTexts(page)).toContain("My training");
  });
});
