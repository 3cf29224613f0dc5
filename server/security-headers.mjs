// Security headers for every response: helmet's set, a Content Security Policy with a nonce made
// for each request, and HSTS only when the request came over https (decision 005).
import { randomBytes } from "node:crypto";
import helmet, { contentSecurityPolicy, strictTransportSecurity } from "helmet";

/**
 * Council single sign-on's provider (SSO_ISSUER): the sign-in form's answer redirects the browser
 * there, and form-action governs where a form's redirects may go. Empty when it is not set up.
 */
function singleSignOnOrigins() {
  try {
    return process.env.SSO_ISSUER ? [new URL(process.env.SSO_ISSUER).origin] : [];
  } catch {
    return [];
  }
}

/** The policy's directives; `https` adds upgrade-insecure-requests, which would break plain-http runs. */
export function cspDirectives(https) {
  return {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "form-action": ["'self'", ...singleSignOnOrigins()],
    "frame-ancestors": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    // Remix's inline scripts and root.tsx's js-enabled script carry this nonce; the bundles are 'self'.
    "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
    // Charts and the team matrix size themselves with style attributes; these cannot run script.
    "style-src-attr": ["'unsafe-inline'"],
    "upgrade-insecure-requests": https ? [] : null,
  };
}

/** Hosted e-learning's files (decision 014): /elearning/content/<package id>/<path>. */
const CONTENT_PATH = /^\/elearning\/content\/([1-9]\d{0,9})\//;

/**
 * The address of one package's folder, as a CSP source: the service's own origin (the proxy's
 * forwarded host only when the proxy is trusted, as origin-check.mjs reads it) and the folder.
 * Null for a path outside any package.
 */
function packageFolder(req) {
  const match = CONTENT_PATH.exec(req.path ?? "");
  if (!match) return null;
  const trustFn = req.app?.get?.("trust proxy fn");
  const trusted = typeof trustFn === "function" && trustFn(req.socket?.remoteAddress, 0);
  const forwardedHost = trusted ? req.get?.("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || req.get?.("host") || req.headers?.host;
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null;
  return `${req.protocol ?? "http"}://${host}/elearning/content/${match[1]}/`;
}

/**
 * The policy for a package's files. Packages are written with inline scripts and styles (and
 * some with eval), which the app's own pages never allow; so their files get a policy of their
 * own: everything from the package's folder and nothing else (no other site, no other part of
 * the service), no forms, no plugins, framed only by the service's player.
 */
export function contentCspDirectives(folder, https) {
  const here = folder ? [folder] : ["'none'"];
  return {
    "default-src": here,
    "base-uri": ["'none'"],
    "connect-src": here,
    "font-src": [...here, "data:"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
    "frame-src": here,
    "img-src": [...here, "data:", "blob:"],
    "media-src": [...here, "data:", "blob:"],
    "object-src": ["'none'"],
    "script-src": [...here, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [...here, "'unsafe-inline'"],
    "worker-src": [...here, "blob:"],
    "upgrade-insecure-requests": https ? [] : null,
  };
}

/** Express middleware, in order; `res.locals.cspNonce` is the nonce for getLoadContext to pass on. */
export function securityHeaders() {
  const cspOverHttps = contentSecurityPolicy({ useDefaults: false, directives: cspDirectives(true) });
  const cspOverHttp = contentSecurityPolicy({ useDefaults: false, directives: cspDirectives(false) });
  const contentCsp = (req, res, next) =>
    contentSecurityPolicy({ useDefaults: false, directives: contentCspDirectives(packageFolder(req), req.secure) })(
      req,
      res,
      next,
    );
  const hsts = strictTransportSecurity();
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString("base64");
      next();
    },
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      // Browsers ignore HSTS over http, but sending it there says the service is on https when it is not.
      strictTransportSecurity: false,
      // With "no-referrer" browsers send `Origin: null` on form posts, hiding where they came from.
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    }),
    (req, res, next) =>
      (req.path?.startsWith("/elearning/content/") ? contentCsp : req.secure ? cspOverHttps : cspOverHttp)(
        req,
        res,
        next,
      ),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}
