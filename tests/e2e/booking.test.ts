import { readFile } from "node:fs/promises";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function textOf(download: Download): Promise<string> {
  return readFile((await download.path())!, "utf8");
}

/** The session pages linked from /sessions (with a query), following "Next" through the pages. */
async function sessionLinks(page: Page, query: string, rowText?: RegExp): Promise<string[]> {
  await visit(page, `/sessions${query}`);
  const hrefs: string[] = [];
  for (;;) {
    const rows = page.locator("table tbody tr");
    for (const row of await rows.all()) {
      if (rowText && !rowText.test((await row.innerText()).trim())) continue;
      hrefs.push((await row.locator("a").first().getAttribute("href"))!);
    }
    const next = page.locator(".govuk-pagination__next a");
    if ((await next.count()) === 0) return hrefs;
    await Promise.all([page.waitForURL(/page=/), next.click()]);
  }
}

/** Clicks a link or button that leads to another page and waits for that page. */
async function follow(page: Page, selector: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.locator(selector).first().click()]);
}

describe("the waiting list", () => {
  it("a learner joins a full session's waiting list at number 1 and gets the place the coordinator frees", async () => {
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    // The demo's full session shows the coordinator who is booked and who is waiting, in order.
    const [demoFull] = await sessionLinks(coordinator, "", /waiting/);
    expect(demoFull, "the demo data has a full session with a waiting list").toBeTruthy();
    await visit(coordinator, demoFull!);
    expect(await coordinator.locator("table:has(caption:has-text('Waiting list')) tbody tr").count()).toBeGreaterThan(
      0,
    );

    // A session with a few places left that the learner could book; the coordinator fills it, so
    // the learner is first on its waiting list (the demo's own waiting list stays as it is).
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const nearlyFull = await sessionLinks(coordinator, "?places=yes&where=venue", /\t[1-3]$/);
    let found: string | null = null;
    for (const href of nearlyFull) {
      await visit(learner, href);
      if ((await learner.locator("button:has-text('Book a place')").count()) === 1) {
        found = href;
        break;
      }
    }
    expect(found, "a session with one to three places left that the learner may book").not.toBeNull();
    const sessionPath = found!;

    await visit(coordinator, "/people");
    const personPages = await coordinator
      .locator("table a[href^='/people/']")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    for (const personPage of personPages) {
      await visit(coordinator, sessionPath);
      if ((await coordinator.locator("main").innerText()).includes("Full (")) break;
      await visit(coordinator, personPage);
      const email = (
        await coordinator.locator(".govuk-summary-list__row:has(dt:has-text('Email')) dd").innerText()
      ).trim();
      if (!email.includes("@")) continue;
      await visit(coordinator, `${sessionPath}/book-others`);
      await coordinator.fill("textarea[name=people]", email);
      await coordinator.click("button:has-text('Book these people')");
      // Someone booked on another session of the course, or whose training runs out first, is warned of first.
      const happened = coordinator.locator("table:has(caption:has-text('What happened'))");
      const check = coordinator.locator("main h2:text-is('Check before you book')");
      await expect.poll(async () => (await happened.count()) + (await check.count())).toBe(1);
      if ((await check.count()) === 1) {
        expect(await coordinator.locator("main .govuk-warning-text").count()).toBeGreaterThan(0);
        await expectNoAxeViolations(coordinator);
        await coordinator.waitForTimeout(1100);
        await coordinator.click("button:has-text('Book these people anyway')");
      }
      await expect.poll(() => happened.count()).toBe(1);
      await expectNoAxeViolations(coordinator);
    }
    await visit(coordinator, sessionPath);
    expect(await coordinator.locator("main").innerText()).toContain("Full (");
    expect(await coordinator.locator("table:has(caption:has-text('Waiting list'))").count()).toBe(0);

    await visit(learner, sessionPath);
    expect(await learner.locator("button:has-text('Join the waiting list')").count()).toBe(1);
    await learner.click("button:has-text('Join the waiting list')");
    await expect
      .poll(() => learner.locator(".govuk-error-summary").innerText())
      .toContain("Confirm that your manager has agreed");
    expect(await learner.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(learner);
    await learner.check("input[name=managerAgreed]");
    await follow(learner, "button:has-text('Join the waiting list')", /\/my-bookings\?waitlisted=\d+/);
    await expect
      .poll(() => learner.locator(".govuk-notification-banner").innerText())
      .toContain("You are number 1 on the waiting list");
    await expectNoAxeViolations(learner);
    const myRow = learner.locator(`table tr:has(a[href="${sessionPath}"])`);
    expect(await myRow.innerText()).toContain("Waiting list: number 1");
    await visit(learner, sessionPath);
    expect(await learner.locator("main").innerText()).toContain("number 1 on the waiting list");

    // The coordinator cancels someone's place: the learner is promoted.
    await visit(coordinator, sessionPath);
    await follow(coordinator, "table:has(caption:has-text('People with a place')) a:has-text('Cancel')", /\/cancel$/);
    await expectNoAxeViolations(coordinator);
    await follow(coordinator, "button:has-text('Cancel booking')", /cancelled=1&promoted=1/);
    await expect
      .poll(() => coordinator.locator(".govuk-notification-banner").innerText())
      .toContain("The first person waiting now has the place");
    await expectNoAxeViolations(coordinator);

    await visit(learner, "/my-bookings");
    expect(await learner.locator(`table tr:has(a[href="${sessionPath}"])`).innerText()).toContain("Booked");
    await visit(learner, "/messages");
    expect(await learner.locator("main").innerText()).toContain("You have a place:");
  });
});

describe("booking for someone else", () => {
  it("a manager books a member of their team from the person's record", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);
    await visit(page, "/people");
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.locator("table a").first().click()]);
    await follow(page, "a:has-text('Book on a session')", /\/sessions\?for=\d+/);
    await expectNoAxeViolations(page);
    const forParam = new URL(page.url()).searchParams.get("for");
    const candidates = await sessionLinks(page, `?for=${forParam}&places=yes`);
    let booked = false;
    for (const href of candidates) {
      await visit(page, href);
      expect(await page.locator("input[name=managerAgreed]").count()).toBe(0);
      if ((await page.locator("button:has-text('Book a place')").count()) === 0) continue;
      await page.click("button:has-text('Book a place')");
      await expect
        .poll(
          async () =>
            new URL(page.url()).searchParams.get("booked") !== null ||
            (await page.locator(".govuk-error-summary").count()) > 0,
        )
        .toBe(true);
      if (new URL(page.url()).searchParams.get("booked") === "booked") {
        booked = true;
        break;
      }
    }
    expect(booked).toBe(true);
    await expect
      .poll(() => page.locator(".govuk-notification-banner").innerText())
      .toContain("now has a place on this session");
    await expectNoAxeViolations(page);
  });
});

