import type { Database } from "../db/database";
import { isPersonInScope } from "../domain/people/scope";
import { type Action, type CurrentUser, can, canActOnSession, personScopeFor } from "./permissions";

/** Stops the request with a 403 page that says what is missing. */
export function forbidden(action: Action): never {
  throw new Response(`You do not have permission to do this (${action}).`, {
    status: 403,
    statusText: "Forbidden",
  });
}

export function notFound(what = "page"): never {
  throw new Response(`We could not find that ${what}.`, { status: 404, statusText: "Not Found" });
}

/**
 * The loader of a route that only takes posts (an action, no page), as `export const loader =
 * postOnly;`: a GET there is not found, as any other address is (routes/$.tsx). Without a loader
 * Remix answered a GET with a 400 "Unexpected Server Error" and logged an error each time.
 */
export function postOnly(): never {
  notFound();
}

/** Stops the request unless the user may take the action on some record. */
export function requirePermission(user: CurrentUser, action: Action): void {
  if (!can(user, action)) forbidden(action);
}

/**
 * Stops the request unless the user may take the action on this person's record. A person
 * outside the caller's scope gets the same 404 as one that does not exist, so ids reveal nothing.
 */
export async function requirePersonAccess(
  db: Database,
  user: CurrentUser,
  action: Action,
  personId: number,
): Promise<void> {
  if (!can(user, action)) forbidden(action);
  if (!(await isPersonInScope(db, personScopeFor(user, action), personId))) notFound("person");
}

/** Stops the request unless the user may take the action on this session. */
export function requireSessionAccess(
  user: CurrentUser,
  action: Action,
  session: { trainerPersonId: number | null },
): void {
  if (!canActOnSession(user, action, session)) forbidden(action);
}
