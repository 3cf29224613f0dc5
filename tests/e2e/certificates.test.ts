import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import type { Browser, Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, expectNoAxeViolations, launchBrowser, newPage, signIn, visit } from "./support/browser";

const require = createRequire(import.meta.url);
/** unzipper ships no types: the little of it this test uses. */
const unzipper = require("unzipper") as {
  Open: { buffer(data: Buffer): Promise<{ files: Array<{ path: string; buffer(): Promise<Buffer> }> }> };
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

/** A row of the zip's manifest: the certificate number, the person's name and the certificate's status. */
let fromManifest: { number: string; name: string; status: string } | undefined;

describe("certificates", () => {
  it("a manager downloads one certificate of a team member, then the whole team's as a zip", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);

    // One certificate, from a team member's record.
    await visit(page, `/people?q=${encodeURIComponent(DEMO.learner)}`);
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.locator("table a").first().click()]);
    await expectNoAxeViolations(page);
    const link = page.locator('a[href$=".pdf"]').first();
    await expect.poll(() => link.count()).toBe(1);
    const [single] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(single.suggestedFilename()).toMatch(/^certificate-.+\.pdf$/);
    expect((await bytesOf(single)).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The team's, from the bulk page reached through the navigation.
    await Promise.all([
      page.waitForURL(/\/certificates\/bulk$/),
      page.click(".govuk-service-navigation a:text-is('Certificates')"),
    ]);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/check=1/), page.click("main button:has-text('Check selection')")]);
    // The selection's count (the organisation picker has live regions of its own).
    const status = page.locator("[role=status]", { hasText: "in this selection" });
    await expect.poll(() => status.innerText()).toMatch(/\d+ certificates? in this selection/);
    await expectNoAxeViolations(page);
    const count = Number(
      (await status.innerText()).match(/([\d,]+) certificates? in this selection/)![1]!.replace(/,/g, ""),
    );
    const [zip] = await Promise.all([page.waitForEvent("download"), page.click("a:has-text('(zip)')")]);
    expect(zip.suggestedFilename()).toMatch(/^certificates-\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = await bytesOf(zip);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const archive = await unzipper.Open.buffer(bytes);
    expect(archive.files.filter((f) => f.path.endsWith(".pdf"))).toHaveLength(count);
    const manifest = parse(await archive.files.find((f) => f.path === "manifest.csv")!.buffer(), {
      bom: true,
      columns: true,
    }) as Array<Record<string, string>>;
    expect(manifest).toHaveLength(count);
    const first = manifest[0]!;
    fromManifest = {
      number: first["Certificate number"]!,
      name: `${first["Given name"]} ${first["Family name"]}`,
      status: first.Status!,
    };
  });

  it("a signed-out visitor checks a certificate number and gets a clear answer for a wrong one", async () => {
    expect(fromManifest, "the manager's zip gave a certificate number").toBeDefined();
    const page = await newPage(browser);
    await visit(page, "/verify");
    await page.click("main button[type=submit]");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.title()).toMatch(/^Error: Check a certificate/);
    await expectNoAxeViolations(page);

    await page.fill("input[name=code]", fromManifest!.number.toLowerCase());
    await Promise.all([page.waitForURL(/\/verify\/[0-9A-Z]{16}$/), page.click("main button[type=submit]")]);
    const heading = {
      valid: "This certificate is valid",
      expired: "This certificate has expired",
      superseded: "This certificate has been replaced by a newer one",
    }[fromManifest!.status];
    await expect.poll(() => page.locator("h1").innerText()).toBe(heading);
    expect(await page.locator(".govuk-summary-list").innerText()).toContain(fromManifest!.name);
    await expectNoAxeViolations(page);

    const response = await visit(page, "/verify/0000-0000-0000-0000");
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("We could not find that certificate");
    const malformed = await visit(page, "/verify/not-a-number");
    expect(malformed?.status()).toBe(404);
    expect(await page.locator("main").innerText()).toContain("is not a certificate number");
  });

  it("a coordinator sees what revoking a completion means and must give a reason", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, `/people?q=${encodeURIComponent(DEMO.learner)}`);
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.locator("table a").first().click()]);
    await Promise.all([
      page.waitForURL(/\/admin\/completions\/\d+\/revoke$/),
      page.locator("a[href$='/revoke']").first().click(),
    ]);
    expect(await page.locator("h1").innerText()).toBe("Revoke this completion");
    await expectNoAxeViolations(page);
    await page.click("main button[type=submit]");
    await expect
      .poll(() => page.locator(".govuk-error-summary").innerText())
      .toContain("Enter why the completion is being revoked");
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.click("main a:text-is('Cancel')")]);
  });
});
