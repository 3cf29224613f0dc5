import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, launchBrowser, newPage, press, signIn, visit } from "./support/browser";

/**
 * Issue 23 item 11 and issue 22 item 4: the coordinator reads the audit log in words, pages it
 * older and newer, filters it by what happened; axe clean with WCAG 2.2's target size.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const whatHappened = (page: Page) => page.locator("main table tbody tr td:nth-child(3)").allInnerTexts();
const whenColumn = (page: Page) => page.locator("main table tbody tr td:nth-child(1)").allInnerTexts();

/** Follows a link in the main content and checks the page it leads to (heading, ids, axe). */
async function follow(page: Page, name: string) {
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== from), page.click(`main a:has-text("${name}")`)]);
  const url = new URL(page.url());
  await visit(page, url.pathname + url.search);
}

describe("the audit log", () => {
  it("says what happened in words, pages older and newer, and filters by what happened; axe clean", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    // More than a page of events: the coordinator looks at someone's record 55 times (each view is audited).
    await visit(page, "/people");
    const record = page.locator("main table tbody a[href^='/people/']").first();
    const href = (await record.getAttribute("href"))!;
    for (let i = 0; i < 55; i++) expect((await page.request.get(href)).status()).toBe(200);
    await visit(page, "/admin");
    await follow(page, "Audit log");
    expect(await page.locator("h1").innerText()).toBe("Audit log");

    // In words, never the codes the service writes ("account.sign-in", "kpi_snapshot.freeze").
    const first = await whatHappened(page);
    expect(first).toHaveLength(50);
    for (const words of first) expect(words).not.toMatch(/\b[a-z_-]+\.[a-z_-]+\b/);
    // The newest: the coordinator's views of that record, the person named (not "person 12").
    expect(first[0]).toMatch(/^Viewed the record of [A-Z][a-z]+/);
    const firstWhen = await whenColumn(page);

    // No count over the whole log: Older and Newer only.
    expect(await page.locator("main .govuk-pagination a").allInnerTexts()).toEqual(["Older events"]);
    await follow(page, "Older events");
    expect(new URL(page.url()).searchParams.get("older")).toMatch(/^\d+$/);
    const older = await whatHappened(page);
    expect(older.length).toBeGreaterThan(0);
    await follow(page, "Newer events");
    expect(await whenColumn(page)).toEqual(firstWhen);

    // Filter by what happened, chosen in words.
    await page.selectOption("select[name=action]", { label: "Signed in" });
    await Promise.all([page.waitForURL(/action=account\.sign-in/), press(page, "Apply filters")]);
    const url = new URL(page.url());
    await visit(page, url.pathname + url.search);
    const signIns = await whatHappened(page);
    expect(signIns.length).toBeGreaterThan(0);
    for (const words of signIns) expect(words).toMatch(/^Signed in/);
  });
});
