import { sql } from "drizzle-orm";
import { type Database, queryOne } from "./db/database";
import {
  type ComposeEmail,
  type MessageSender,
  composeFromTemplates,
  dispatchDue,
} from "./domain/notifications/dispatch";
import { MESSAGE_TEMPLATES } from "./domain/notifications/templates";
import { tidyKeptTables } from "./domain/kept-coverage/readers";
import { runDailyMessages } from "./domain/reminders/daily-messages";
import { requestDueFollowUps } from "./domain/evaluations/follow-ups";
import type { Env } from "./env.server";
import { todayInLondon } from "./lib/dates";
import { logError } from "./lib/log-error";
import { notifySender } from "./notify/notify-sender.server";
import { keepRecentCertificates } from "./pdf/render.server";

/**
 * The service's background work (decision 015), in the app's own process: no separate worker.
 * - The outbox's dispatcher every few seconds, when GOV.UK Notify is set up. Several instances
 *   may run it at once: claims skip each other's rows (FOR UPDATE SKIP LOCKED).
 * - The daily messages (reminders, expiry notices, digests) at start and every hour. The job is
 *   idempotent (dedupe keys); a transaction-scoped advisory lock keeps two instances from doing
 *   the same work at the same moment.
 * - Certificates of recent completions drawn and kept every minute, a batch at a time on one render
 *   thread (decision 016), so a first download is served warm. Two instances may draw the same one:
 *   the first kept stands.
 * - The kept tables tended every quarter of an hour (tidyKeptTables): today's statuses and coverage
 *   figures counted if they are not yet, so the first view after midnight does not wait for them;
 *   then the tables that are written and emptied all day vacuumed and analysed (about a third of a
 *   second at 50,000 people on either database): PGlite has no autovacuum, and without it every
 *   person's stale mark, once taken, stays behind as a dead row that each kept read's "anything
 *   stale?" scans.
 * Nothing runs in tests unless a test calls startBackgroundWork.
 */

/** pg_try_advisory_xact_lock key of the daily job ("PTTdaily" as digits, fixed). */
export const DAILY_JOB_LOCK = 7_080_840_100;

export interface BackgroundSettings {
  /** The sender, when GOV.UK Notify is set up; without it messages wait in the outbox. */
  sender?: MessageSender;
  compose: ComposeEmail;
  /** The daily job: scheduled messages owed today. */
  daily?: (db: Database, now: Date) => Promise<unknown>;
  /** Draws and keeps certificates not kept yet (keepRecentCertificates); returns how many. */
  keepCertificates?: (db: Database) => Promise<number>;
  /** Tends the kept tables: today's figures counted ahead, those that churn vacuumed (tidyKeptTables). */
  tidy?: (db: Database) => Promise<void>;
  dispatchEveryMs?: number;
  dailyEveryMs?: number;
  keepCertificatesEveryMs?: number;
  tidyEveryMs?: number;
  /** Rows per dispatcher run; a full run is followed at once by the next. */
  batch?: number;
  clock?: () => Date;
}

export interface BackgroundWork {
  /** Stops the timers and waits (up to `graceMs`) for the run under way, if any. */
  stop(graceMs?: number): Promise<void>;
  /** Every kind of work's next run, done now, after any under way (tests). */
  runOnce(): Promise<void>;
}

