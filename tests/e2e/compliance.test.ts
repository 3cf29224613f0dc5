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

const STATUS_LABELS = ["Current", "Expiring soon", "Expired", "Missing", "Not yet due"];

/** Clicks something that leads to another page and waits for it. */
async function follow(page: Page, selector: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.locator(selector).first().click()]);
}

/** The person ids linked from the team matrix's rows, with the names shown. */
async function teamPeople(page: Page): Promise<Array<{ id: number; name: string }>> {
  const links = page.locator("table tbody th a[href^='/people/']");
  const people: Array<{ id: number; name: string }> = [];
  for (const link of await links.all()) {
    people.push({
      id: Number((await link.getAttribute("href"))!.split("/").pop()),
      name: (await link.innerText()).trim(),
    });
  }
  return people;
}

describe("compliance pages", () => {
  it("the learner sees their requirements with statuses, and cannot open anyone else's record", async () => {
    const manager = await newPage(browser);
    await signIn(manager, DEMO.manager);
    await visit(manager, "/team");
    const others = (await teamPeople(manager)).filter((p) => p.name !== "Chloe Adebayo");
    expect(others.length).toBeGreaterThan(0);

    const page = await newPage(browser);
    await signIn(page, DEMO.learner);
    await visit(page, "/my-training");
    const table = page.locator("table:has(caption:has-text('What I must complete'))");
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await table.innerText()).toContain("Prevent awareness: council frontline staff");
    const tags = await table.locator("tbody td .govuk-tag").allInnerTexts();
    expect(tags.some((tag) => STATUS_LABELS.includes(tag.trim()))).toBe(true);
    expect(await page.locator("main").innerText()).toContain("Expiry is counted from the completion date");
    await expect.poll(() => page.locator("h2").allInnerTexts()).toContain("Completed training");

    for (const other of others.slice(0, 2)) {
      const response = await visit(page, `/people/${other.id}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").innerText()).toBe("Page not found");
    }
    const team = await visit(page, "/team");
    expect(team?.status()).toBe(403);
  });

  it("the manager sees the team matrix, filters it by status, sorts it and downloads it", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.manager);
    await visit(page, "/team");
    await expect.poll(() => page.locator("#team-summary").innerText()).toMatch(/^\d+ of \d+ people current$/);
    const everyone = await teamPeople(page);
    expect(everyone.map((p) => p.name)).toContain("Chloe Adebayo");

    // Filter by status without JavaScript's help: a plain GET form.
    await page.selectOption("select[name=status]", "missing");
    await follow(page, "button:has-text('Apply filters')", /status=missing/);
    await expectNoAxeViolations(page);
    const rows = page.locator("table tbody tr");
    const count = await rows.count();
    if (count === 0) {
      expect(await page.locator("[role=status]").innerText()).toBe("No people match these filters.");
    } else {
      for (const row of await rows.all()) expect(await row.locator(".govuk-tag").allInnerTexts()).toContain("Missing");
    }

    // Sort by worst status, worst first.
    await visit(page, "/team");
    await follow(page, "thead a:has-text('Worst status')", /sort=status/);
    expect(await page.locator("thead th[aria-sort=descending]").innerText()).toContain("Worst status");
    await expectNoAxeViolations(page);

    // The spreadsheet: one line per person and requirement.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[href^='/team.csv']")]);
    expect(download.suggestedFilename()).toMatch(/^team-training-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(header).toBe(
      'Name,Email,HR number,Job title,Organisation,Requirement,Status,"Due, expires or expired on",Completed on,Course completed,Booked on a session on',
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(csv).toContain("Chloe Adebayo");

    // From a row, their record (requirements and audit trail) and booking on their behalf.
    await visit(page, "/team");
    const chloe = everyone.find((p) => p.name === "Chloe Adebayo")!;
    expect(await page.locator(`a[href="/sessions?for=${chloe.id}"]`).count()).toBe(1);
    await visit(page, `/people/${chloe.id}`);
    await expect
      .poll(() => page.locator("h2").allInnerTexts())
      .toEqual(expect.arrayContaining(["Requirements", "Audit trail"]));
  });

  it("the coordinator adds a requirement after previewing who it applies to, then retires it", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin/requirements");
    expect(await page.locator("main").innerText()).toContain("Expiry is counted from the completion date");
    await follow(page, "a:has-text('Add a requirement')", /\/admin\/requirements\/new$/);
    await expectNoAxeViolations(page);

    // Saving with nothing filled in shows the errors.
    await page.click("button:has-text('Save requirement')");
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.title()).toMatch(/^Error: Add a requirement/);
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("Enter a name for the requirement");
    await expectNoAxeViolations(page);

    await page.fill("input[name=name]", "Channel awareness: council managers (browser test)");
    await page.locator("label:has-text('Channel awareness (Home Office e-learning)')").first().click();
    await page.check("input[name=audienceSectors][value=council]");
    await page.check("input[name=audienceTags][value=manager]");
    await page.click("button:has-text('Preview who it applies to')");
    await expect.poll(() => page.locator("#preview").innerText()).toMatch(/would apply to \d+ (people|person)/);
    expect(await page.locator("#preview").innerText()).toMatch(/\d+ of them (are|is) current/);
    expect(await page.locator("input[name=name]").inputValue()).toBe(
      "Channel awareness: council managers (browser test)",
    );
    await expectNoAxeViolations(page);

    await follow(page, "button:has-text('Save requirement')", /\/admin\/requirements\/\d+\?saved=1$/);
    await expectNoAxeViolations(page);
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain("Requirement saved");
    expect(await page.locator("main").innerText()).toContain("Expiry is counted from the completion date");
    expect(await page.locator("main").innerText()).toMatch(/It applies to \d+ (people|person)/);

    const requirementPath = new URL(page.url()).pathname;
    await follow(page, "a:has-text('Change this requirement')", /\/edit$/);
    await expectNoAxeViolations(page);
    expect(await page.locator("input[name=name]").inputValue()).toBe(
      "Channel awareness: council managers (browser test)",
    );
    expect(await page.locator("input[name=audienceTags][value=manager]").isChecked()).toBe(true);
    await visit(page, requirementPath);
    await follow(page, "a:has-text('Retire this requirement')", /\/retire$/);
    await expectNoAxeViolations(page);
    await follow(page, "button:has-text('Retire requirement')", /\/admin\/requirements\?retired=\d+$/);
    await expectNoAxeViolations(page);
    expect(await page.locator(".govuk-notification-banner").innerText()).toContain("has been retired");
  });
});
