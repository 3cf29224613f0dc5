import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express resolved it (X-Forwarded-For only when TRUST_PROXY=true). */
    clientAddress?: string;
  }
}

/**
 * Who is asking, for per-address rate limits. Taken from the server, never from a request
 * header a client could set itself.
 */
export function clientAddress(context: AppLoadContext): string {
  return context.clientAddress ?? "unknown";
}
