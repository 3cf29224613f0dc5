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
import { linkFromOutbox } from "./support/outbox";

/** The demo's designated safeguarding lead of Northbridge Academy: a school's person, who may have sign-in links. */
const SCHOOL_LEAD = "school.lead@example.com";

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

/** GOV.UK Frontend ignores a second press of a button within a second. */
async function press(page: Page, button: string) {
  await page.waitForTimeout(1100);
  await page.click(`main button:text-is("${button}")`);
}

describe("signing in with a link", () => {
  it("a school lead asks for a link on the sign-in page, opens it in the same browser and is signed in; elsewhere, or again, it does not work", async () => {
    const lead = await newPage(browser);
    await visit(lead, "/sign-in");
    await lead.fill("input[name=email]", SCHOOL_LEAD);
    await lead.click("button:text-is('Continue')");
    await lead.locator("input[name=password]").waitFor();
    await checkPage(lead);
    await press(lead, "Email me a sign-in link");
    await lead.locator("h1:text-is('Check your email')").waitFor();
    await checkPage(lead);
    expect(await lead.locator("main").innerText()).toContain(
      `If ${SCHOOL_LEAD} can sign in with a link, we have sent one; it works for 15 minutes, in this browser.`,
    );

    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    const link = new URL(await linkFromOutbox(coordinator, SCHOOL_LEAD, "account.sign-in-link")).pathname;
    expect(link).toMatch(/^\/sign-in\/link\/[A-Za-z0-9_-]{43}$/);

    // Another browser (the coordinator's) is told to open it where it was asked for; the link is not used.
    const elsewhere = await visit(coordinator, link);
    expect(elsewhere?.status()).toBe(403);
    expect(await coordinator.locator("h1").innerText()).toBe(
      "Open this sign-in link in the browser where you asked for it",
    );

    // The asking browser: opening the link only shows a button; pressing it signs in.
    await visit(lead, link);
    expect(await lead.locator("h1").innerText()).toBe("Sign in with your link");
    await Promise.all([
      lead.waitForURL((url) => url.pathname !== "/" && !url.pathname.startsWith("/sign-in")),
      press(lead, "Sign in"),
    ]);
    await checkPage(lead);
    await visit(lead, "/my-training");
    expect(new URL(lead.url()).pathname).toBe("/my-training");

    // Used once: the same link again says so, with a way to ask for another.
    const again = await visit(lead, link);
    expect(again?.status()).toBe(404);
    expect(await lead.locator("h1").innerText()).toBe("This sign-in link has already been used");
    expect(await lead.locator("main a[href='/sign-in/link']").count()).toBe(1);
    await visit(lead, "/sign-in/link");
  });
});
