import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePdf, samplePng } from "../support/evidence-files";
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

async function errorSummary(page: Page) {
  await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
  return page.locator(".govuk-error-summary").innerText();
}

/** A date `days` before today, as the date input's day, month and year. */
function daysAgo(days: number) {
  const date = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

/**
 * The demo learner sends evidence from My training (the form checked with axe, first sent with
 * mistakes); returns the submission's id from the page it lands on.
 */
async function sendEvidence(
  page: Page,
  course: string,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<number> {
  await visit(page, "/my-training");
  await Promise.all([
    page.waitForURL(/\/my-training\/evidence\/new$/),
    page.click("main a:has-text('Record training done elsewhere')"),
  ]);
  await expectNoAxeViolations(page);
  await expectNoDuplicateIds(page);

  await press(page, "Send for verification");
  const errors = await errorSummary(page);
  expect(errors).toContain("Select the course you completed");
  expect(errors).toContain("Enter the date you completed the course");
  await expectNoAxeViolations(page);

  await page.selectOption("select[name=courseId]", { label: course });
  const when = daysAgo(6);
  await page.fill("#completedOn-day", when.day);
  await page.fill("#completedOn-month", when.month);
  await page.fill("#completedOn-year", when.year);
  await page.check("input[name=kind][value=certificate]");
  await page.setInputFiles("input[name=evidenceFile]", file);
  await page.fill("input[name=provider]", "Home Office (GOV.UK)");
  await Promise.all([page.waitForURL(/\/evidence\/\d+\?sent=1$/), press(page, "Send for verification")]);
  await expectNoAxeViolations(page);
  const main = await page.locator("main").innerText();
  expect(main).toContain("Your evidence has been sent");
  expect(main).toContain("Awaiting verification");
  return Number(/\/evidence\/(\d+)/.exec(page.url())![1]);
}

/** The coordinator opens the submission from the queue (both pages checked with axe). */
async function openFromQueue(page: Page, id: number) {
  await visit(page, "/evidence");
  expect(await page.locator("h1").innerText()).toBe("Evidence to verify");
  await Promise.all([page.waitForURL(new RegExp(`/evidence/${id}$`)), page.click(`main a[href="/evidence/${id}"]`)]);
  await expectNoAxeViolations(page);
  await expectNoDuplicateIds(page);
}

/** The rows of one of My training's tables (by caption) for a course. */
async function myTrainingRows(page: Page, caption: string, course: string): Promise<string[]> {
  await visit(page, "/my-training");
  return page.locator(`table:has(caption:text-is("${caption}")) tbody tr:has-text("${course}")`).allInnerTexts();
}

describe("evidence of training done elsewhere", () => {
  it("is accepted by the coordinator: awaiting verification until then, then it counts", async () => {
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const course = "Prevent referrals (Home Office e-learning)";
    const id = await sendEvidence(learner, course, {
      name: "referrals-certificate.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("Prevent referrals")),
    });
    const waiting = await myTrainingRows(learner, "Evidence of training done elsewhere", course);
    expect(waiting).toEqual([expect.stringContaining("Awaiting verification")]);
    const before = await myTrainingRows(learner, "Completed training", course);

    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await openFromQueue(coordinator, id);
    expect(await coordinator.locator("main").innerText()).toContain("referrals-certificate.pdf");
    await Promise.all([coordinator.waitForURL(/\?decided=accepted$/), press(coordinator, "Accept evidence")]);
    await expectNoAxeViolations(coordinator);
    expect(await coordinator.locator("main").innerText()).toContain("Evidence accepted");

    expect(await myTrainingRows(learner, "Evidence of training done elsewhere", course)).toEqual([]);
    const after = await myTrainingRows(learner, "Completed training", course);
    expect(after).toHaveLength(before.length + 1);
    await learner.context().close();
    await coordinator.context().close();
  });

  it("is rejected by the coordinator with a reason the learner sees", async () => {
    const learner = await newPage(browser);
    await signIn(learner, DEMO.learner);
    const course = "Prevent awareness (Home Office e-learning)";
    // A photo of the certificate, named as if it were a PDF: kept as the PNG it is.
    const id = await sendEvidence(learner, course, {
      name: "awareness.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePng()),
    });
    expect(await learner.locator("main").innerText()).toContain("PNG");

    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await openFromQueue(coordinator, id);
    await press(coordinator, "Do not accept");
    expect(await errorSummary(coordinator)).toContain("Enter why the evidence is not accepted");
    await expectNoAxeViolations(coordinator);
    const reason = "The picture is too small to read: send the PDF GOV.UK gave you.";
    await coordinator.fill("textarea[name=reason]", reason);
    await Promise.all([coordinator.waitForURL(/\?decided=rejected$/), press(coordinator, "Do not accept")]);
    expect(await coordinator.locator("main").innerText()).toContain("Evidence not accepted");

    const rows = await myTrainingRows(learner, "Evidence of training done elsewhere", course);
    expect(rows).toEqual([expect.stringContaining("Not accepted")]);
    expect(rows[0]).toContain(reason);
    await visit(learner, `/evidence/${id}`);
    expect(await learner.locator("main").innerText()).toContain(reason);
    await learner.context().close();
    await coordinator.context().close();
  });
});
