import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScormPackage } from "../support/scorm-packages";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { DEMO, launchBrowser, newPage, signIn, visit } from "./support/browser";

/**
 * Issue 19: SCORM packages built here, uploaded through the coordinator's form, played in
 * Chromium through the runtime (scorm-again on the player's window): the window closed mid-way,
 * resumed at the saved location, finished, one completion. One SCORM 1.2 package commits as it
 * goes and fails first, then passes on a retry; one SCORM 2004 package never commits and calls
 * Terminate only while its page unloads.
 */

/** SCORM 1.2 content: finds window.API in its parents, commits on every page, passes or fails when asked. */
const SCORM_12_LESSON = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson</title></head><body>
<p id="page">Loading</p>
<button id="next" type="button">Next page</button>
<button id="pass" type="button">Pass the quiz</button>
<button id="fail" type="button">Fail the quiz</button>
<script>
  function findApi(win) { for (var n = 0; win && n < 10; n++) { if (win.API) return win.API; if (win.parent === win) break; win = win.parent; } return null; }
  var api = findApi(window);
  api.LMSInitialize("");
  var page = Number(api.LMSGetValue("cmi.core.lesson_location") || "1");
  function show(text) { document.getElementById("page").textContent = text || "Page " + page; }
  show();
  if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  document.getElementById("next").onclick = function () {
    page++;
    api.LMSSetValue("cmi.core.lesson_location", String(page));
    api.LMSSetValue("cmi.suspend_data", "seen=" + page);
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSCommit("");
    show();
  };
  document.getElementById("pass").onclick = function () {
    api.LMSSetValue("cmi.core.score.raw", 90);
    api.LMSSetValue("cmi.core.lesson_status", "passed");
    api.LMSCommit("");
    api.LMSFinish("");
    show("Passed");
  };
  document.getElementById("fail").onclick = function () {
    api.LMSSetValue("cmi.core.score.raw", "20");
    api.LMSSetValue("cmi.core.lesson_status", "failed");
    api.LMSCommit("");
    api.LMSFinish("");
    show("Failed");
  };
</script></body></html>`;

/** SCORM 2004 content that never calls Commit: it calls Terminate only as its page unloads. */
const SCORM_2004_LESSON = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson</title></head><body>
<p id="page">Loading</p>
<button id="next" type="button">Next page</button>
<button id="finish" type="button">Finish</button>
<script>
  function findApi(win) { for (var n = 0; win && n < 10; n++) { if (win.API_1484_11) return win.API_1484_11; if (win.parent === win) break; win = win.parent; } return null; }
  var api = findApi(window);
  api.Initialize("");
  var page = Number(api.GetValue("cmi.location") || "1");
  function show(text) { document.getElementById("page").textContent = text || "Page " + page; }
  show();
  document.getElementById("next").onclick = function () {
    page++;
    api.SetValue("cmi.location", String(page));
    api.SetValue("cmi.exit", "suspend");
    show();
  };
  document.getElementById("finish").onclick = function () {
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "passed");
    api.SetValue("cmi.exit", "normal");
    show("Finished");
  };
  window.addEventListener("pagehide", function () { api.Terminate(""); });
</script></body></html>`;

let browser: Browser;
let coordinator: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  coordinator = await newPage(browser);
  await signIn(coordinator, DEMO.coordinator);
});
afterAll(async () => {
  await browser?.close();
});

/** The id of a demo course, from its page in the catalogue. */
async function courseId(page: Page, title: string): Promise<number> {
  await page.goto("/courses");
  await page.getByRole("link", { name: title, exact: true }).first().click();
  await page.waitForURL(/\/courses\/\d+$/);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

async function upload(course: number, zip: Uint8Array, name: string) {
  await coordinator.goto(`/admin/courses/${course}/package`);
  // The coordinator is told what a package may load from elsewhere (decision 014): nothing.
  expect(await coordinator.getByText(/loads nothing from other websites/).count()).toBe(1);
  await coordinator.setInputFiles("input[name=package]", {
    name,
    mimeType: "application/zip",
    buffer: Buffer.from(zip),
  });
  await Promise.all([
    coordinator.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/package")),
    coordinator.locator("form[enctype='multipart/form-data'] button[type=submit]").click(),
  ]);
  await coordinator.locator("h1").first().waitFor();
  expect(await coordinator.locator(".govuk-error-summary").count()).toBe(0);
}

/** The learner's player page, pressing the button that starts or resumes; returns the content frame. */
async function play(page: Page, course: number, button: string): Promise<Frame> {
  await visit(page, `/elearning/${course}`);
  await Promise.all([page.waitForURL(/\?attempt=\d+$/), page.getByRole("button", { name: button }).click()]);
  const frameElement = await page.waitForSelector("iframe");
  await expect.poll(async () => (await frameElement.contentFrame())?.url() ?? "").toContain("/elearning/content/");
  const frame = (await frameElement.contentFrame())!;
  await frame
    .locator("#page")
    .filter({ hasText: /Page \d+/ })
    .waitFor();
  return frame;
}

/** Errors the browser reported (a Content Security Policy refusal among them), by page. */
const consoleErrors: string[] = [];
function watch(page: Page): Page {
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe (WCAG 2.2 A and AA) on the player's page itself, not inside the package's frame. */
async function expectPlayerAxeClean(page: Page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; help: string }> }> };
      }
    ).axe;
    const result = await axe.run(document, {
      iframes: false,
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  });
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** Closes the learner's window the way a person does, and opens a new one, still signed in. */
async function closeAndReopen(page: Page): Promise<Page> {
  const context = page.context();
  await page.close({ runBeforeUnload: true });
  // The beacon is sent as the page goes; give the server a moment to store it.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return watch(await context.newPage());
}

