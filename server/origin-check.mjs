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

/**
 * Express middleware: refuses cross-site writes with a plain 403, and hands Remix a request its
 * own CSRF check agrees with. Remix compares Origin with X-Forwarded-Host (or Host) and throws,
 * a 500, on `Origin: null` or on an X-Forwarded-Host that differs; so the decision is made here,
 * once: X-Forwarded-Host counts only from a proxy we trust, and an opaque origin that the
 * browser vouched for (Sec-Fetch-Site: same-origin) is removed once accepted.
 * @returns {import("express").RequestHandler}
 */
export function refuseCrossSiteWrites() {
  return (req, res, next) => {
    const trustFn = req.app.get("trust proxy fn");
    const trusted = typeof trustFn === "function" && trustFn(req.socket.remoteAddress, 0);
    const forwardedHost = req.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (!trusted || !forwardedHost) delete req.headers["x-forwarded-host"];
    const host = (trusted && forwardedHost) || req.get("host");
    if (isCrossSiteWrite(req.method, (name) => req.get(name), `${req.protocol}://${host}`)) {
      res.status(403).type("text/plain").send("Requests from another site are refused.");
      return;
    }
    if (req.get("origin") === "null") delete req.headers.origin;
    next();
  };
}
