import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  expectNoAxeViolations,
  expectNoDuplicateIds,
  launchBrowser,
  newPage,
  signIn,
  visit,
} from "./support/browser";
import { linkFromOutbox } from "./support/outbox";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function checkPage(page: Page) {
  await page.locator("h1").first().waitFor();
  await expectNoDuplicateIds(page);
  await expectNoAxeViolations(page);
}

/** GOV.UK Frontend ignores a second press of a button within a second. */
async function press(page: Page, button: string) {
  await page.waitForTimeout(1100);
  await page.click(`main button:has-text("${button}")`);
}

/** A demo person with an e-mail and no account: the first on the people list whose page offers an invitation. */
async function someoneToInvite(coordinator: Page): Promise<{ path: string; email: string }> {
  await visit(coordinator, "/people");
  const paths = await coordinator
    .locator("main table a.govuk-link")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const path of paths) {
    await coordinator.goto(path);
    if ((await coordinator.locator("main button:has-text('Invite them to create an account')").count()) === 1) {
      const email = await coordinator
        .locator(".govuk-summary-list__row:has(dt:text-is('Email')) dd")
        .first()
        .innerText();
      return { path, email: email.trim() };
    }
  }
  throw new Error("No one on the first page of people can be invited");
}

describe("accounts by invitation", () => {
  it("the coordinator invites a person, who sets a password and is signed in; then they reset it, which signs out their other session", async () => {
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    const { path, email } = await someoneToInvite(coordinator);
    await checkPage(coordinator);
    await Promise.all([
      coordinator.waitForURL((url) => url.pathname === path),
      coordinator.click("main button:has-text('Invite them to create an account')"),
    ]);
    await expect.poll(() => coordinator.locator("main").innerText()).toContain("The link works until");
    await visit(coordinator, "/people/invitations");
    expect(await coordinator.locator("main table").innerText()).toContain("Pending");
    const invitation = await linkFromOutbox(coordinator, email, "account.invitation");
    expect(invitation).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);

    // The invited person, in a browser of their own.
    const invited = await newPage(browser);
    await visit(invited, new URL(invitation).pathname);
    expect(await invited.locator("h1").innerText()).toBe("Create your account");
    expect(await invited.locator("main").innerText()).toContain(email);
    // The show/hide button of GOV.UK's password input.
    await invited.fill("input[name=password]", "password1234");
    await invited.click("button.govuk-password-input__toggle");
    expect(await invited.getAttribute("input[name=password]", "type")).toBe("text");
    await invited.click("button.govuk-password-input__toggle");
    expect(await invited.getAttribute("input[name=password]", "type")).toBe("password");
    await press(invited, "Create account");
    await expect.poll(() => invited.locator(".govuk-error-summary").innerText()).toContain("common or leaked");
    await checkPage(invited);
    const firstPassword = "otter violin meadow lantern";
    await invited.fill("input[name=password]", firstPassword);
    await Promise.all([
      invited.waitForURL((url) => !url.pathname.startsWith("/invitation") && url.pathname !== "/"),
      press(invited, "Create account"),
    ]);
    await checkPage(invited);
    expect(new URL(invited.url()).pathname).not.toMatch(/^\/sign-in/);
    // The link worked once.
    const again = await newPage(browser);
    const used = await visit(again, new URL(invitation).pathname);
    expect(used?.status()).toBe(404);
    expect(await again.locator("h1").innerText()).toBe("This invitation link does not work");

    // A forgotten password, asked for in another browser.
    const forgetful = await newPage(browser);
    await visit(forgetful, "/forgotten-password");
    await forgetful.fill("input[name=email]", email);
    await press(forgetful, "Send the link");
    await forgetful.locator("h1:has-text('Check your email')").waitFor();
    await checkPage(forgetful);
    expect(await forgetful.locator("main").innerText()).toContain(`If ${email} has an account`);
    const reset = await linkFromOutbox(coordinator, email, "account.password-reset");
    await visit(forgetful, new URL(reset).pathname);
    expect(await forgetful.locator("h1").innerText()).toBe("Choose a new password");
    await forgetful.fill("input[name=password]", "kettle harbour syrup");
    await Promise.all([
      forgetful.waitForURL((url) => !url.pathname.startsWith("/reset-password") && url.pathname !== "/"),
      press(forgetful, "Save password"),
    ]);
    await checkPage(forgetful);

    // The session from the invitation ended with the reset.
    await invited.goto("/my-training");
    await invited.waitForURL((url) => url.pathname === "/sign-in");
  });
});
