import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "../../server/origin-check.mjs";

const own = "https://training.example.gov.uk";
const headers = (h: Record<string, string>) => (name: string) => h[name];

describe("refusing state changes from other sites", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite("GET", headers({ origin: "https://evil.example" }), own)).toBe(false);
  });
  it("refuses a post from another origin", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example" }), own)).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "null" }), own)).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "null", "sec-fetch-site": "cross-site" }), own)).toBe(true);
  });
  it("accepts an opaque origin that the browser says is our own site", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "null", "sec-fetch-site": "same-origin" }), own)).toBe(false);
  });
  it("accepts a post from our own origin", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: own }), own)).toBe(false);
  });
  it("falls back on Sec-Fetch-Site when there is no Origin", () => {
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site" }), own)).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ "sec-fetch-site": "same-origin" }), own)).toBe(false);
  });
});
