import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { type Browser, type Page, chromium } from "playwright-core";
import { expect, inject } from "vitest";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const DEMO_PASSWORD = "demo-password";
export const DEMO = {
  coordinator: "coordinator@example.com",
  educationOfficer: "education.officer@example.com",
  trainer: "trainer@example.com",
  manager: "manager@example.com",
  learner: "learner@example.com",
} as const;

/** The demo's published authenticator secret (app/demo/accounts.ts): the coordinator and education officer use two-step sign-in. */
export const DEMO_TWO_STEP_SECRET = "JBSWY3DPEHPK3PXPDEMOPTT2FA2STEPS";

/** The code an authenticator app would show for a secret, `stepsAhead` 30-second steps from now. */
export function twoStepCode(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/**
 * Enters a code on /sign-in/two-step. A code is accepted once, and tests sign in as the same
 * demo account often: try this step's code, then the next step's (accepted a step early), then
 * wait for the step after.
 */
export async function enterTwoStepCode(page: Page, secret: string) {
  for (const stepsAhead of [0, 1, null]) {
    // After both, wait for the next step to begin, when its following step is accepted early.
    if (stepsAhead === null) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    // GOV.UK Frontend ignores a second press of a button within a second.
    else if (stepsAhead === 1) await page.waitForTimeout(1100);
    await page.fill("input[name=code]", twoStepCode(secret, stepsAhead ?? 1));
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in/two-step"),
      ),
      page.click("button[type=submit]"),
    ]);
    if (response.status() !== 400) return;
  }
  throw new Error("The two-step code was not accepted");
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/** The system Chromium (Debian's chromium package), with the network it must not reach turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

let contexts = 0;

/**
 * A page in a browser context of its own, as if on another computer (its own address: start-server's TRUST_PROXY);
 * `javaScriptEnabled: false` for a browser that runs none of the pages' scripts.
 */
export async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  contexts += 1;
  const address = `10.${process.pid % 250}.${Math.floor(contexts / 250) % 250}.${(contexts % 250) + 1}`;
  const context = await browser.newContext({
    baseURL: baseUrl(),
    acceptDownloads: true,
    extraHTTPHeaders: { "X-Forwarded-For": address },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return context.newPage();
}

/**
 * On /sign-in: the e-mail, Continue, then (for an e-mail outside single sign-on's domains) the
 * password step; leaves the "Sign in" button to click.
 */
export async function enterEmailAndPassword(page: Page, email: string, password: string) {
  await page.fill("input[name=email]", email);
  await page.click("button:text-is('Continue')");
  await page.locator("input[name=password]").waitFor();
  await page.fill("input[name=password]", password);
}

/** The password step's "Sign in" button (the page has a second one, for a sign-in link). */
export function signInButton(page: Page) {
  return page.getByRole("button", { name: "Sign in", exact: true });
}

/**
 * A signed-in session of a two-step account, kept in start-server's folder for the next test file
 * (and the next test): the authenticator accepts one code per 30-second step, so signing the
 * coordinator in afresh for each of some forty tests made the suite wait out about one step each.
 * Tests of signing in itself (two-step, sign-in links, single sign-on) sign in their own way.
 */
function keptSessionFile(email: string): string {
  return path.join(inject("keptSessionsDir"), `${email}.cookie`);
}

/** The kept session cookie (`ptt_session=…`) of a two-step account, if one is kept. */
export function keptSessionCookie(email: string): string | null {
  const file = keptSessionFile(email);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

export function keepSessionCookie(email: string, cookie: string) {
  writeFileSync(keptSessionFile(email), cookie);
}

/**
 * Resumes the kept session in this page's own browser context; false when none is kept or it has
 * ended (signed out, its roles changed, a test turned two-step off), and the context is left signed out.
 */
async function resumeKeptSession(page: Page, email: string): Promise<boolean> {
  const cookie = keptSessionCookie(email);
  if (!cookie) return false;
  const [name, value] = cookie.split("=") as [string, string];
  await page.context().addCookies([{ name, value, url: baseUrl() }]);
  await page.goto("/");
  // Signed in, the start page sends each user on to their first page; signed out, it stays.
  const { pathname } = new URL(page.url());
  if (pathname !== "/" && !pathname.startsWith("/sign-in")) return true;
  await page.context().clearCookies();
  return false;
}

export async function signIn(page: Page, email: string) {
  if (await resumeKeptSession(page, email)) {
    await page.locator("h1").first().waitFor();
    return;
  }
  await page.goto("/sign-in");
  await enterEmailAndPassword(page, email, DEMO_PASSWORD);
  // Signed in, the start page sends each user on to their first page: wait until they land there.
  await Promise.all([
    page.waitForURL(
      (url) => url.pathname !== "/" && (url.pathname === "/sign-in/two-step" || !url.pathname.startsWith("/sign-in")),
    ),
    signInButton(page).click(),
  ]);
  if (new URL(page.url()).pathname === "/sign-in/two-step") {
    await enterTwoStepCode(page, DEMO_TWO_STEP_SECRET);
    await page.waitForURL((url) => url.pathname !== "/" && !url.pathname.startsWith("/sign-in"));
    const session = (await page.context().cookies()).find((c) => c.name === "ptt_session");
    if (session) keepSessionCookie(email, `${session.name}=${session.value}`);
  }
  await page.locator("h1").first().waitFor();
}

/** Runs axe-core (WCAG 2.2 A and AA rules) on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page) {
  // Evaluated through DevTools, not as an inline <script>, which the page's CSP would refuse.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      // With axe's best practices: among them, that every part of the page is in a landmark (region).
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`,
    );
  });
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Fails when two elements share an id. axe no longer checks this (WCAG 2.2 dropped 4.1.1), but a
 * label or error link pointing at the wrong element ticks the wrong box.
 */
export async function expectNoDuplicateIds(page: Page) {
  const duplicates = await page.evaluate(() => {
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const element of document.querySelectorAll("[id]")) {
      if (seen.has(element.id)) repeated.add(element.id);
      seen.add(element.id);
    }
    return [...repeated];
  });
  expect(duplicates, `duplicate ids on ${page.url()}`).toEqual([]);
}

/** Goes to a path, checks the page has a main heading, no duplicate ids and no axe violations. */
export async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
  return response;
}

const lastPress = new WeakMap<Page, number>();

/**
 * Types words into an organisation picker (GOV.UK's accessible-autocomplete over
 * /organisations/search) and chooses the first suggestion, which must be `chosen`, with the
 * keyboard; axe checks the page while the suggestions show.
 */
export async function chooseOrganisation(page: Page, id: string, words: string, chosen: string) {
  const input = page.locator(`input#${id}.autocomplete__input`);
  await input.waitFor();
  await input.fill(words);
  await page.locator(`#${id}__listbox li`, { hasText: chosen }).waitFor();
  await expectNoAxeViolations(page);
  await input.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect.poll(() => input.inputValue()).toBe(chosen);
}

/**
 * Presses a button in the main content, waiting out GOV.UK Frontend's double-click guard: a
 * `data-prevent-double-click` button ignores a second press within a second, and a form shown again
 * with its errors keeps the same button, so a fast test's next press would be swallowed.
 */
export async function press(page: Page, button: string) {
  const wait = (lastPress.get(page) ?? 0) + 1100 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  await page.click(`main button:has-text("${button}")`);
  // Timed from when the click was done: on a busy machine the click itself can come a few
  // hundred milliseconds after it was asked for, and the next press then fell inside the second.
  lastPress.set(page, Date.now());
}
