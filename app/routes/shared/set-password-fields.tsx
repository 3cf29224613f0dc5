import { Details, PasswordInput } from "../../components";

/** The rules, in the words shown beside every field that sets a password (app/auth/password-policy.server.ts decides). */
export const PASSWORD_HINT =
  "Use at least 10 characters. A few unrelated words make a password that is long and easy to remember. Do not use your email address or a common password.";

/** The new-password field of the invitation and reset pages, with the show/hide button. */
export function NewPasswordField({ error, label = "Create a password" }: { error?: string; label?: string }) {
  return (
    <>
      <PasswordInput
        id="password"
        name="password"
        autoComplete="new-password"
        label={{ children: label, className: "govuk-label--s" }}
        hint={{ children: PASSWORD_HINT }}
        errorMessage={error ? { children: error } : undefined}
      />
      <Details summaryText="Why there are no rules about numbers or symbols">
        <p className="govuk-body">
          Following the National Cyber Security Centre's advice, a long password is what keeps an account safe. We check
          that it is not on a list of passwords that are often used or have been leaked.
        </p>
      </Details>
    </>
  );
}

/** A link token as we make them: 32 random bytes in base64url. Anything else is a 404 without a database look-up. */
export function isLinkToken(token: string | undefined): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
