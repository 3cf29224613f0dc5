import { DomainError } from "../domain/errors";

/**
 * The password rules, as the NCSC advises (Password administration for system owners): long
 * enough, no composition rules (no "a digit and a symbol"), long passwords and passphrases
 * welcome, and refused when on a list of common or breached passwords. Every place that sets a
 * password checks it here.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase or password manager; argon2 hashes whatever length, so this only bounds the work. */
export const MAX_PASSWORD_LENGTH = 256;

export const PASSWORD_MESSAGES = {
  missing: "Enter a password",
  tooShort: `Password must be ${MIN_PASSWORD_LENGTH} characters or more`,
  tooLong: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`,
  common: "Enter a password that is harder to guess – this one is on a list of common or leaked passwords",
  email: "Password must not be your email address",
} as const;

let commonPasswords: Promise<Set<string>> | undefined;

/**
 * The common and breached passwords zxcvbn-ts ships (about 49,000, lower case), read once per
 * server process on first use. Server only: this module is *.server.ts, so it never reaches the
 * browser's bundle.
 */
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())),
  );
  return commonPasswords;
}

/** Counts characters as people do (an emoji is one), not UTF-16 code units. */
function characterCount(value: string): number {
  return [...value].length;
}

/** The message for a password that breaks a rule, or null when it may be used. */
export async function passwordProblem(
  password: string,
  context: { email?: string | null } = {},
): Promise<string | null> {
  if (password === "") return PASSWORD_MESSAGES.missing;
  const length = characterCount(password);
  if (length < MIN_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > MAX_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooLong;
  const folded = password.trim().toLowerCase();
  const email = context.email?.trim().toLowerCase();
  if (email && (folded === email || folded === email.split("@")[0])) return PASSWORD_MESSAGES.email;
  if ((await loadCommonPasswords()).has(folded)) return PASSWORD_MESSAGES.common;
  return null;
}

/** Throws a DomainError on `field` (for withFormErrors) when the password breaks a rule. */
export async function assertPasswordAllowed(
  password: string,
  context: { email?: string | null; field?: string } = {},
): Promise<void> {
  const problem = await passwordProblem(password, context);
  if (problem) throw new DomainError(problem, context.field ?? "password", "password");
}
