import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../../db/database";
import { todayInLondon } from "../../../lib/dates";
import type { ElearningCompletionRule, ScormVersion } from "../../../lib/values";
import { recordAuditEvent } from "../../audit/record-event";
import { completionExpiresOn } from "../../completions/expiry";
import { recordCompletion } from "../../completions/record-completion";
import { DomainError } from "../../errors";
import { type AttemptOutcome, type RuntimeState, attemptOutcome, resumeModel } from "./runtime-state";

/** An attempt as the player and its page need it. */
export interface Attempt {
  id: number;
  personId: number;
  courseId: number;
  packageId: number;
  attemptNumber: number;
  scormVersion: ScormVersion;
  launchPath: string;
  packageTitle: string;
  packageVersion: number;
  completesWhen: ElearningCompletionRule;
  lessonStatus: string | null;
  completionStatus: string | null;
  successStatus: string | null;
  scoreRaw: string | null;
  scoreScaled: string | null;
  location: string | null;
  suspendData: string | null;
  totalSeconds: number;
  cmi: unknown;
  startedAt: string;
  lastSavedAt: string;
  /** Whether the content has saved anything yet. */
  begun: boolean;
  completionId: number | null;
  completedAt: string | null;
  closedAt: string | null;
  outcome: AttemptOutcome;
}

type AttemptRow = Omit<Attempt, "outcome">;

const ATTEMPT_COLUMNS = sql`a.id, a.person_id as "personId", a.course_id as "courseId", a.package_id as "packageId",
  a.attempt_number as "attemptNumber", p.scorm_version::text as "scormVersion", p.launch_path as "launchPath",
  p.title as "packageTitle", p.version as "packageVersion", c.elearning_completes_when::text as "completesWhen",
  a.lesson_status as "lessonStatus", a.completion_status as "completionStatus", a.success_status as "successStatus",
  a.score_raw::text as "scoreRaw", a.score_scaled::text as "scoreScaled", a.location, a.suspend_data as "suspendData",
  a.total_seconds as "totalSeconds", a.cmi, a.started_at::text as "startedAt", a.last_saved_at::text as "lastSavedAt",
  (a.cmi <> '{}'::jsonb) as begun, a.completion_id::int as "completionId",
  a.completed_at::text as "completedAt", a.closed_at::text as "closedAt"`;

const ATTEMPT_FROM = sql`elearning_attempts a
  join elearning_packages p on p.id = a.package_id
  join courses c on c.id = a.course_id`;

function withOutcome(row: AttemptRow): Attempt {
  return { ...row, outcome: attemptOutcome(row.scormVersion, row.completesWhen, row) };
}

async function attemptWhere(db: Database, condition: ReturnType<typeof sql>, lock = false): Promise<Attempt | null> {
  const row = await queryOne<AttemptRow & Record<string, unknown>>(
    db,
    sql`select ${ATTEMPT_COLUMNS} from ${ATTEMPT_FROM} where ${condition}
        order by a.attempt_number desc limit 1 ${lock ? sql`for update of a` : sql``}`,
  );
  return row ? withOutcome(row) : null;
}

/** One attempt, if it is this person's. */
export function getAttempt(db: Database, input: { attemptId: number; personId: number }): Promise<Attempt | null> {
  return attemptWhere(db, sql`a.id = ${input.attemptId} and a.person_id = ${input.personId}`);
}

/** The person's latest attempt at the course (open, or the last one closed), if any. */
export function latestAttempt(db: Database, input: { personId: number; courseId: number }): Promise<Attempt | null> {
  return attemptWhere(db, sql`a.person_id = ${input.personId} and a.course_id = ${input.courseId}`);
}

/** The course's current package (the one a new attempt is played on), if one has been uploaded. */
export async function currentPackageOf(
  db: Database,
  courseId: number,
): Promise<{ id: number; version: number; title: string } | null> {
  const row = await queryOne<{ id: number; version: number; title: string }>(
    db,
    sql`select id, version, title from elearning_packages where course_id = ${courseId} and replaced_at is null`,
  );
  return row ?? null;
}

