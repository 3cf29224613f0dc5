import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chooseOrganisation,
  DEMO,
  expectNoAxeViolations,
  expectNoDuplicateIds,
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

// Nothing is sent here (the suite's server is shared, and other tests invite its people): the
// invitations themselves are tests/integration/invitations.test.ts's.
describe("inviting everyone in an organisation: the organisation picker", () => {
  it("the coordinator types part of a name and chooses a suggestion; words matching several come back as an error and links", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/people/invitations");
    // No list of organisations on the page: the picker asks for a few as the coordinator types.
    expect(await page.locator("main select, main option").count()).toBe(0);
    await chooseOrganisation(page, "organisationId", "homeless", CHOSEN);
    expect(await page.locator("input[type=hidden][name=organisationId]").inputValue()).toMatch(/^\d+$/);

    // Words chosen from no suggestion, matching several: the GOV.UK error summary, and the matches as links.
    await visit(page, "/people/invitations");
    const words = page.locator("input#organisationId.autocomplete__input");
    await words.fill("hous");
    // The suggestions close (they lie over the button), none chosen.
    await page.locator("#organisationId__listbox li").first().waitFor();
    await words.press("Escape");
    await press(page, "Send invitations");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain(
      "More than one organisation matches “hous”",
    );
    expect(await page.title()).toMatch(/^Error: Invitations to create an account/);
    const matches = page.locator("main .govuk-inset-text a");
    expect(await matches.allInnerTexts()).toContain(CHOSEN);
    await expectNoDuplicateIds(page);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/organisationId=\d+/), matches.filter({ hasText: CHOSEN }).click()]);
    await expect.poll(() => page.locator("input#organisationId").inputValue()).toBe(CHOSEN);
    await expectNoAxeViolations(page);
  });

  it("works without JavaScript: a text input, the matches as links, the one chosen shown", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signIn(page, DEMO.coordinator);
    await page.goto("/people/invitations");
    const input = page.locator("input#organisationId");
    expect(await input.getAttribute("class")).toBe("govuk-input");
    await input.fill("hous");
    await page.click("main button:text-is('Send invitations')");
    expect(await page.locator(".govuk-error-summary").innerText()).toContain(
      "More than one organisation matches “hous”",
    );
    const matches = page.locator("main .govuk-inset-text a");
    await Promise.all([page.waitForURL(/organisationId=\d+/), matches.filter({ hasText: CHOSEN }).click()]);
    expect(await page.locator("input#organisationId").inputValue()).toBe(CHOSEN);
    expect(await page.locator("input[type=hidden][name=organisationId]").inputValue()).toMatch(/^\d+$/);
  });
});
