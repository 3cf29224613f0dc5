const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request changes state from another site, which we refuse (CSRF). Browsers send
 * Origin on cross-site form posts and fetches, and Sec-Fetch-Site on all of them; a request
 * with neither is not from a browser page.
 * @param {string} method
 * @param {(name: string) => string | undefined} header
 * @param {string} ownOrigin e.g. "https://training.example.gov.uk"
 */
export function isCrossSiteWrite(method, header, ownOrigin) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = header("origin");
  if (origin && origin !== "null") return origin !== ownOrigin;
  // "null" comes from privacy-minded referrer policies and sandboxed frames: ask Sec-Fetch-Site.
  const site = header("sec-fetch-site");
  if (origin === "null" && site === undefined) return true;
  return site !== undefined && site !== "same-origin" && site !== "none";
}
