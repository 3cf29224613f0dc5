import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  DEMO_PASSWORD,
  DEMO_TWO_STEP_SECRET,
  baseUrl,
  keepSessionCookie,
  keptSessionCookie,
  launchBrowser,
  newPage,
  signIn,
  twoStepCode,
} from "./support/browser";

const post = (path: string, form: Record<string, string>, cookie?: string) =>
  fetch(`${baseUrl()}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: baseUrl(),
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(form),
  });

/**
 * Signs in over plain HTTP, as a browser without JavaScript would, with the demo's authenticator
 * code when the account uses two-step sign-in; returns the session cookie (a two-step account's
 * kept session while it lasts). A code is accepted once: this step's, else the next step's, else
 * the one after a wait.
 */
async function signInByFetch(email: string): Promise<string> {
  const kept = keptSessionCookie(email);
  if (kept) {
    const start = await get("/", kept);
    if (start.status === 302 && !start.headers.get("location")?.startsWith("/sign-in")) return kept;
  }
  const response = await post("/sign-in", { email, password: DEMO_PASSWORD, redirectTo: "/" });
  expect(response.status).toBe(302);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  if (response.headers.get("location") !== "/sign-in/two-step") return cookie;
  for (const stepsAhead of [0, 1, null]) {
    if (stepsAhead === null) await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500));
    const second = await post(
      "/sign-in/two-step",
      { code: twoStepCode(DEMO_TWO_STEP_SECRET, stepsAhead ?? 1) },
      cookie,
    );
    if (second.status === 302) {
      const session = second.headers
        .getSetCookie()
        .find((c) => !/=;|Max-Age=0/i.test(c))!
        .split(";")[0]!;
      keepSessionCookie(email, session);
      return session;
    }
  }
  throw new Error("The two-step code was not accepted");
}

const get = (path: string, cookie?: string) =>
  fetch(`${baseUrl()}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

describe("response headers over HTTP", () => {
  it("marks every signed-in page and its .data request private, no-store", async () => {
    const cookie = await signInByFetch(DEMO.coordinator);
    // /_root.data is the start page's data request, which answers with a redirect (202 under single fetch).
    for (const path of [
      "/dashboard",
      "/people",
      "/my-training",
      "/admin/requirements",
      "/dashboard.data",
      "/people.data?q=learner",
      "/_root.data",
    ]) {
      const response = await get(path, cookie);
      expect(response.status, path).toBe(path === "/_root.data" ? 202 : 200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("sends a Content Security Policy whose nonce is on every inline script, new for each response", async () => {
    const nonces: string[] = [];
    for (const path of ["/sign-in", "/sign-in"]) {
      const response = await get(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("'unsafe-inline' 'self'");
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src "))!;
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(scriptSrc.trim()).toBe(`script-src 'self' 'nonce-${nonce}'`);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(1);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("sends no HSTS over plain http, and no upgrade-insecure-requests", async () => {
    const response = await get("/sign-in");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the policy in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("refuses nothing the pages need, and Remix still hydrates", async () => {
    const page = await newPage(browser);
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(`${page.url()}: ${message.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await signIn(page, DEMO.coordinator);
    for (const path of [
      "/dashboard",
      "/people",
      "/team",
      "/reports/quarterly",
      "/admin/requirements/new",
      "/admin/sessions",
      "/courses",
      "/verify",
    ]) {
      await page.goto(path);
      await page.locator("h1").first().waitFor();
      // Hydrated: Remix's inline module script ran and GOV.UK Frontend's JavaScript with it.
      await expect
        .poll(() => page.evaluate(() => typeof (window as unknown as { __remixRouter?: object }).__remixRouter))
        .toBe("object");
      expect(await page.evaluate(() => document.body.classList.contains("govuk-frontend-supported"))).toBe(true);
    }
    // A client-side navigation fetches a .data request under the same policy.
    await page.goto("/people");
    await Promise.all([page.waitForURL(/\/people\/\d+$/), page.locator("table a").first().click()]);
    await page.locator("h1").first().waitFor();
    expect(refused).toEqual([]);
  });
});
