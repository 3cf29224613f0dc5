import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { people } from "./people";

/** What a one-time link is for: an invitation (7 days), a password reset (1 hour), a sign-in link (15 minutes). */
export const ONE_TIME_LINK_PURPOSES = ["invitation", "password-reset", "sign-in"] as const;
export type OneTimeLinkPurpose = (typeof ONE_TIME_LINK_PURPOSES)[number];

export const oneTimeLinkPurposeEnum = pgEnum("one_time_link_purpose", ONE_TIME_LINK_PURPOSES);

/**
 * Links sent by e-mail that work once (app/domain/accounts/one-time-links.ts). Only the SHA-256 of
 * a link's token is kept, never the token. A link is for an account (a reset, a sign-in link) or
 * a person who has none yet (an invitation). `used_at` is set by the one statement that checks it;
 * `ended_at` when a newer link of the same purpose replaced it (or it was withdrawn).
 */
export const oneTimeLinks = pgTable(
  "one_time_links",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    purpose: oneTimeLinkPurposeEnum("purpose").notNull(),
    tokenHash: text("token_hash").notNull().unique("one_time_links_token_hash_key"),
    accountId: text("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    personId: integer("person_id").references(() => people.id, { onDelete: "cascade" }),
    /** SHA-256 of a value kept in a cookie of the browser that asked (sign-in links); null when unbound. */
    browserBindingHash: text("browser_binding_hash"),
    /** Who made it (the coordinator who invited); null when the person asked for it themself. */
    createdByAccountId: text("created_by_account_id").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    check("one_time_links_for_someone", sql`${t.accountId} is not null or ${t.personId} is not null`),
    index("one_time_links_account_idx").on(t.accountId, t.purpose),
    index("one_time_links_person_idx").on(t.personId, t.purpose),
  ],
);
