import { data } from "@remix-run/node";
import { DomainError } from "../../domain/errors";

/**
 * Runs a domain call; a `DomainError` goes to `handle` (what it returns is the result), anything
 * else is thrown on. For the few routes that do something other than a form error with a broken rule
 * (a 404, or nothing); forms use `withFormErrors`.
 */
export async function onDomainError<T, R>(call: () => Promise<T>, handle: (error: DomainError) => R): Promise<T | R> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) return handle(error);
    throw error;
  }
}

/**
 * Runs a domain call (which redirects, or returns what the action returns); a `DomainError` becomes
 * a 400 with `{ errors: { [field]: message }, ...kept }`, `kept` being the rest of the page's body
 * (the user's input). The message goes on the field the error names, else on "form"; `field` chooses
 * otherwise, and returning undefined from it means the error is not the form's to show: it is thrown on.
 */
export function withFormErrors<T, Kept extends Record<string, unknown>>(
  call: () => Promise<T>,
  kept: Kept,
  options: { field?: (error: DomainError) => string | undefined } = {},
) {
  const fieldFor = options.field ?? ((error: DomainError) => error.field ?? "form");
  return onDomainError(call, (error) => {
    const field = fieldFor(error);
    if (field === undefined) throw error;
    const errors: Record<string, string> = { [field]: error.message };
    return data({ errors, ...kept }, { status: 400 });
  });
}
