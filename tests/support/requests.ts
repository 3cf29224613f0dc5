import type { Database } from "../../app/db/database";
import { startSession } from "../../app/auth/session.server";

const BASE = "http://localhost:3000";

/** A real Request as a browser signed in to `accountId` would send it. */
export async function signedInRequest(
  db: Database,
  accountId: string | null,
  path: string,
  init: RequestInit & { form?: Record<string, string | string[]> } = {},
): Promise<Request> {
  const headers = new Headers(init.headers);
  if (accountId) {
    const cookie = await startSession(db, accountId);
    headers.set("Cookie", cookie.split(";")[0]!);
  }
  let body = init.body;
  if (init.form) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(init.form)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    }
    body = form;
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (init.form ? "POST" : "GET"),
    headers,
    body,
  });
}

/** Runs a loader or action and returns what it threw or returned, as a Response when it is one. */
export async function call<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
