import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function submit(page: Page, button: ReturnType<Page["locator"]>, url: RegExp) {
  await Promise.all([page.waitForURL(url), button.click()]);
  await expectNoAxeViolations(page);
}

describe("the attendance register", () => {
  it("the trainer marks people one by one (the coordinator reopening a closed register) and downloads the sign-in sheet", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    const trainerName = (await page.locator(".app-signed-in-as").innerText()).trim();
    await visit(page, "/trainer/sessions");
    // The trainer's earliest session of the last 8 weeks (its register taken; today's, which may
    // have started, has people still to mark): from their recent sessions, or else from the
    // coordinator's list of past sessions.
    const recent = page.locator("table:has(caption:has-text('Recent sessions')) a:has-text('Register')").last();
    let register = (await recent.count()) > 0 ? await recent.getAttribute("href") : null;
    if (!register) {
      const coordinator = await newPage(browser);
      await signIn(coordinator, DEMO.coordinator);
      await visit(coordinator, "/admin/sessions?when=past");
      register = await coordinator
        .locator(`tr:has-text("${trainerName}") a[href$="/register"]`)
        .first()
        .getAttribute("href");
    }
    expect(register, "the demo trainer has run a session").toMatch(/^\/sessions\/\d+\/register$/);
    await visit(page, register!);
    // The demo's sessions ended at least a week ago: a register closed 14 days after its session
    // is reopened by the coordinator, with a reason, before the trainer can mark it.
    if ((await page.locator(".govuk-inset-text:has-text('This register closed on')").count()) > 0) {
      expect(await page.locator("button:has-text('Attended')").count()).toBe(0);
      expect(await page.locator("button:has-text('Reopen the register')").count()).toBe(0);
      const coordinator = await newPage(browser);
      await signIn(coordinator, DEMO.coordinator);
      await visit(coordinator, register!);
      await coordinator.fill("textarea[name=reason]", "Paper sign-in sheet handed in late");
      await submit(coordinator, coordinator.locator("button:has-text('Reopen the register')"), /done=reopened/);
      expect(await coordinator.locator(".govuk-notification-banner").innerText()).toContain("Register reopened.");
      await visit(page, register!);
      expect(await page.locator(".govuk-summary-list").innerText()).toContain(
        "reopened by the training coordinator: Paper sign-in sheet handed in late",
      );
    }
    const registerUrl = page.url();

    const firstRow = () => page.locator("table:has(caption:has-text('People booked')) tbody tr").first();
    const name = (await firstRow().locator("td").first().innerText()).trim();
    await submit(page, firstRow().locator("button:has-text('Absent')"), /done=absent/);
    // Named, and back at the row marked: the banner at the top does not take the focus.
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain(`Marked ${name} as absent.`);
    expect(new URL(page.url()).hash).toMatch(/^#booking-\d+$/);
    expect(await page.evaluate(() => document.activeElement?.closest(".govuk-notification-banner") ?? null)).toBeNull();
    expect(await firstRow().innerText()).toContain("Absent");
    await submit(page, firstRow().locator("button:has-text('Attended')"), /done=attended/);
    expect(await firstRow().innerText()).toContain("Attended");
    await submit(page, firstRow().locator("button:has-text('Absent')"), /done=absent/);

    // Everyone on a delivered session is marked, so there is nobody for "Mark all as attended" to
    // mark, and the absence stands.
    expect((await firstRow().locator("td").first().innerText()).trim()).toBe(name);
    expect(await firstRow().innerText()).toContain("Absent");
    expect(await page.locator("button:has-text('Mark all as attended')").count()).toBe(0);

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download the sign-in sheet (PDF)')"),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^sign-in-sheet-.+-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = await readFile((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(new URL(page.url()).pathname).toBe(new URL(registerUrl).pathname);
  }, 180_000); // two people sign in: the trainer and, for a closed register, the coordinator

  it("someone who does not run the session cannot open its register", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    await visit(page, "/trainer/sessions");
    const href = await page.locator("a:has-text('Register')").first().getAttribute("href");
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const response = await visit(learner, href!);
    expect(response?.status()).toBe(403);
  });
});
