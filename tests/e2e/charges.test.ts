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

describe("charges for no-shows and late cancellations", () => {
  it("the coordinator reads a quarter's charges by organisation, downloads the CSV, and changes a rate; axe clean", async () => {
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await visit(coordinator, "/admin");
    await Promise.all([coordinator.waitForURL("**/admin/charges"), coordinator.click("main a:text-is('Charges')")]);
    await visit(coordinator, "/admin/charges");
    expect(await coordinator.locator("h1").innerText()).toBe("Charges for no-shows and late cancellations");

    // The demo's partners' past no-shows and late cancellations are charged: find a quarter with some.
    const quarters = await coordinator
      .locator("select[name=quarter] option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    let found: string | null = null;
    for (const quarter of quarters) {
      await coordinator.selectOption("select[name=quarter]", quarter);
      await Promise.all([
        coordinator.waitForURL(new RegExp(`quarter=${quarter}`)),
        coordinator.click("main button:text-is('Show charges')"),
      ]);
      if ((await coordinator.locator("main table").count()) > 0) {
        found = quarter;
        break;
      }
    }
    expect(found, "a quarter with charges in the demo").not.toBeNull();
    await visit(coordinator, `/admin/charges?quarter=${found}`);
    const byOrganisation = coordinator.locator("main table").first();
    expect(await byOrganisation.locator("caption").innerText()).toBe("By organisation");
    const total = await byOrganisation.locator("tbody tr").last().innerText();
    expect(total).toMatch(/^Total/);
    expect(total).toMatch(/£\d[\d,]*\.\d\d/);
    expect(await coordinator.locator("main table").nth(1).locator("tbody tr").count()).toBeGreaterThan(0);

    const csv = await coordinator.request.get(`/admin/charges.csv?quarter=${found}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toContain("Organisation,Organisation id,Kind of organisation");
    expect(lines.length).toBeGreaterThan(1);

    await Promise.all([
      coordinator.waitForURL("**/admin/charges/rates"),
      coordinator.click("main a:text-is('Change the rates')"),
    ]);
    await visit(coordinator, "/admin/charges/rates");
    await coordinator.fill("input[name=contractor-noShow]", "seventy");
    await coordinator.click("main button:text-is('Save charges')");
    await coordinator.locator(".govuk-error-summary").waitFor();
    expect(await coordinator.locator(".govuk-error-summary").innerText()).toContain(
      "must be an amount in pounds, like 50 or 37.50",
    );
    await coordinator.fill("input[name=contractor-noShow]", "75");
    // GOV.UK Frontend's button ignores a second click within a second of the first (preventDoubleClick).
    await coordinator.waitForTimeout(1100);
    await Promise.all([
      coordinator.waitForURL(/\/admin\/charges\/rates\?saved=1$/),
      coordinator.click("main button:text-is('Save charges')"),
    ]);
    await visit(coordinator, "/admin/charges/rates?saved=1");
    expect(await coordinator.inputValue("input[name=contractor-noShow]")).toBe("75.00");
    expect(await coordinator.locator(".govuk-notification-banner").innerText()).toContain(
      "The charges have been saved.",
    );
  });

  it("the bank holidays page lists the shipped days; axe clean", async () => {
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await visit(coordinator, "/admin/bank-holidays");
    expect(await coordinator.locator("main").innerText()).toContain("Boxing Day (substitute day)");
  });

  it("is not there for a learner", async () => {
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    expect((await learner.goto("/admin/charges"))?.status()).toBe(403);
  });
});
