import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import type { SessionStatus } from "../../db/schema";
import { formatDate, formatTime } from "../../lib/dates";
import { DomainError } from "../errors";
import { instant } from "./session-lock";
import { REGISTER_CLOSES_AFTER_DAYS } from "./values";

export { REGISTER_CLOSES_AFTER_DAYS, REGISTER_REOPEN_DAYS } from "./values";

const DAY_MS = 24 * 60 * 60 * 1000;

export type RegisterState = "cancelled" | "not-started" | "open" | "closed";

export interface RegisterWindow {
  state: RegisterState;
  /** When marking may begin: the session's start. */
  opensAt: string;
  /** When the register closes (or closed): the later of the usual closing and a reopening's end. */
  closesAt: string;
  /** Set while a coordinator's reopening is what keeps the register open. */
  reopened: { until: string; reason: string } | null;
}

interface WindowFields {
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  registerReopenedUntil: string | null;
  registerReopenReason: string | null;
}

/** Whether a session's register can be taken at `now`, and between which instants. */
export function registerWindow(session: WindowFields, now: Date): RegisterWindow {
  const opensAt = instant(session.startsAt);
  const usualClose = new Date(instant(session.endsAt).getTime() + REGISTER_CLOSES_AFTER_DAYS * DAY_MS);
  const reopenedUntil = session.registerReopenedUntil ? instant(session.registerReopenedUntil) : null;
  const closesAt = reopenedUntil && reopenedUntil > usualClose ? reopenedUntil : usualClose;
  const state: RegisterState =
    session.status === "cancelled" ? "cancelled" : now < opensAt ? "not-started" : now >= closesAt ? "closed" : "open";
  const reopened =
    state === "open" && reopenedUntil && closesAt === reopenedUntil && now >= usualClose
      ? { until: reopenedUntil.toISOString(), reason: session.registerReopenReason ?? "" }
      : null;
  return { state, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), reopened };
}

/** The register window of one session, read from the database. */
export async function getRegisterWindow(
  db: Database,
  sessionId: number,
  now: Date,
): Promise<RegisterWindow | undefined> {
  const row = await queryOne<{
    status: SessionStatus;
    starts_at: string;
    ends_at: string;
    register_reopened_until: string | null;
    register_reopen_reason: string | null;
  }>(
    db,
    sql`select status, starts_at::text, ends_at::text, register_reopened_until::text, register_reopen_reason
        from course_sessions where id = ${sessionId}`,
  );
  if (!row) return undefined;
  return registerWindow(
    {
      status: row.status,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      registerReopenedUntil: row.register_reopened_until,
      registerReopenReason: row.register_reopen_reason,
    },
    now,
  );
}

/** Why the register cannot be taken, in the words the page shows, or null when it can. */
export function whyRegisterIsShut(window: RegisterWindow): { code: string; message: string } | null {
  switch (window.state) {
    case "open":
      return null;
    case "cancelled":
      return { code: "cancelled", message: "This session has been cancelled, so it has no register." };
    case "not-started":
      return {
        code: "not-yet",
        message: `The register opens when the session starts, at ${formatTime(window.opensAt)} on ${formatDate(window.opensAt)}.`,
      };
    case "closed":
      return {
        code: "closed",
        message: `This register closed on ${formatDate(window.closesAt)}. Only the training coordinator can reopen it.`,
      };
  }
}

/**
 * Refuses any change to a register that is not open. Call it under the session's row lock
 * (lockSession), so a reopening or a cancellation cannot slip in between the check and the change.
 */
export async function checkRegisterIsOpen(db: Database, sessionId: number, now: Date): Promise<void> {
  const window = await getRegisterWindow(db, sessionId, now);
  if (!window) throw new DomainError("This session does not exist.", undefined, "not-found");
  const shut = whyRegisterIsShut(window);
  if (shut) throw new DomainError(shut.message, undefined, shut.code);
}