describe("the e-learning player", () => {
  it("SCORM 1.2: saves as it goes, resumes where the window was closed, fails, then passes on a retry", async () => {
    const learner = watch(await newPage(browser));
    await signIn(learner, DEMO.learner);
    const course = await courseId(learner, "Safeguarding children level 1");
    await upload(
      course,
      await buildScormPackage({
        scorm: "1.2",
        launch: "lesson/index.html?from=manifest",
        title: "Safeguarding children",
        files: { "lesson/index.html": SCORM_12_LESSON },
      }),
      "safeguarding-12.zip",
    );

    let frame = await play(learner, course, "Start");
    await expect.poll(() => frame.locator("#page").textContent()).toBe("Page 1");
    // The player's own page, with the course in its frame (the package's pages are the author's).
    await expectPlayerAxeClean(learner);
    await frame.click("#next");
    await frame.click("#next");
    await expect.poll(() => learner.locator("#elearning-status").textContent()).toMatch(/Progress saved/);

    let page = await closeAndReopen(learner);
    frame = await play(page, course, "Resume");
    await expect.poll(() => frame.locator("#page").textContent()).toBe("Page 3");

    await frame.click("#fail");
    await expect.poll(() => page.locator("#elearning-status").textContent()).toMatch(/did not pass/);
    await visit(page, `/elearning/${course}`);
    expect(await page.getByText("Not passed").count()).toBe(1);

    frame = await play(page, course, "Try again");
    // A new attempt begins at the start.
    await expect.poll(() => frame.locator("#page").textContent()).toBe("Page 1");
    await frame.click("#pass");
    await expect.poll(() => page.locator("#elearning-status").textContent()).toMatch(/completed this course/);

    page = await closeAndReopen(page);
    await visit(page, `/elearning/${course}`);
    expect(await page.getByRole("heading", { name: "Course completed" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /Download your certificate/ }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Start again" }).count()).toBe(1);
    await page.context().close();
    expect(consoleErrors).toEqual([]);
  }, 120_000); // two windows, two sign-ins, a slow machine

  it("SCORM 2004 that only terminates as it unloads: nothing is lost when the window closes", async () => {
    const learner = watch(await newPage(browser));
    await signIn(learner, DEMO.learner);
    const course = await courseId(learner, "Safeguarding adults level 1");
    await upload(
      course,
      await buildScormPackage({
        scorm: "2004-4th",
        launch: "index.html",
        title: "Safeguarding adults",
        files: { "index.html": SCORM_2004_LESSON },
      }),
      "safeguarding-2004.zip",
    );

    let frame = await play(learner, course, "Start");
    await frame.click("#next");
    await frame.click("#next");
    // Closed at once: no Commit, and before the debounced save; Terminate and the beacon carry it.
    let page = await closeAndReopen(learner);
    frame = await play(page, course, "Resume");
    await expect.poll(() => frame.locator("#page").textContent()).toBe("Page 3");

    await frame.click("#finish");
    page = await closeAndReopen(page);
    await visit(page, `/elearning/${course}`);
    expect(await page.getByRole("heading", { name: "Course completed" }).count()).toBe(1);
    // Opening the finished course again starts nothing and records nothing more.
    await visit(page, `/elearning/${course}`);
    expect(await page.getByRole("heading", { name: "Course completed" }).count()).toBe(1);
    await page.context().close();
    expect(consoleErrors).toEqual([]);
  }, 120_000); // two windows, two sign-ins, a slow machine
});
