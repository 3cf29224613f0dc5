import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, launchBrowser, newPage, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the outbox", () => {
  it("the coordinator finds it from Administration, reads every message with its status and why, and filters it; axe clean", async () => {
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await visit(coordinator, "/admin");
    await Promise.all([coordinator.waitForURL("**/admin/outbox"), coordinator.click("main a:text-is('Outbox')")]);
    await visit(coordinator, "/admin/outbox");
    expect(await coordinator.locator("h1").innerText()).toBe("Outbox");
    // The demo runs without GOV.UK Notify: every message waits, and says why.
    await expect
      .poll(() => coordinator.locator("main .govuk-warning-text").innerText())
      .toContain("GOV.UK Notify is not set up");
    const rows = coordinator.locator("main table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    await coordinator.selectOption("select[name=status]", "pending");
    await Promise.all([
      coordinator.waitForURL(/status=pending/),
      coordinator.click("main button:text-is('Apply filters')"),
    ]);
    await visit(coordinator, new URL(coordinator.url()).pathname + new URL(coordinator.url()).search);
    const statuses = await coordinator.locator("main table tbody [data-status]").allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(["Waiting"]));
    expect(await coordinator.locator("main table tbody").innerText()).toContain(
      "Not sent: GOV.UK Notify is not set up",
    );
    // Nothing else matches a status no message has.
    await visit(coordinator, "/admin/outbox?status=failed");
    expect(await coordinator.locator("main [role=status]").innerText()).toBe("No messages match.");
  });

  it("is not there for a learner", async () => {
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const response = await learner.goto("/admin/outbox");
    expect(response?.status()).toBe(403);
  });
});
