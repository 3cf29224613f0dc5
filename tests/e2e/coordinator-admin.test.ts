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

/** A day well ahead, as the date input's day, month and year (the server's calendar is London's; midday UTC is the same day there). */
function daysAhead(days: number) {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(12, 0, 0, 0);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

const lastPress = new WeakMap<Page, number>();

/**
 * Presses a button in the page's main content. GOV.UK Frontend ignores a second press of a
 * button within a second (preventDoubleClick), so a form sent again straight after its errors
 * appear waits out that second, as a person would.
 */
async function press(page: Page, button: string) {
  const wait = (lastPress.get(page) ?? 0) + 1100 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  lastPress.set(page, Date.now());
  await page.click(`main button:has-text("${button}")`);
}

async function errorSummary(page: Page) {
  await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
  return page.locator(".govuk-error-summary").innerText();
}

describe("the coordinator runs the catalogue and the sessions", () => {
  it("creates a course, schedules a session, changes it, cancels it, retires the course and reads the audit log", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const title = `Prevent refresher ${code}`;

    // The hub links to every part of administration.
    await visit(page, "/admin");
    const hub = await page.locator("main h2 a").allInnerTexts();
    expect(hub).toEqual([
      "Evidence to verify",
      "Registers",
      "Evaluations",
      "Everyone's training",
      "Download certificates",
      "Courses",
      "Sessions",
      "Requirements",
      "Record a completion",
      "Imports",
      "Charges",
      "Certificate design",
      "Bank holidays",
      "KPI targets",
      "Accounts",
      "Audit log",
      "Outbox",
    ]);

    // A course: first with mistakes, then right.
    await visit(page, "/admin/courses");
    await Promise.all([page.waitForURL(/\/admin\/courses\/new$/), page.click("text=Add a course")]);
    await expectNoAxeViolations(page);
    await page.fill("input[name=title]", title);
    await page.fill("input[name=durationMinutes]", "0");
    await press(page, "Add course");
    const courseErrors = await errorSummary(page);
    expect(courseErrors).toContain("Enter a course code");
    expect(courseErrors).toContain("Select a category");
    expect(courseErrors).toContain("The length must be at least 1 minute");
    expect(await page.inputValue("input[name=title]")).toBe(title);
    await expectNoAxeViolations(page);
    await page.fill("input[name=code]", code);
    await page.check("input[name=category][value=prevent]");
    await page.check("input[name=deliveryMode][value=face_to_face]");
    await page.fill("input[name=durationMinutes]", "150");
    await page.fill("input[name=validityMonths]", "36");
    await Promise.all([page.waitForURL(/\/admin\/courses\?saved=\d+/), press(page, "Add course")]);
    await expect
      .poll(() => page.locator(".govuk-notification-banner").innerText())
      .toContain(`${title} has been saved`);
    await expectNoAxeViolations(page);
    const courseId = new URL(page.url()).searchParams.get("saved")!;

    // A session of it: a mistake first, then scheduled.
    const row = page.locator("tr", { hasText: title });
    await Promise.all([
      page.waitForURL(/\/admin\/sessions\/new\?course=\d+/),
      row.locator("a", { hasText: "Schedule" }).click(),
    ]);
    await expectNoAxeViolations(page);
    expect(await page.inputValue("select[name=courseId]")).toBe(courseId);
    const when = daysAhead(45);
    await page.fill("#date-day", when.day);
    await page.fill("#date-month", when.month);
    await page.fill("#date-year", when.year);
    await page.fill("input[name=startTime]", "14:00");
    await page.fill("input[name=endTime]", "13:00");
    await page.fill("input[name=capacity]", "0");
    await press(page, "Schedule");
    const sessionErrors = await errorSummary(page);
    expect(sessionErrors).toContain("The end time must be after the start time");
    expect(sessionErrors).toContain("Enter a venue or a joining link");
    expect(sessionErrors).toContain("The number of places must be 1 or more");
    await expectNoAxeViolations(page);
    await page.fill("input[name=endTime]", "16:30");
    await page.fill("input[name=capacity]", "12");
    await page.fill("input[name=venue]", "Civic Centre, Room 4");
    await Promise.all([page.waitForURL(/\/admin\/sessions\?.*scheduled=1/), press(page, "Schedule")]);
    await expect
      .poll(() => page.locator(".govuk-notification-banner").innerText())
      .toContain("The session has been scheduled");
    await expectNoAxeViolations(page);
    const sessionRow = page.locator("tbody tr", { hasText: title });
    expect(await sessionRow.count()).toBe(1);
    expect(await sessionRow.innerText()).toContain("0 of 12");
    expect(await sessionRow.innerText()).toContain("Civic Centre, Room 4");

    // Change its time.
    await Promise.all([
      page.waitForURL(/\/admin\/sessions\/\d+\/edit$/),
      sessionRow.locator("a", { hasText: "Change" }).click(),
    ]);
    await expectNoAxeViolations(page);
    expect(await page.inputValue("input[name=startTime]")).toBe("14:00");
    await page.fill("input[name=startTime]", "13:30");
    await Promise.all([page.waitForURL(/\/admin\/sessions\?updated=\d+/), press(page, "Save changes")]);
    await expect
      .poll(() => page.locator(".govuk-notification-banner").innerText())
      .toContain("The session has been changed");
    const sessionId = new URL(page.url()).searchParams.get("updated")!;

    // Cancel it, after the confirmation page asks why.
    await visit(page, `/admin/sessions/${sessionId}/cancel`);
    expect(await page.locator("h1").innerText()).toBe("Are you sure you want to cancel this session?");
    await press(page, "Cancel session");
    expect(await errorSummary(page)).toContain("Enter why the session is cancelled");
    await expectNoAxeViolations(page);
    await page.fill("textarea[name=reason]", "The trainer is unwell");
    await Promise.all([page.waitForURL(/\/admin\/sessions\?cancelled=\d+/), press(page, "Cancel session")]);
    await visit(page, `/admin/sessions?when=upcoming&course=${courseId}`);
    expect(await page.locator("tbody tr", { hasText: title }).innerText()).toContain("Cancelled");

    // Retire the course, which now has nothing to come.
    await visit(page, `/admin/courses/${courseId}/retire`);
    await Promise.all([page.waitForURL(/\/admin\/courses\?retired=\d+/), press(page, "Retire course")]);
    await expect
      .poll(() => page.locator(".govuk-notification-banner").innerText())
      .toContain(`${title} has been retired`);
    expect(await page.locator("table", { hasText: "Retired" }).innerText()).toContain(title);
    await visit(page, "/courses");
    expect(await page.locator("main").innerText()).not.toContain(title);

    // Everything above is in the audit log.
    await visit(page, `/admin/audit?entity=session&id=${sessionId}`);
    const actions = await page.locator("tbody tr td:nth-child(3)").allInnerTexts();
    expect(actions.map((words) => words.split(" ").slice(0, 3).join(" "))).toEqual([
      "Cancelled the session",
      "Changed the session",
      "Scheduled the session",
    ]);
    expect(actions[0]).toContain(title);
    await page.locator("tbody details summary").first().click();
    expect(await page.locator("tbody details").first().innerText()).toContain("The trainer is unwell");
    await expectNoAxeViolations(page);
  });

  it("offers the sessions list as CSV", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin/sessions?when=past");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download as CSV")]);
    const stream = await download.createReadStream();
    let text = "";
    for await (const chunk of stream) text += chunk.toString();
    // A byte-order mark first, so spreadsheets read the file as UTF-8.
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(text.slice(1).split("\n")[0]).toBe(
      "Date,Starts,Ends,Course code,Course,Where,Trainer,Status,Places,Booked,Fill rate (%),Waiting,Attended,No-shows",
    );
  });
});

describe("the trainer", () => {
  it("sees the sessions they run, and no administration", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.trainer);
    await visit(page, "/trainer/sessions");
    expect(await page.locator("h1").innerText()).toBe("My sessions");
    const response = await visit(page, "/admin/sessions");
    expect(response?.status()).toBe(403);
  });
});

describe("the requirement form", () => {
  it("ticks the organisation whose label was clicked", async () => {
    const page = await newPage(browser);
    await signIn(page, DEMO.coordinator);
    await visit(page, "/admin/requirements/new");
    await page.click("summary:has-text('Keystone Property Repairs Ltd')");
    await page.click("label:has-text('All of Keystone Property Repairs Ltd')");
    const ticked = await page.$$eval("input[name=audienceOrganisationIds]:checked", (inputs) =>
      inputs.map((input) => document.querySelector(`label[for="${input.id}"]`)?.textContent?.trim()),
    );
    expect(ticked).toEqual(["All of Keystone Property Repairs Ltd"]);
  });
});
