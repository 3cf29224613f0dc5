import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, press, signIn, visit } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("evaluations", () => {
  it("a learner completes the evaluation of a session they attended and then downloads the certificate", async () => {
    // The demo manager attended the latest Prevent workshop; its certificate waits for the evaluation.
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);
    await visit(page, "/my-training");
    await expect
      .poll(() => page.locator("a:has-text('Complete the evaluation to get your certificate')").count())
      .toBeGreaterThan(0);
    await Promise.all([
      page.waitForURL(/\/my-training\/evaluations\/\d+$/),
      page.locator("main a:has-text('Evaluate ')").first().click(),
    ]);
    await expectNoAxeViolations(page);
    expect(await page.locator(".govuk-inset-text").innerText()).toContain(
      "Complete the evaluation to get your certificate",
    );

    // Sent with nothing chosen: the error summary names each required question.
    await press(page, "Send");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary li").count()).toBe(4);
    await expectNoAxeViolations(page);

    // Before 2 and 3, after 4 and 5, and some words.
    const fieldsets = page.locator("main form .govuk-fieldset");
    await expect.poll(() => fieldsets.count()).toBe(4);
    const scores = ["2", "4", "3", "5"];
    for (let i = 0; i < 4; i++) {
      await fieldsets.nth(i).locator(`input[value='${scores[i]}']`).check();
    }
    await page.locator("main textarea").first().fill("Knowing who to call.");
    await Promise.all([page.waitForURL(/\/my-training\/evaluations\/\d+$/), press(page, "Send")]);
    await page.locator(".govuk-panel__title:has-text('Evaluation complete')").waitFor();
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download your certificate')"),
    ]);
    expect(download.suggestedFilename()).toMatch(/^certificate-.+\.pdf$/);
    expect((await readFile(await download.path())).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // My training no longer asks for it.
    await visit(page, "/my-training");
    expect(await page.locator("a:has-text('Complete the evaluation to get your certificate')").count()).toBe(0);
  });

  it("a coordinator reads the evaluation results: the shift as a chart and a table, the means, the words, a CSV", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/evaluations");
    await page.locator("svg[aria-labelledby='shift-chart-title shift-chart-desc']").waitFor();
    const shiftTable = page.locator("table:has(caption:has-text('Confidence before and after the training'))");
    expect(await shiftTable.locator("tbody tr").count()).toBe(2);
    expect(await shiftTable.locator("tbody tr").first().innerText()).toMatch(/\+\d\.\d\d/);
    expect(await page.locator("table:has(caption:has-text('Mean score of each question')) tbody tr").count()).toBe(4);
    await page.locator("h3:has-text('What was most useful?')").waitFor();

    // Filtered to one course.
    const course = page.locator("select[name=courseId] option").nth(1);
    const courseId = await course.getAttribute("value");
    await page.selectOption("select[name=courseId]", courseId!);
    await Promise.all([
      page.waitForURL(new RegExp(`courseId=${courseId}`)),
      page.click("main button:has-text('Show results')"),
    ]);
    await expectNoAxeViolations(page);

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a:has-text('Download every answer (CSV)')"),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^evaluations-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(await csv.path())).toString("utf8");
    expect(text.split("\n")[0]).toContain("Question");
    expect(text.split("\n").length).toBeGreaterThan(2);
  });
});
