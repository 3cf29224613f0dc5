import { describe, expect, it } from "vitest";
import { securityHeaders } from "../../server/security-headers.mjs";

type Middleware = (req: unknown, res: unknown, next: (error?: unknown) => void) => void;

/** Runs the middleware chain on a request that came over http or https; returns the headers set. */
function headersFor(secure: boolean) {
  const headers = new Map<string, string>();
  const res = {
    locals: {} as Record<string, string>,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  const req = { secure, method: "GET", headers: {} };
  for (const middleware of securityHeaders() as Middleware[]) {
    let called = false;
    middleware(req, res, (error) => {
      if (error) throw error;
      called = true;
    });
    expect(called).toBe(true);
  }
  return { headers, nonce: res.locals.cspNonce };
}

describe("security headers", () => {
  it("sends HSTS and upgrade-insecure-requests only over https", () => {
    const http = headersFor(false).headers;
    expect(http.has("strict-transport-security")).toBe(false);
    expect(http.get("content-security-policy")).not.toContain("upgrade-insecure-requests");

    const https = headersFor(true).headers;
    expect(https.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
    expect(https.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("names a fresh nonce in script-src and allows no inline script otherwise", () => {
    const first = headersFor(true);
    const second = headersFor(true);
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.nonce).not.toBe(second.nonce);
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toContain(`script-src 'self' 'nonce-${first.nonce}';`);
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("object-src 'none'");
  });
});

/** The Content-Security-Policy sent for a GET of this path on this host. */
function policyFor(path: string, host = "localhost:3000") {
  const headers = new Map<string, string>();
  const res = {
    locals: {} as Record<string, string>,
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  const req = {
    secure: false,
    method: "GET",
    path,
    protocol: "http",
    headers: { host },
    socket: { remoteAddress: "127.0.0.1" },
    app: { get: () => () => false },
    get: (name: string) => (name.toLowerCase() === "host" ? host : undefined),
  };
  for (const middleware of securityHeaders() as Middleware[]) middleware(req, res, () => {});
  return headers.get("content-security-policy")!;
}

describe("hosted e-learning's content (decision 014)", () => {
  it("gets a policy of its own: its package's folder only, inline script allowed there, no forms", () => {
    const csp = policyFor("/elearning/content/12/lesson/index.html");
    const folder = "http://localhost:3000/elearning/content/12/";
    expect(csp).toContain(`default-src ${folder};`);
    expect(csp).toContain(`script-src ${folder} 'unsafe-inline' 'unsafe-eval';`);
    expect(csp).toContain(`connect-src ${folder};`);
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("nonce-");
    // A path outside any package's folder may load nothing.
    expect(policyFor("/elearning/content/x/index.html")).toContain("default-src 'none'");
  });

  it("leaves the app's pages, the player's included, under the app's policy", () => {
    for (const path of ["/elearning/12", "/elearning/attempts/3", "/courses/12"]) {
      const csp = policyFor(path);
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+';/);
      expect(csp).not.toContain("unsafe-eval");
    }
  });
});
