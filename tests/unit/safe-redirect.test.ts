import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/lib/safe-redirect";

const origin = "https://training.northbridge.example";

describe("safeRedirect", () => {
  it.each([
    ["/", "/"],
    ["/my-training", "/my-training"],
    ["/people?q=Smith&page=2#results", "/people?q=Smith&page=2#results"],
    ["/people?q=Ann%20Smith", "/people?q=Ann%20Smith"],
    ["/courses/../my-training", "/my-training"],
    [`${origin}/courses`, "/courses"],
    // Scheme-relative in the URL standard: a path on this site, not a host.
    ["https:evil.example", "/evil.example"],
  ])("keeps the same-site path %j", (input, expected) => {
    expect(safeRedirect(input, origin)).toBe(expected);
  });

  const hostile = [
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0D%0ASet-Cookie:%20x=y",
    "/%00/evil.example",
    "/\u0000/evil.example",
    "/\u2028/evil.example",
    "/%E2%80%A8/evil.example",
    "/\u2029/evil.example",
    "/%E2%80%A9/evil.example",
    "/%2509/evil.example",
    "/\u200b/evil.example",
    " /evil",
    "/ /evil.example",
    "https://evil.example",
    "http://training.northbridge.example/",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%5C%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "https://training.northbridge.example@evil.example/",
    "/%",
    "",
  ];
  it.each(hostile)("sends %j to the home page", (input) => {
    expect(safeRedirect(input, origin)).toBe("/");
  });

  it("refuses anything that is not a string", () => {
    expect(safeRedirect(null, origin)).toBe("/");
    expect(safeRedirect(undefined, origin)).toBe("/");
    expect(safeRedirect(new File([], "x"), origin)).toBe("/");
  });
});