/** Runs the daily job unless another instance holds its lock; true when it ran here. */
export async function runDailyJobOnce(
  db: Database,
  daily: (db: Database, now: Date) => Promise<unknown>,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const lock = await queryOne<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${DAILY_JOB_LOCK}) as got`);
    if (!lock?.got) return false;
    await daily(tx, now);
    return true;
  });
}

export function startBackgroundWork(db: Database, settings: BackgroundSettings): BackgroundWork {
  const clock = settings.clock ?? (() => new Date());
  const dispatchEveryMs = settings.dispatchEveryMs ?? 5_000;
  const dailyEveryMs = settings.dailyEveryMs ?? 60 * 60 * 1000;
  const batch = settings.batch ?? 20;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  /** The run under way (one at a time per kind of work), awaited by stop(). */
  let dispatching: Promise<void> | undefined;
  let dailyRun: Promise<void> | undefined;

  const later = (ms: number, run: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    // A waiting timer alone never keeps the process alive.
    timer.unref();
    timers.add(timer);
  };

  const dispatchNow = (): Promise<void> => {
    const sender = settings.sender;
    if (!sender || stopped) return Promise.resolve();
    dispatching ??= (async () => {
      try {
        // Drains what is due, a batch at a time, while batches come back full.
        for (;;) {
          const done = await dispatchDue(db, sender, { now: clock(), limit: batch, compose: settings.compose });
          const handled = done.sent + done.foundSent + done.retrying + done.failed + done.skipped;
          if (stopped || handled < batch) break;
        }
      } catch (error) {
        logError("Sending the outbox failed:", error);
      } finally {
        dispatching = undefined;
      }
    })();
    return dispatching;
  };

  const dailyNow = (): Promise<void> => {
    const daily = settings.daily;
    if (!daily || stopped) return Promise.resolve();
    dailyRun ??= (async () => {
      try {
        const started = Date.now();
        if (await runDailyJobOnce(db, daily, clock())) {
          console.log(`Daily messages: done in ${Date.now() - started} ms`);
        }
      } catch (error) {
        logError("The daily messages failed:", error);
      } finally {
        dailyRun = undefined;
      }
    })();
    return dailyRun;
  };

  /**
   * Work that runs again `everyMs` after each run ends, first `everyMs` after the start, one run
   * at a time; `now` runs it at once unless a run is under way (then that run).
   */
  const repeating = (work: ((db: Database) => Promise<unknown>) | undefined, everyMs: number, failed: string) => {
    let running: Promise<void> | undefined;
    const now = (): Promise<void> => {
      if (!work || stopped) return Promise.resolve();
      running ??= (async () => {
        try {
          await work(db);
        } catch (error) {
          logError(failed, error);
        } finally {
          running = undefined;
        }
      })();
      return running;
    };
    const loop = () => {
      void now().then(() => later(everyMs, loop));
    };
    if (work) later(everyMs, loop);
    return { now, underWay: () => running };
  };
  const repeated = [
    repeating(
      settings.keepCertificates,
      settings.keepCertificatesEveryMs ?? 60 * 1000,
      "Drawing certificates in the background failed:",
    ),
    repeating(settings.tidy, settings.tidyEveryMs ?? 15 * 60 * 1000, "Tending the kept tables failed:"),
  ];

  const dispatchLoop = () => {
    void dispatchNow().then(() => later(dispatchEveryMs, dispatchLoop));
  };
  const dailyLoop = () => {
    void dailyNow().then(() => later(dailyEveryMs, dailyLoop));
  };
  if (settings.sender) later(0, dispatchLoop);
  if (settings.daily) later(0, dailyLoop);

  return {
    async stop(graceMs = 8_000) {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const underWay = Promise.all([dispatching, dailyRun, ...repeated.map((r) => r.underWay())]).then(() => undefined);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([underWay, new Promise<void>((resolve) => (timeout = setTimeout(resolve, graceMs)))]);
      clearTimeout(timeout);
    },
    async runOnce() {
      // After the runs under way, if any: a run that started before the call may have missed what is owed now.
      await Promise.all([dispatching, dailyRun, ...repeated.map((r) => r.underWay())]);
      await Promise.all([dispatchNow(), dailyNow(), ...repeated.map((r) => r.now())]);
    },
  };
}

/**
 * The settings (NOTIFY_TEMPLATE_<KIND>) missing from the configuration for the kinds of message
 * there are: with GOV.UK Notify set up, the server does not start until each has its template.
 */
export function missingTemplateSettings(
  templates: Record<string, { setting: string }>,
  templateIds: Record<string, string>,
): string[] {
  return [...new Set(Object.values(templates).map((t) => t.setting))].filter((s) => !templateIds[s]).sort();
}

/**
 * The background work this server runs, from its configuration: the dispatcher when
 * NOTIFY_API_KEY is set (refusing to start while a kind of message has no template id), and the
 * daily messages (runDailyMessages), with or without Notify: without a key messages wait in the
 * outbox, where the coordinator reads them; and, given the council's name, certificates drawn ahead
 * of their first download (keepRecentCertificates).
 */
export function startServiceBackgroundWork(
  db: Database,
  config: Pick<Env, "NOTIFY" | "NOTIFY_TEMPLATE_IDS" | "PUBLIC_URL"> & Partial<Pick<Env, "COUNCIL_NAME">>,
  daily: (db: Database, now: Date) => Promise<unknown> = async (tx, now) => {
    await runDailyMessages(tx, { now });
    // Evaluation follow-ups three months after a session (once per booking, like the rest).
    await requestDueFollowUps(tx, todayInLondon(now));
  },
): BackgroundWork {
  let sender: MessageSender | undefined;
  if (config.NOTIFY) {
    const missing = missingTemplateSettings(MESSAGE_TEMPLATES, config.NOTIFY_TEMPLATE_IDS);
    if (missing.length > 0) {
      throw new Error(
        `GOV.UK Notify is set up (NOTIFY_API_KEY) but these kinds of message have no template id: ${missing.join(", ")}. Make a template for each in GOV.UK Notify and set its id (the README lists each one's personalisation).`,
      );
    }
    sender = notifySender(config.NOTIFY.apiKey, { baseUrl: config.NOTIFY.baseUrl });
    console.log("E-mail: sending through GOV.UK Notify");
  } else {
    console.log("E-mail: GOV.UK Notify is not set up (NOTIFY_API_KEY); messages wait in the outbox");
  }
  return startBackgroundWork(db, {
    sender,
    compose: composeFromTemplates(MESSAGE_TEMPLATES, config.NOTIFY_TEMPLATE_IDS, config.PUBLIC_URL),
    daily,
    keepCertificates: config.COUNCIL_NAME
      ? (db) => keepRecentCertificates(db, { councilName: config.COUNCIL_NAME!, publicUrl: config.PUBLIC_URL })
      : undefined,
    tidy: (db) => tidyKeptTables(db, todayInLondon()),
  });
}
