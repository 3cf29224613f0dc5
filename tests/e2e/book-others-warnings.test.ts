import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

/** The first session page linked from /sessions (following "Next") that warns the learner their training runs out before it. */
async function sessionAfterTrainingRunsOut(page: Page): Promise<string | null> {
  await page.goto("/sessions");
  const hrefs: string[] = [];
  for (;;) {
    hrefs.push(
      ...(await page
        .locator("table tbody tr td:first-child a, table tbody tr th:first-child a")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")!))),
    );
    const next = page.locator(".govuk-pagination__next a");
    if ((await next.count()) === 0) break;
    await Promise.all([page.waitForURL(/page=/), next.click()]);
  }
  for (const href of new Set(hrefs)) {
    await page.goto(href);
    if ((await page.locator("form#booking button[name=intent]").count()) === 0) continue;
    if (/training runs out on \d+ \w+ \d{4}, before this session/.test(await page.locator("main").innerText())) {
      return href;
    }
  }
  return null;
}

// Nothing is booked here (the suite's server is shared, and other tests need the demo learner
// unbooked): booking anyway is tests/integration/book-others-warnings.test.ts's.
describe("booking several people: warnings first", () => {
  it("the coordinator lists the demo learner for a session after their training runs out, and is warned before booking", async () => {
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    // The demo learner's Prevent awareness runs out within weeks (app/demo/completions.ts).
    const late = await sessionAfterTrainingRunsOut(learner);
    expect(late, "a session of a course after the demo learner's training runs out").not.toBeNull();

    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await visit(coordinator, `${late}/book-others`);
    // An empty list is refused: the GOV.UK error summary, and "Error: " first in the title.
    await press(coordinator, "Book these people");
    await expect.poll(() => coordinator.locator(".govuk-error-summary").count()).toBe(1);
    expect(await coordinator.title()).toMatch(/^Error: Book several people/);
    await coordinator.fill("textarea[name=people]", DEMO.learner);
    await press(coordinator, "Book these people");
    await expect.poll(() => coordinator.locator("main h2:text-is('Check before you book')").count()).toBe(1);
    const warning = coordinator.locator("main .govuk-warning-text", { hasText: "runs out on" });
    expect(await warning.count()).toBe(1);
    expect(await warning.innerText()).toMatch(/training runs out on \d+ \w+ \d{4}, before this session\./);
    expect(await coordinator.locator("main button:has-text('Book these people anyway')").count()).toBe(1);
    expect(await coordinator.locator("textarea[name=people]").inputValue()).toBe(DEMO.learner);
    expect(await coordinator.locator("table:has(caption:has-text('What happened'))").count()).toBe(0);
    await expectNoDuplicateIds(coordinator);
    await expectNoAxeViolations(coordinator);
  });
});
