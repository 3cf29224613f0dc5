/**
 * A school lead keeps their school's staff list (issue 18, item 6): the demo school lead of
 * Northbridge Academy sees only their school's staff, adds a member of staff and marks another as
 * a leaver. Every page is checked with axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, expectNoDuplicateIds, launchBrowser, newPage, signIn, visit } from "./support/browser";

const SCHOOL_LEAD = "school.lead@example.com";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The people on the list's first page, as links to their records. */
async function peopleLinks(page: Page): Promise<Array<{ href: string; name: string }>> {
  return page
    .locator("main table a[href^='/people/']")
    .evaluateAll((links) =>
      links.map((a) => ({ href: a.getAttribute("href") ?? "", name: (a.textContent ?? "").trim() })),
    );
}

describe("the demo school lead keeps Northbridge Academy's staff list", () => {
  it("sees their school's staff only, adds a member of staff and marks one as a leaver", async () => {
    const page = await newPage(browser);
    await signIn(page, SCHOOL_LEAD);
    await expectNoAxeViolations(page);

    await visit(page, "/people");
    const status = await page.locator("main [role=status]").innerText();
    const total = Number(/of (\d+) people/.exec(status)?.[1]);
    // A school of a dozen staff (and governors), not the borough's 800 people.
    expect(total).toBeGreaterThan(5);
    expect(total).toBeLessThan(30);
    const staff = await peopleLinks(page);

    // Adding: the only organisation on offer is their school.
    await Promise.all([page.waitForURL(/\/people\/new$/), page.click("main a:has-text('Add a person')")]);
    await expectNoAxeViolations(page);
    await expectNoDuplicateIds(page);
    // No list of organisations on the page; the picker's search finds their school alone.
    expect(await page.locator("select[name=organisationId]").count()).toBe(0);
    const organisation = page.locator("input#organisationId.autocomplete__input");
    const suffix = Date.now().toString(36);
    await page.fill("input[name=givenName]", "Nia");
    await page.fill("input[name=familyName]", `Newstarter-${suffix}`);
    await page.fill("input[name=email]", `nia.${suffix}@northbridge-academy.example.test`);
    await page.fill("input[name=jobTitle]", "Teaching assistant");
    await page.fill("#startDate-day", "1");
    await page.fill("#startDate-month", "9");
    await page.fill("#startDate-year", "2025");
    // "academy" names many schools in the council: theirs alone is offered.
    await organisation.fill("academy");
    const suggestions = page.locator("#organisationId__listbox li");
    await expect.poll(() => suggestions.allInnerTexts()).toEqual(["Northbridge Academy (Northbridge schools)"]);
    await suggestions.first().click();
    await expect.poll(() => organisation.inputValue()).toBe("Northbridge Academy (Northbridge schools)");
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.click("main button:has-text('Add the person')")]);
    await expect.poll(() => page.locator("h1").innerText()).toBe(`Nia Newstarter-${suffix}`);
    await expectNoAxeViolations(page);
    await expect.poll(() => page.locator("main").innerText()).toContain("Northbridge Academy");

    // A leaver: a member of staff other than the lead themself.
    let leaver: { href: string; name: string } | undefined;
    for (const someone of staff) {
      await visit(page, someone.href);
      const main = await page.locator("main").innerText();
      if (!main.includes(SCHOOL_LEAD) && (await page.locator("main a:has-text('Mark as a leaver')").count()) === 1) {
        leaver = someone;
        break;
      }
    }
    expect(leaver, "a member of staff to mark as a leaver").toBeDefined();
    await Promise.all([page.waitForURL(/\/leave$/), page.click("main a:has-text('Mark as a leaver')")]);
    await expectNoAxeViolations(page);
    await expectNoDuplicateIds(page);
    await page.fill("#leavingDate-day", "31");
    await page.fill("#leavingDate-month", "8");
    await page.fill("#leavingDate-year", "2026");
    await Promise.all([
      page.waitForURL((url) => url.pathname === leaver!.href),
      page.click("main button:has-text('Mark as a leaver')"),
    ]);
    await expect.poll(() => page.locator("main").innerText()).toContain("31 August 2026");
    await expectNoAxeViolations(page);

    // Someone at another school, or in the council, is not theirs to see.
    const elsewhere = await page.goto("/people/1");
    expect(elsewhere?.status()).toBe(404);
  });
});