export interface OpenAttemptInput {
  personId: number;
  courseId: number;
  actorAccountId: string;
  now: Date;
  /** Begin a new attempt after a failed or completed one (Try again, Start again). */
  startAgain?: boolean;
}

/**
 * Opens the person's attempt at a hosted course, or the one they left open (resumed on the
 * package version it began on, even after a new version was uploaded). With `startAgain`, a
 * failed open attempt is closed and attempt n+1 begun on the current version; so is a new one
 * after a completed attempt (a refresher). Audited when an attempt begins or is set aside.
 */
export async function openAttempt(db: Database, input: OpenAttemptInput): Promise<Attempt> {
  return db.transaction(async (tx) => {
    const course = await queryOne<{ deliveryMode: string; retired: boolean }>(
      tx,
      sql`select delivery_mode::text as "deliveryMode", retired_at is not null as retired
          from courses where id = ${input.courseId}`,
    );
    if (course?.deliveryMode !== "hosted_elearning") {
      throw new DomainError("This course is not e-learning hosted by the council.");
    }
    const mine = sql`a.person_id = ${input.personId} and a.course_id = ${input.courseId}`;
    let open = await attemptWhere(tx, sql`${mine} and a.closed_at is null`, true);
    if (open && input.startAgain && open.outcome === "failed") {
      await tx.execute(
        sql`update elearning_attempts set closed_at = ${input.now.toISOString()}::timestamptz where id = ${open.id}`,
      );
      await recordAuditEvent(tx, {
        actorAccountId: input.actorAccountId,
        action: "elearning.attempt-close",
        entityType: "elearning_attempt",
        entityId: open.id,
        subjectPersonId: input.personId,
        before: { closedAt: null },
        after: { closedAt: input.now.toISOString(), reason: "failed, starting again" },
      });
      open = null;
    }
    if (open) return open;

    const last = await attemptWhere(tx, mine);
    if (last && !input.startAgain) {
      throw new DomainError("You have already finished this course. Start it again to take it once more.");
    }
    if (course.retired) throw new DomainError("This course has been retired, so it cannot be started.");
    const current = await currentPackageOf(tx, input.courseId);
    if (!current) throw new DomainError("This course's e-learning has not been uploaded yet.");
    const created = await queryOne<{ id: number }>(
      tx,
      sql`insert into elearning_attempts (person_id, course_id, package_id, attempt_number, started_at, last_saved_at)
          values (${input.personId}, ${input.courseId}, ${current.id}, ${(last?.attemptNumber ?? 0) + 1},
            ${input.now.toISOString()}::timestamptz, ${input.now.toISOString()}::timestamptz)
          on conflict do nothing
          returning id`,
    );
    if (!created) {
      // Another request opened it first (two tabs pressing Start at once): resume that one.
      const raced = await attemptWhere(tx, sql`${mine} and a.closed_at is null`);
      if (raced) return raced;
      throw new DomainError("The attempt could not be started. Try again.");
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "elearning.attempt-start",
      entityType: "elearning_attempt",
      entityId: created.id,
      subjectPersonId: input.personId,
      before: null,
      after: {
        courseId: input.courseId,
        packageId: current.id,
        packageVersion: current.version,
        attemptNumber: (last?.attemptNumber ?? 0) + 1,
      },
    });
    return (await attemptWhere(tx, sql`a.id = ${created.id}`))!;
  });
}

/** What the player needs to launch an attempt: the frame's address and the model to load. */
export interface Launch {
  attemptId: number;
  scormVersion: ScormVersion;
  /** The launch file under the content path, query string as the manifest wrote it. */
  src: string;
  /** Where the runtime posts the state. */
  saveUrl: string;
  /** For scorm-again's loadFromJSON, relative to "cmi". */
  cmi: Record<string, unknown>;
}

/** The address of a package's files, and a file's path under it encoded for a URL. */
export function contentPath(packageId: number, path = ""): string {
  const [file = "", ...query] = path.split("?");
  const encoded = file
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  return `/elearning/content/${packageId}/${encoded}${query.length ? `?${query.join("?")}` : ""}`;
}

