import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { timestamps } from "./columns";

/**
 * An account's authenticator-app secret (TOTP, RFC 6238), encrypted with the server's key
 * (decision 013). `enabled_at` is null while it is being set up (the secret shown, no code yet
 * confirmed); `last_used_step` is the 30-second step of the last code accepted, so a code is
 * accepted once only.
 */
export const twoStepCredentials = pgTable("two_step_credentials", {
  accountId: text("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  secretEncrypted: text("secret_encrypted").notNull(),
  enabledAt: timestamp("enabled_at", { withTimezone: true, mode: "date" }),
  lastUsedStep: integer("last_used_step"),
  ...timestamps,
});

/** Recovery codes: SHA-256 of high-entropy random codes, each used once. */
export const twoStepRecoveryCodes = pgTable(
  "two_step_recovery_codes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("two_step_recovery_codes_hash_key").on(t.accountId, t.codeHash)],
);

/**
 * A sign-in half done: the first step passed, the second (a code, or setting up two-step where
 * the account's roles require it) still to come. `id` is the SHA-256 of the cookie's token.
 */
export const pendingSignIns = pgTable(
  "pending_sign_ins",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** "two-step" (enter a code) or "set-up" (required, not set up yet). */
    next: text("next").notNull(),
    method: text("method").notNull(),
    redirectTo: text("redirect_to").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("pending_sign_ins_account_idx").on(t.accountId)],
);
