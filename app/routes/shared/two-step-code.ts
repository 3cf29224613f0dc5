import { z } from "zod";

/** A code from the authenticator app (6 digits) or a recovery code (abcde-fghij); checked by the server. */
export const CodeForm = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app")
    .max(40, "Enter the 6-digit code from your authenticator app, or a recovery code"),
});

export const WRONG_CODE = "Enter a correct code from your authenticator app, or an unused recovery code";
export const WRONG_APP_CODE = "Enter a correct code from your authenticator app";
