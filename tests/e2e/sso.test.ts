/**
 * Council single sign-on in the browser, through a real OpenID provider (oidc-provider) that this
 * file starts on the port the app's SSO_ISSUER names (tests/e2e/support/start-server.ts).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type TestProvider, startTestProvider } from "../support/test-oidc-provider";
import { DEMO, baseUrl, expectNoAxeViolations, launchBrowser, newPage, signIn, visit } from "./support/browser";
import { E2E_SSO } from "./support/sso-settings";

let browser: Browser;
let provider: TestProvider;

beforeAll(async () => {
  browser = await launchBrowser();
  provider = await startTestProvider(`${baseUrl()}/sign-in/sso/callback`, {
    port: inject("ssoIssuerPort"),
    client: { id: E2E_SSO.clientId, secret: E2E_SSO.clientSecret },
  });
});
afterAll(async () => {
  await browser?.close();
  await provider?.close();
});

describe("council single sign-on", () => {
  it("signs in a person in the training records through the council's provider, making their account", async () => {
    const suffix = Date.now().toString(36);
    const email = `sam.${suffix}@${E2E_SSO.emailDomain}`;

    // The coordinator adds them to the training records first.
    const coordinator = await newPage(browser);
    await signIn(coordinator, DEMO.coordinator);
    await coordinator.goto("/people/new");
    await coordinator.fill("input[name=givenName]", "Sam");
    await coordinator.fill("input[name=familyName]", `Single-${suffix}`);
    await coordinator.fill("input[name=email]", email);
    await coordinator.fill("#startDate-day", "3");
    await coordinator.fill("#startDate-month", "2");
    await coordinator.fill("#startDate-year", "2024");
    // The organisation picker suggests organisations as the coordinator types.
    await coordinator.locator("input#organisationId.autocomplete__input").fill("homeless");
    await coordinator.locator("#organisationId__listbox li", { hasText: "Housing Needs and Homelessness" }).click();
    await Promise.all([
      coordinator.waitForURL(/\/people\/\d+$/),
      coordinator.click("main button:has-text('Add the person')"),
    ]);

    provider.users.set(`sub-${suffix}`, { email: email.toUpperCase() });
    provider.login(`sub-${suffix}`);
    const page = await newPage(browser);
    await visit(page, "/sign-in");
    expect(await page.locator("main").innerText()).toContain(E2E_SSO.name);
    await page.fill("input[name=email]", email);
    // Off to the provider (which signs them in at once) and back to their first page.
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/my-training", { timeout: 30_000 }),
      page.click("button:text-is('Continue')"),
    ]);
    await page.locator("h1").first().waitFor();
    await expectNoAxeViolations(page);
  });

  it("refuses, with a page saying whom to ask, someone the training records do not hold", async () => {
    const email = `nobody.${Date.now().toString(36)}@${E2E_SSO.emailDomain}`;
    provider.users.set("sub-nobody", { email });
    provider.login("sub-nobody");
    const page = await newPage(browser);
    await page.goto("/sign-in");
    await page.fill("input[name=email]", email);
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/sign-in/sso/callback", { timeout: 30_000 }),
      page.click("button:text-is('Continue')"),
    ]);
    await expect.poll(() => page.locator("h1").innerText()).toBe("We cannot find you in the training records");
    expect(await page.locator("main").innerText()).toContain("Prevent Coordinator");
    await expectNoAxeViolations(page);
  });
});
