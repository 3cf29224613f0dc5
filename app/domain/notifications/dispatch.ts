import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

/**
 * The outbox's dispatcher (decision 015). `notify()` writes a row in the change's own transaction;
 * this sends the rows that are due, one claim at a time:
 *
 * 1. claim: one statement takes the oldest due row (pending and due, or 'sending' whose claim ran
 *    out) with FOR UPDATE SKIP LOCKED, marks it 'sending' until now + the claim time, and counts the
 *    attempt. Two dispatchers (two app instances) never hold the same row.
 * 2. send, outside any transaction, with the row's id as Notify's `reference`.
 * 3. mark: sent (Notify's id), failed (refused: 400, 403; or too many attempts), or due again later
 *    (429, 5xx, the network) with back-off.
 *
 * A row found 'sending' after its claim ran out was claimed by a dispatcher that stopped, or whose
 * send had an unknown outcome, between sending and marking: it is looked up at Notify by its
 * reference first and marked sent if Notify has it, so no one gets a message twice.
 */

/** One e-mail as GOV.UK Notify takes it. */
export interface OutgoingEmail {
  templateId: string;
  emailAddress: string;
  /** Every value a string: Notify refuses others. */
  personalisation: Record<string, string>;
  /** The outbox row, so a send whose answer was lost can be found again. */
  reference: string;
}

/** What sends e-mail: GOV.UK Notify (app/notify), or a test's stand-in. */
export interface MessageSender {
  send(email: OutgoingEmail): Promise<{ notifyId: string }>;
  /** The message Notify holds with this reference, if any (Notify keeps them 7 days). */
  findByReference(reference: string): Promise<{ notifyId: string } | null>;
}

/**
 * Why a send (or a look-up) did not succeed. "refused": Notify said no for good (400, 403: a bad
 * address, template or key), so the message fails. "rate-limited": 429, not taken, try later.
 * "unknown": 5xx, a timeout, the network: Notify may or may not have taken it, so the row is
 * looked up by reference before it is sent again.
 */
export class SendFailure extends Error {
  constructor(
    readonly outcome: "refused" | "rate-limited" | "unknown",
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SendFailure";
  }
}

/** A message's template id and personalisation, or why it has none (a template id not set). */
export type ComposeEmail = (
  kind: string,
  details: Record<string, unknown>,
) => { templateId: string; personalisation: Record<string, string> } | { problem: string };

/** What a template registry entry gives (MESSAGE_TEMPLATES in templates.ts). */
export interface TemplateEntry {
  setting: string;
  personalisation(details: Record<string, unknown>, serviceUrl: string): Record<string, string>;
}

/**
 * Composes from a template registry (kind → setting + personalisation), the template ids set in
 * configuration (setting name → id) and the service's public address for absolute links.
 */
export function composeFromTemplates(
  templates: Record<string, TemplateEntry>,
  templateIds: Record<string, string>,
  serviceUrl: string,
): ComposeEmail {
  return (kind, details) => {
    const entry = templates[kind];
    if (!entry) return { problem: `No template is defined for messages of kind ${kind}` };
    const templateId = templateIds[entry.setting];
    if (!templateId) return { problem: `No GOV.UK Notify template id is set (${entry.setting})` };
    return { templateId, personalisation: entry.personalisation(details, serviceUrl) };
  };
}

/** Notify's reference for an outbox row. */
export function outboxReference(id: number): string {
  return `outbox-${id}`;
}

export const DISPATCH_DEFAULTS = {
  /** How long a claim holds a row: far longer than one send may take (the Notify client times out first). */
  claimSeconds: 120,
  /** Attempts before a message that keeps meeting 429, 5xx or network errors is given up. */
  maxAttempts: 10,
  /** The first wait after a failed attempt; doubled each time, up to an hour. */
  firstBackOffSeconds: 60,
  maxBackOffSeconds: 3600,
  /** One run stops claiming after this long, so its claims never outlive it. */
  budgetMs: 45_000,
} as const;

export interface DispatchOptions {
  now: Date;
  /** Rows at most in this run. */
  limit?: number;
  compose: ComposeEmail;
  maxAttempts?: number;
  claimSeconds?: number;
}

