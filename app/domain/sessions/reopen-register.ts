import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { formatDate } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { REGISTER_REOPEN_DAYS, getRegisterWindow } from "./register-window";
import { lockSession } from "./session-lock";

export interface ReopenRegisterInput {
  sessionId: number;
  reason: string;
  actorAccountId: string;
  now?: Date;
}

/**
 * The coordinator reopens a closed register for REGISTER_REOPEN_DAYS, with a reason kept on the
 * session and in the audit event. Only a closed register reopens: an open one needs nothing, a
 * cancelled session has no register, and one not yet started opens by itself.
 */
export async function reopenRegister(db: Database, input: ReopenRegisterInput): Promise<{ until: string }> {
  const reason = input.reason.trim();
  if (reason.length === 0) throw new DomainError("Enter why the register is being reopened", "reason", "reason");
  if (reason.length > 500) throw new DomainError("Reason must be 500 characters or fewer", "reason", "reason");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (!session) throw new DomainError("This session does not exist.", undefined, "not-found");
    const window = await getRegisterWindow(tx, session.id, now);
    if (window?.state === "cancelled") {
      throw new DomainError("This session has been cancelled, so it has no register.", undefined, "cancelled");
    }
    if (window?.state !== "closed") {
      throw new DomainError(
        window?.state === "open"
          ? `This register is open until ${formatDate(window.closesAt)}, so it does not need reopening.`
          : "This register opens when the session starts, so it does not need reopening.",
        undefined,
        "not-closed",
      );
    }
    const until = new Date(now.getTime() + REGISTER_REOPEN_DAYS * 24 * 60 * 60 * 1000);
    await tx.execute(
      sql`update course_sessions set register_reopened_until = ${until.toISOString()}::timestamptz,
            register_reopen_reason = ${reason}, updated_at = now()
          where id = ${session.id}`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "session.register-reopen",
      entityType: "session",
      entityId: session.id,
      before: { registerClosedAt: window.closesAt },
      after: { registerReopenedUntil: until.toISOString(), reason },
    });
    return { until: until.toISOString() };
  });
}
