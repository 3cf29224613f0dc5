import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { badScormPackages, goodScormPackage } from "../support/scorm-packages";
import {
  DEMO,
  expectNoAxeViolations,
  expectNoDuplicateIds,
  launchBrowser,
  newPage,
  signIn,
  visit,
} from "./support/browser";

/**
 * The coordinator's package page for a hosted course (the demo's Safeguarding children level 1,
 * which the seed gave a package): a bad upload refused with its message on the field, a new version
 * uploaded and listed above the old one; the course form's settings; the progress page for a manager.
 * Every page axe-clean.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function checkPage(page: Page) {
  await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
}

async function upload(page: Page, name: string, bytes: Uint8Array) {
  await page.setInputFiles('input[name="package"]', { name, mimeType: "application/zip", buffer: Buffer.from(bytes) });
  // GOV.UK's preventDoubleClick: a second apart from any earlier press.
  await page.waitForTimeout(1100);
  await Promise.all([page.waitForLoadState("load"), page.click('main button:has-text("Upload package")')]);
}

describe("the coordinator uploads a SCORM package", () => {
  it("refuses a bad zip with its message, then takes a new version", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin/courses");
    await page.click('a:has-text("E-learning package"):has-text("Safeguarding children level 1")');
    await checkPage(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("E-learning package");
    const packagePath = new URL(page.url()).pathname;
    // The demo's lesson, or a version the player's test uploaded before this file ran (one server for the suite).
    expect(await page.locator("main").textContent()).toMatch(/SCORM (1\.2|2004)/);
    const current = Number(
      await page.locator('.govuk-summary-list__row:has(dt:text-is("Version")) dd').first().textContent(),
    );
    expect(current).toBeGreaterThanOrEqual(1);

    await upload(page, "linked.zip", await badScormPackages.symlinkEntry());
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("a symbolic link");
    expect(await page.locator("#package-error").textContent()).toContain("a symbolic link");
    await checkPage(page);

    await upload(page, "safeguarding-v2.zip", await goodScormPackage({ scorm: "2004-4th", title: "Safeguarding v2" }));
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain(`Version ${current + 1} of the package is now the one learners start`);
    expect(new URL(page.url()).pathname).toBe(packagePath);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("SCORM 2004 4th Edition");
    expect(main).toContain("safeguarding-v2.zip");
    expect(await page.locator("table caption:has-text('Earlier versions')").count()).toBe(1);
    await checkPage(page);

    // The course's change page links here, and shows the three settings.
    const courseId = packagePath.split("/")[3];
    await visit(page, `/admin/courses/${courseId}/edit`);
    expect(await page.locator(`a[href="${packagePath}"]`).count()).toBe(1);
    expect(await page.locator('input[name="elearningCompletesWhen"][value="completed"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="managersMayVerifyEvidence"]').count()).toBe(1);
    expect(await page.locator('input[name="acceptsManagerConfirmation"]').count()).toBe(1);
    await page.close();
  });
});

describe("a manager sees their team's progress", () => {
  it("follows the course page's link to the progress page", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);
    await visit(page, "/courses");
    await page.click('main a:has-text("Safeguarding children level 1")');
    await checkPage(page);
    await page.click('a:has-text("See who has started and completed this e-learning")');
    await checkPage(page);
    await expect.poll(() => page.locator("h1").textContent()).toBe("E-learning progress");
    expect(await page.locator("main table tbody tr").count()).toBeGreaterThan(0);
    await page.click('main a:has-text("Not started")');
    await checkPage(page);
    expect(new URL(page.url()).search).toBe("?status=not_started");
    await page.close();
  });
});