describe("booking a place", () => {
  it("a learner books with their manager's agreement, sees it in My bookings, downloads the calendar file, then cancels", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.learner);
    expect(await page.locator(".govuk-service-navigation__list a").allInnerTexts()).toContain("My bookings");
    const candidates = await sessionLinks(page, "?places=yes&where=venue");
    expect(candidates.length).toBeGreaterThan(0);
    // A range that ends before it starts is explained on the filter form.
    await visit(page, "/sessions?from=2027-03-01&to=2027-02-01");
    expect(await page.locator(".govuk-error-summary").innerText()).toContain(
      "The end of the date range must be the same as or after the start",
    );

    let booked: string | null = null;
    let triedWithoutAgreement = false;
    for (const href of candidates) {
      await visit(page, href);
      if ((await page.locator("button:has-text('Book a place')").count()) === 0) continue;
      if (!triedWithoutAgreement) {
        // Without the manager's agreement the form says what is missing.
        triedWithoutAgreement = true;
        await page.click("button:has-text('Book a place')");
        await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
        expect(await page.locator(".govuk-error-summary").innerText()).toContain(
          "Confirm that your manager has agreed",
        );
        await expectNoAxeViolations(page);
        await visit(page, href);
      }
      await page.check("input[name=managerAgreed]");
      await page.click("button:has-text('Book a place')");
      await expect
        .poll(
          async () =>
            new URL(page.url()).pathname === "/my-bookings" || (await page.locator(".govuk-error-summary").count()) > 0,
        )
        .toBe(true);
      if (new URL(page.url()).pathname === "/my-bookings") {
        booked = href;
        break;
      }
      // A clash with another of the learner's bookings: the reason is on the form; try the next session.
      expect(await page.locator(".govuk-error-summary").innerText()).toMatch(/already have|only for staff/);
    }
    expect(booked, "the learner booked one of the sessions with places left").not.toBeNull();
    await expect.poll(() => page.locator(".govuk-notification-banner").innerText()).toContain("You have a place on");
    await expectNoAxeViolations(page);

    const row = page.locator(`table tr:has(a[href="${booked}"])`);
    expect(await row.innerText()).toContain("Booked");
    const [invitation] = await Promise.all([
      page.waitForEvent("download"),
      row.locator("a:has-text('Add to calendar')").click(),
    ]);
    expect(invitation.suggestedFilename()).toMatch(/\.ics$/);
    const ics = await textOf(invitation);
    expect(ics).toContain("METHOD:REQUEST");
    const uid = /UID:(booking-\d+@prevent-training-tracker)/.exec(ics)?.[1];
    expect(uid).toBeTruthy();

    await follow(page, `table tr:has(a[href="${booked}"]) a:has-text('Cancel')`, /\/cancel$/);
    await expectNoAxeViolations(page);
    await follow(page, "button:has-text('Cancel booking')", /\/my-bookings\?cancelled=\d+/);
    await expectNoAxeViolations(page);
    const [cancellation] = await Promise.all([
      page.waitForEvent("download"),
      page.locator(".govuk-notification-banner a:has-text('Remove it from your calendar')").click(),
    ]);
    const cancelled = await textOf(cancellation);
    expect(cancelled).toContain("METHOD:CANCEL");
    expect(cancelled).toContain(`UID:${uid}`);
    expect(cancelled).toMatch(/SEQUENCE:[1-9]/);
  });
});
