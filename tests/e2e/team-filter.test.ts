import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chooseOrganisation,
  DEMO,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  press,
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

const CHOSEN = "Housing Needs and Homelessness (Housing and Communities)";

/** The organisation column of the team matrix's rows. */
async function organisationsShown(page: Page): Promise<string[]> {
  return (await page.locator("table tbody tr td:nth-of-type(1)").allInnerTexts()).map((text) => text.trim());
}

describe("My team's organisation filter", () => {
  it("the coordinator types part of an organisation's name, chooses it with the keyboard, and the table filters", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/team");
    // The page carries no list of organisations: the picker asks for a few as the coordinator types.
    expect(await page.locator("select[name=organisationId], #organisation option").count()).toBe(0);
    await chooseOrganisation(page, "organisation", "homeless", CHOSEN);
    await Promise.all([page.waitForURL(/organisationId=\d+/), press(page, "Apply filters")]);
    await expect.poll(() => page.locator("main p[role=status]").innerText()).toMatch(/Showing 1 to \d+ of \d+/);
    const shown = await organisationsShown(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(["Housing Needs and Homelessness"]));
    await expect.poll(() => page.locator("input#organisation").inputValue()).toBe(CHOSEN);
    await expectNoAxeViolations(page);

    // A person by name, within the organisation chosen.
    const first = (await page.locator("table tbody th a").first().innerText()).trim();
    const family = first.split(" ").at(-1)!;
    await page.fill("input[name=name]", family.toLowerCase());
    await Promise.all([page.waitForURL(/name=/), press(page, "Apply filters")]);
    const names = (await page.locator("table tbody th a").allInnerTexts()).map((text) => text.trim());
    expect(names).toContain(first);
    for (const name of names) expect(name.toLowerCase()).toContain(family.toLowerCase());
  });

  it("works without JavaScript: the words typed, then the matches to choose from", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signIn(page, DEMO.coordinator);
    await page.goto("/team");
    const input = page.locator("input#organisation");
    expect(await input.getAttribute("class")).toBe("govuk-input");
    await input.fill("hous");
    await Promise.all([page.waitForURL(/organisation=hous/), page.click("button:text-is('Apply filters')")]);
    const matches = page.locator(".govuk-inset-text a");
    expect(await matches.allInnerTexts()).toContain(CHOSEN);
    await Promise.all([page.waitForURL(/organisationId=\d+/), matches.filter({ hasText: CHOSEN }).click()]);
    expect(new Set(await organisationsShown(page))).toEqual(new Set(["Housing Needs and Homelessness"]));
    expect(await page.locator("input#organisation").inputValue()).toBe(CHOSEN);

    // Words matching one organisation choose it at once.
    await page.fill("input#organisation", "homelessness");
    await Promise.all([page.waitForURL(/organisation=homelessness/), page.click("button:text-is('Apply filters')")]);
    expect(await page.locator("input#organisation").inputValue()).toBe(CHOSEN);
    expect(new Set(await organisationsShown(page))).toEqual(new Set(["Housing Needs and Homelessness"]));
  });
});
