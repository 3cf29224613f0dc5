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

/** Express middleware, in order; `res.locals.cspNonce` is the nonce for getLoadContext to pass on. */
export function securityHeaders() {
  const cspOverHttps = contentSecurityPolicy({ useDefaults: false, directives: cspDirectives(true) });
  const cspOverHttp = contentSecurityPolicy({ useDefaults: false, directives: cspDirectives(false) });
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
    (req, res, next) => (req.secure ? cspOverHttps : cspOverHttp)(req, res, next),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}