export interface DispatchSummary {
  sent: number;
  /** Found at Notify by reference after a claim ran out: marked sent, not sent again. */
  foundSent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

interface ClaimedRow extends Record<string, unknown> {
  id: number;
  kind: string;
  recipient_email: string | null;
  details: Record<string, unknown> | string;
  attempts: number;
  last_error: string | null;
  /** The status before the claim: 'sending' means a send may already have reached Notify. */
  was: "pending" | "sending";
}

/**
 * Claims the oldest due row, or none. One statement: the row is locked (others skip it) from the
 * moment it is chosen until it is marked 'sending', which is all a claim needs.
 */
export async function claimDue(db: Database, now: Date, claimSeconds: number): Promise<ClaimedRow | undefined> {
  const at = now.toISOString();
  return queryOne<ClaimedRow>(
    db,
    sql`with due as (
          select id, status::text as was from notifications
          where status not in ('sent', 'failed')
            and ((status = 'pending' and next_attempt_at <= ${at}::timestamptz)
              or (status = 'sending' and claimed_until <= ${at}::timestamptz))
          order by next_attempt_at, id
          limit 1
          for update skip locked
        )
        update notifications n
        set status = 'sending',
            claimed_until = ${at}::timestamptz + make_interval(secs => ${claimSeconds}),
            attempts = n.attempts + 1
        from due where n.id = due.id
        returning n.id::int as id, n.kind, n.recipient_email, n.details, n.attempts, n.last_error, due.was`,
  );
}

function backOffSeconds(attempts: number): number {
  const wait = DISPATCH_DEFAULTS.firstBackOffSeconds * 2 ** Math.max(attempts - 1, 0);
  return Math.min(wait, DISPATCH_DEFAULTS.maxBackOffSeconds);
}

async function markSent(db: Database, id: number, notifyId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update notifications set status = 'sent', notify_id = ${notifyId}, sent_at = ${now.toISOString()}::timestamptz,
          claimed_until = null, last_error = null
        where id = ${id} and status = 'sending'`,
  );
}

async function markFailed(db: Database, id: number, reason: string): Promise<void> {
  await db.execute(
    sql`update notifications set status = 'failed', claimed_until = null, last_error = ${reason}
        where id = ${id} and status = 'sending'`,
  );
}

async function markSkipped(db: Database, id: number, reason: string): Promise<void> {
  await db.execute(
    sql`update notifications set status = 'skipped', claimed_until = null, last_error = ${reason}
        where id = ${id} and status = 'sending'`,
  );
}

/**
 * Due again after the back-off. `lookUpFirst`: the last send's outcome is unknown, so the row stays
 * 'sending' with its claim ending at the retry time, and the next claim looks it up before sending.
 */
async function markRetry(db: Database, id: number, at: Date, reason: string, lookUpFirst: boolean): Promise<void> {
  const when = at.toISOString();
  await db.execute(
    lookUpFirst
      ? sql`update notifications set claimed_until = ${when}::timestamptz, next_attempt_at = ${when}::timestamptz,
              last_error = ${reason}
            where id = ${id} and status = 'sending'`
      : sql`update notifications set status = 'pending', claimed_until = null, next_attempt_at = ${when}::timestamptz,
              last_error = ${reason}
            where id = ${id} and status = 'sending'`,
  );
}

function describe(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  return new SendFailure("unknown", error instanceof Error ? error.message : String(error));
}

/**
 * Sends what is due, up to `limit` rows (or until the run's time budget is spent), and says what
 * became of them. A database error while marking propagates: the row keeps its claim, and once the
 * claim runs out the next run finds it at Notify by reference instead of sending it again.
 */
export async function dispatchDue(
  db: Database,
  sender: MessageSender,
  options: DispatchOptions,
): Promise<DispatchSummary> {
  const limit = options.limit ?? 20;
  const maxAttempts = options.maxAttempts ?? DISPATCH_DEFAULTS.maxAttempts;
  const claimSeconds = options.claimSeconds ?? DISPATCH_DEFAULTS.claimSeconds;
  const { now } = options;
  const summary: DispatchSummary = { sent: 0, foundSent: 0, retrying: 0, failed: 0, skipped: 0 };
  const started = Date.now();

  for (let i = 0; i < limit && Date.now() - started < DISPATCH_DEFAULTS.budgetMs; i++) {
    const row = await claimDue(db, now, claimSeconds);
    if (!row) break;
    const reference = outboxReference(row.id);
    const retryAt = new Date(now.getTime() + backOffSeconds(row.attempts) * 1000);
    const giveUp = row.attempts >= maxAttempts;

    if (row.was === "sending") {
      let found: { notifyId: string } | null;
      try {
        found = await sender.findByReference(reference);
      } catch (error) {
        const failure = describe(error);
        // Not knowing whether Notify has it, it is never sent again: it waits, or fails after the last attempt.
        if (giveUp) {
          await markFailed(db, row.id, `Could not check whether GOV.UK Notify had it: ${failure.message}`);
          summary.failed++;
        } else {
          await markRetry(db, row.id, retryAt, `Checking GOV.UK Notify: ${failure.message}`, true);
          summary.retrying++;
        }
        continue;
      }
      if (found) {
        await markSent(db, row.id, found.notifyId, now);
        summary.foundSent++;
        continue;
      }
      // Notify does not have it; after its last attempt it is given up rather than tried once more.
      if (row.attempts > maxAttempts) {
        await markFailed(db, row.id, `Gave up after ${maxAttempts} attempts: ${row.last_error ?? "no answer"}`);
        summary.failed++;
        continue;
      }
    }

    if (!row.recipient_email) {
      await markSkipped(db, row.id, "No e-mail address");
      summary.skipped++;
      continue;
    }
    const details =
      typeof row.details === "string" ? (JSON.parse(row.details) as Record<string, unknown>) : row.details;
    const composed = options.compose(row.kind, details);
    if ("problem" in composed) {
      await markFailed(db, row.id, composed.problem);
      summary.failed++;
      continue;
    }

    let result: { notifyId: string };
    try {
      result = await sender.send({
        templateId: composed.templateId,
        emailAddress: row.recipient_email,
        personalisation: composed.personalisation,
        reference,
      });
    } catch (error) {
      const failure = describe(error);
      const reason = `${failure.status ? `${failure.status}: ` : ""}${failure.message}`;
      if (failure.outcome === "refused") {
        await markFailed(db, row.id, reason);
        summary.failed++;
      } else if (giveUp) {
        // An unknown outcome may still have reached Notify: that is checked before it is called failed.
        if (failure.outcome === "unknown") {
          await markRetry(db, row.id, retryAt, reason, true);
          summary.retrying++;
        } else {
          await markFailed(db, row.id, `Gave up after ${row.attempts} attempts: ${reason}`);
          summary.failed++;
        }
      } else {
        await markRetry(db, row.id, retryAt, reason, failure.outcome === "unknown");
        summary.retrying++;
      }
      continue;
    }
    await markSent(db, row.id, result.notifyId, now);
    summary.sent++;
  }
  return summary;
}