export async function launchFor(db: Database, attempt: Attempt): Promise<Launch> {
  const person = await queryOne<{ name: string }>(
    db,
    sql`select family_name || ', ' || given_name as name from people where id = ${attempt.personId}`,
  );
  return {
    attemptId: attempt.id,
    scormVersion: attempt.scormVersion,
    src: contentPath(attempt.packageId, attempt.launchPath),
    saveUrl: `/elearning/attempts/${attempt.id}`,
    cmi: resumeModel(attempt.scormVersion, attempt, { id: String(attempt.personId), name: person?.name ?? "" }),
  };
}

export interface SaveAttemptInput {
  attemptId: number;
  personId: number;
  actorAccountId: string;
  state: RuntimeState;
  now: Date;
}

export interface SaveResult {
  /** False when the attempt was already closed: nothing changed. */
  saved: boolean;
  outcome: AttemptOutcome;
  /** The completion this attempt recorded (now, or on an earlier save). */
  completionId: number | null;
}

/**
 * Saves what the content reported, under a lock on the attempt row, so saves of one attempt
 * (an autocommit and the beacon sent while the window closes) take turns. When the course's rule
 * is met, records one completion (source hosted_elearning, dated today in London, the learner
 * told their certificate is ready) and closes the attempt; a save arriving after that changes
 * nothing, so repeated and racing saves record it once. Null when the attempt is not this person's.
 */
export async function saveAttempt(db: Database, input: SaveAttemptInput): Promise<SaveResult | null> {
  return db.transaction(async (tx) => {
    const attempt = await attemptWhere(tx, sql`a.id = ${input.attemptId} and a.person_id = ${input.personId}`, true);
    if (!attempt) return null;
    if (attempt.closedAt !== null) {
      return { saved: false, outcome: attempt.outcome, completionId: attempt.completionId };
    }
    const { state } = input;
    const outcome = attemptOutcome(attempt.scormVersion, attempt.completesWhen, state);
    let completionId: number | null = null;
    if (outcome === "met") {
      const course = await queryOne<{ validityMonths: number | null }>(
        tx,
        sql`select validity_months as "validityMonths" from courses where id = ${attempt.courseId}`,
      );
      const completedOn = todayInLondon(input.now);
      completionId = await recordCompletion(tx, {
        personId: attempt.personId,
        courseId: attempt.courseId,
        completedOn,
        expiresOn: completionExpiresOn(completedOn, course?.validityMonths ?? null),
        source: "hosted_elearning",
        sessionId: null,
        bookingId: null,
        actorAccountId: input.actorAccountId,
        notifyLearner: true,
      });
    }
    await tx.execute(
      sql`update elearning_attempts set
            cmi = ${JSON.stringify(state.cmi)}::jsonb,
            lesson_status = ${state.lessonStatus},
            completion_status = ${state.completionStatus},
            success_status = ${state.successStatus},
            score_raw = ${state.scoreRaw}::numeric,
            score_scaled = ${state.scoreScaled}::numeric,
            location = ${state.location},
            suspend_data = ${state.suspendData},
            total_seconds = greatest(total_seconds, ${state.totalSeconds ?? 0}::int),
            last_saved_at = ${input.now.toISOString()}::timestamptz,
            completion_id = ${completionId},
            completed_at = ${completionId === null ? null : input.now.toISOString()}::timestamptz,
            closed_at = ${completionId === null ? null : input.now.toISOString()}::timestamptz
          where id = ${attempt.id}`,
    );
    return { saved: true, outcome, completionId };
  });
}

/**
 * Whether the person may be served a package's files: they have an attempt on that version.
 * (The coordinator may see any package; the route decides that from their role.)
 */
export async function hasAttemptOnPackage(db: Database, input: { personId: number; packageId: number }) {
  const row = await queryOne<{ found: boolean }>(
    db,
    sql`select exists (select 1 from elearning_attempts where person_id = ${input.personId}
          and package_id = ${input.packageId}) as found`,
  );
  return row?.found === true;
}
