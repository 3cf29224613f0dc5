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
