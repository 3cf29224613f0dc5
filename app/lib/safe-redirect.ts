/**
 * Where to send someone after signing in: a path on this service, or "/" when the target is
 * anything else. Browsers strip tabs and newlines from a Location and read `\` as `/`, so a
 * prefix check is not enough (`/\t/evil.example` becomes `//evil.example`); the target is
 * resolved with the URL parser against the service's own origin instead.
 */

// Raw input: no control, format (zero-width) or whitespace characters at all.
const RAW_FORBIDDEN = /[\p{Cc}\p{Cf}\s]/u;
// Percent-decoded: no control, format or line/paragraph separators (an encoded space may stay).
const DECODED_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[^\S ]/u;
// Decoding stops here: anything still encoded after this many rounds is refused.
const MAX_DECODING_ROUNDS = 4;

export function safeRedirect(to: unknown, origin: string, fallback = "/"): string {
  if (typeof to !== "string" || to === "" || RAW_FORBIDDEN.test(to)) return fallback;
  if (!decodesSafely(to)) return fallback;

  let target: URL;
  try {
    target = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(origin).origin) return fallback;

  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** Whether every percent-decoding of `value` is free of hidden characters and host-like prefixes. */
function decodesSafely(value: string): boolean {
  let current = value;
  for (let round = 0; round < MAX_DECODING_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (DECODED_FORBIDDEN.test(decoded)) return false;
    // A proxy or framework that decodes the path must not find another host in it either.
    if (/^[/\\]{2}/.test(decoded)) return false;
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}
