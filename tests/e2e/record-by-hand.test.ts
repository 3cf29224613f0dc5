import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePdf } from "../support/evidence-files";
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

async function pdfText(bytes: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  await document.destroy();
  return content.items
    .map((item) => ("str" in item ? item.str : ""))
    .join(" ")
    .replace(/\s+/g, " ");
}

/** A date a few days ago in London, as the date input's day, month and year. */
function daysAgo(days: number): [string, string, string] {
  const date = new Date(Date.now() - days * 86_400_000);
  const [y, m, d] = date.toLocaleDateString("en-CA", { timeZone: "Europe/London" }).split("-");
  return [String(Number(d)), String(Number(m)), y!];
}

describe("a completion recorded by hand", () => {
  it("the coordinator records training done elsewhere for the demo learner; the certificate and its check say it came from outside evidence", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin");
    await Promise.all([
      page.waitForURL(/\/admin\/completions\/new$/),
      page.click("main a:text-is('Record a completion')"),
    ]);
    await expectNoAxeViolations(page);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Record a completion");

    // Nothing filled in: every problem, in the error summary and on its field.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), press(page, "Continue")]);
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.innerText()).toContain("Enter the employee numbers or e-mail addresses");
    expect(await summary.innerText()).toContain("Select the course");
    expect(await summary.innerText()).toContain("Enter the date of the training");
    expect(await summary.innerText()).toContain("Enter who provided the training");
    await expectNoDuplicateIds(page);
    await expectNoAxeViolations(page);

    // A line that names no one is refused by its number; the file attached stays attached.
    await page.fill("#people", `${DEMO.learner}\nno-such-person@example.com`);
    const wrap = await page
      .locator("#courseId option")
      .evaluateAll(
        (options) => (options as HTMLOptionElement[]).find((o) => o.value !== "" && !o.text.includes("retired"))?.text,
      );
    await page.selectOption("#courseId", { label: wrap! });
    const [day, month, year] = daysAgo(3);
    await page.fill("#completedOn-day", day);
    await page.fill("#completedOn-month", month);
    await page.fill("#completedOn-year", year);
    await page.fill("#provider", "Eastshire County Council");
    await page.setInputFiles("#evidenceFile", {
      name: "wrap-register.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(samplePdf("WRAP register")),
    });
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), press(page, "Continue")]);
    await expect
      .poll(() => summary.innerText())
      .toContain("Line 2 (“no-such-person@example.com”) matches no one's employee number or e-mail address");
    expect(await page.locator("main").innerText()).toContain("Attached: wrap-register.pdf");
    await expectNoAxeViolations(page);

    // Corrected: the confirmation page, then recorded.
    await page.fill("#people", DEMO.learner);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), press(page, "Continue")]);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Check and record this completion");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Eastshire County Council");
    expect(main).toContain("File attached: wrap-register.pdf");
    expect(main).toContain(DEMO.learner);
    await expectNoDuplicateIds(page);
    await expectNoAxeViolations(page);
    await Promise.all([
      page.waitForURL(/\/admin\/completions\/new\?recorded=\d+&count=1$/),
      press(page, "Record completion"),
    ]);
    const banner = page.locator(".govuk-notification-banner--success");
    await expect.poll(() => banner.innerText()).toMatch(/recorded for /);
    await expectNoAxeViolations(page);

    // The certificate says where the completion came from, and so does its public check.
    const link = banner.locator("a[href$='.pdf']");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const text = await pdfText(await readFile((await download.path())!));
    expect(text).toContain("Recorded from outside evidence: training provided by Eastshire County Council");
    const verifyUrl = text.match(/https?:\/\/\S+\/verify\/([0-9A-Z]{16})/);
    expect(verifyUrl, text).not.toBeNull();
    const checker = await newPage(browser);
    await visit(checker, `/verify/${verifyUrl![1]}`);
    expect(await checker.locator("main").innerText()).toContain(
      "Recorded from outside evidence: training provided by Eastshire County Council",
    );
  });
});
