import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { organisations } from "./organisations";
import { people } from "./people";
import { ROLES } from "../../lib/values";

// The value lists live in app/lib/values (no database import), so pages can use them in the browser.
export { ROLES, type Role } from "../../lib/values";

export const roleEnum = pgEnum("role", ROLES);

/** A sign-in account. Its id is text because lucia's sessions key on it. */
export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    /** A manager's monthly e-mail of their team's status; they may opt out. */
    receivesTeamDigest: boolean("receives_team_digest").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("accounts_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("accounts_person_key").on(t.personId),
  ],
);

/**
 * A role held by an account. A manager grant is scoped either to a person (everyone who reports
 * to them, directly or further down) or to an organisation subtree; other roles need no scope.
 */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    organisationId: integer("organisation_id").references(() => organisations.id, {
      onDelete: "cascade",
    }),
    personId: integer("person_id").references(() => people.id, { onDelete: "cascade" }),
    grantedByAccountId: text("granted_by_account_id"),
    ...timestamps,
  },
  (t) => [
    unique("role_grants_unique").on(t.accountId, t.role, t.organisationId, t.personId).nullsNotDistinct(),
    index("role_grants_account_idx").on(t.accountId),
  ],
);

/**
 * lucia's sign-in sessions (not to be confused with course_sessions). `id` is the SHA-256 of the
 * cookie's token, never the token; `created_at` bounds a session's life however often it is used.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);

/** Fixed-window counters for throttling (sign-in, certificate verification), kept in the database so app instances share them. */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true, mode: "date" }).notNull(),
  hits: integer("hits").notNull().default(0),
});
