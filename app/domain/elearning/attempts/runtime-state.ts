import { z } from "zod";
import type { ElearningCompletionRule, ScormVersion } from "../../../lib/values";

/**
 * What the player posts: the SCORM runtime's data model as scorm-again renders it for a commit
 * (`renderCommitCMI(true)`, JSON format: `{ cmi: { core: { lesson_status, … }, suspend_data, … } }`
 * for SCORM 1.2, `{ cmi: { completion_status, success_status, location, … } }` for 2004). Content
 * sets values as numbers or strings, and the runtime may hand either back, so every scalar read
 * here is taken as text. Elements this service does not read are kept as they came (the saved
 * model), but only the ones below are loaded back on resume.
 */

/** A scalar as content may report it: text, a number, or nothing. Read as text ("" for nothing). */
const scalar = z
  .union([z.string().max(65_536), z.number().finite(), z.boolean(), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null ? "" : String(value)));

const scoreSchema = z
  .object({ raw: scalar, min: scalar, max: scalar, scaled: scalar })
  .partial()
  .passthrough()
  .optional();

const CMI_12_STATUSES = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"] as const;
const COMPLETION_STATUSES = ["completed", "incomplete", "not attempted", "unknown"] as const;
const SUCCESS_STATUSES = ["passed", "failed", "unknown"] as const;

/** A status read as text, then checked against the values the version allows ("" for not reported). */
function statusOf<T extends readonly string[]>(values: T) {
  return scalar.refine((value) => value === "" || (values as readonly string[]).includes(value), {
    message: `Expected one of: ${values.join(", ")}`,
  });
}

const cmi12Schema = z
  .object({
    core: z
      .object({
        lesson_status: statusOf(CMI_12_STATUSES),
        lesson_location: scalar,
        exit: scalar,
        session_time: scalar,
        total_time: scalar,
        score: scoreSchema,
      })
      .passthrough(),
    suspend_data: scalar,
  })
  .passthrough();

const cmi2004Schema = z
  .object({
    completion_status: statusOf(COMPLETION_STATUSES),
    success_status: statusOf(SUCCESS_STATUSES),
    location: scalar,
    exit: scalar,
    session_time: scalar,
    total_time: scalar,
    progress_measure: scalar,
    score: scoreSchema,
    suspend_data: scalar,
  })
  .passthrough();

/** The largest body the player sends (suspend data is at most 64,000 characters; interactions add more). */
export const MAX_STATE_CHARACTERS = 1_000_000;

/** The runtime's state as saved: the columns this service reads, and the model itself. */
export interface RuntimeState {
  lessonStatus: string | null;
  completionStatus: string | null;
  successStatus: string | null;
  scoreRaw: string | null;
  scoreScaled: string | null;
  location: string | null;
  suspendData: string | null;
  exit: string | null;
  sessionTime: string | null;
  /** Seconds over every session, the current one included (null when the content reported none). */
  totalSeconds: number | null;
  /** The data model as posted, under "cmi". */
  cmi: Record<string, unknown>;
}

const nullIfEmpty = (value: string | undefined) => (value === undefined || value === "" ? null : value);

const decimal = /^-?\d{1,10}(\.\d{1,7})?$/;

/** A score as stored: a decimal, or null when not reported. Anything else is refused. */
function scoreValue(value: string | undefined, path: string, ctx: z.RefinementCtx): string | null {
  const v = nullIfEmpty(value?.trim());
  if (v === null) return null;
  if (!decimal.test(v)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Expected a number", path: [path] });
    return null;
  }
  return v;
}

/** The posted body for a package of this SCORM version, parsed; errors name what was wrong. */
export function runtimeStateSchema(version: ScormVersion) {
  const body = z.object({ cmi: version === "scorm_1_2" ? cmi12Schema : cmi2004Schema }).passthrough();
  return body.transform((parsed, ctx): RuntimeState => {
    if (version === "scorm_1_2") {
      const cmi = parsed.cmi as z.infer<typeof cmi12Schema>;
      return {
        lessonStatus: nullIfEmpty(cmi.core.lesson_status),
        completionStatus: null,
        successStatus: null,
        scoreRaw: scoreValue(cmi.core.score?.raw, "cmi.core.score.raw", ctx),
        scoreScaled: null,
        location: nullIfEmpty(cmi.core.lesson_location),
        suspendData: nullIfEmpty(cmi.suspend_data),
        exit: nullIfEmpty(cmi.core.exit),
        sessionTime: nullIfEmpty(cmi.core.session_time),
        totalSeconds: durationSeconds(cmi.core.total_time),
        cmi: parsed.cmi as Record<string, unknown>,
      };
    }
    const cmi = parsed.cmi as z.infer<typeof cmi2004Schema>;
    return {
      lessonStatus: null,
      completionStatus: nullIfEmpty(cmi.completion_status),
      successStatus: nullIfEmpty(cmi.success_status),
      scoreRaw: scoreValue(cmi.score?.raw, "cmi.score.raw", ctx),
      scoreScaled: scoreValue(cmi.score?.scaled, "cmi.score.scaled", ctx),
      location: nullIfEmpty(cmi.location),
      suspendData: nullIfEmpty(cmi.suspend_data),
      exit: nullIfEmpty(cmi.exit),
      sessionTime: nullIfEmpty(cmi.session_time),
      totalSeconds: durationSeconds(cmi.total_time),
      cmi: parsed.cmi as Record<string, unknown>,
    };
  });
}

const MAX_SECONDS = 2_147_483_647;

/**
 * Seconds in a SCORM timespan: 1.2's HHHH:MM:SS(.SS) or 2004's ISO 8601 duration
 * (P[nY][nM][nD][T[nH][nM][nS]], a year taken as 365 days and a month as 30). Null when there is
 * none or it cannot be read.
 */
export function durationSeconds(value: string | undefined | null): number | null {
  const text = value?.trim() ?? "";
  if (text === "") return null;
  const clock = /^(\d{1,6}):([0-5]?\d):([0-5]?\d(?:\.\d{1,6})?)$/.exec(text);
  let seconds: number | null = null;
  if (clock) {
    seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  } else {
    const iso =
      /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
        text,
      );
    if (!iso || text === "P" || text.endsWith("T")) return null;
    const [, y, mo, d, h, mi, s] = iso.map((part) => Number(part ?? 0));
    seconds = y! * 365 * 86400 + mo! * 30 * 86400 + d! * 86400 + h! * 3600 + mi! * 60 + s!;
  }
  if (!Number.isFinite(seconds)) return null;
  return Math.min(MAX_SECONDS, Math.floor(seconds));
}

/** Where an attempt stands once the content has reported this. */
export type AttemptOutcome = "met" | "failed" | "in_progress";

/**
 * Whether the content reported what the course asks for. SCORM 1.2 has one status: "passed"
 * counts as completed and passed, "completed" as completed only, "failed" as a failed attempt.
 * SCORM 2004 reports completion and success apart; an attempt completed but failed is failed.
 */
export function attemptOutcome(
  version: ScormVersion,
  rule: ElearningCompletionRule,
  state: Pick<RuntimeState, "lessonStatus" | "completionStatus" | "successStatus">,
): AttemptOutcome {
  if (version === "scorm_1_2") {
    const status = state.lessonStatus;
    const met = rule === "completed" ? status === "passed" || status === "completed" : status === "passed";
    if (met) return "met";
    return status === "failed" ? "failed" : "in_progress";
  }
  const completed = state.completionStatus === "completed";
  const passed = state.successStatus === "passed";
  const met = rule === "completed" ? completed : rule === "passed" ? passed : completed && passed;
  if (met) return "met";
  return state.successStatus === "failed" && completed ? "failed" : "in_progress";
}

/** Seconds as SCORM 1.2's HHHH:MM:SS. */
function clockTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(4, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** Seconds as an ISO 8601 duration (SCORM 2004). */
function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h}H${m}M${s}S`;
}

export interface SavedAttempt {
  cmi: unknown;
  lessonStatus: string | null;
  completionStatus: string | null;
  successStatus: string | null;
  location: string | null;
  suspendData: string | null;
  totalSeconds: number;
  /** Whether anything has been saved yet (a fresh attempt starts ab-initio). */
  begun: boolean;
}

function pick(source: unknown, ...path: string[]): string | undefined {
  let at: unknown = source;
  for (const key of path) {
    if (!at || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === "string" || typeof at === "number" ? String(at) : undefined;
}

function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "object") {
      const inner = withoutEmpty(value as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = value;
  }
  return out;
}

/**
 * What the player loads into the runtime before the content starts (scorm-again's loadFromJSON,
 * relative to "cmi"): the learner, and for a resumed attempt what the content saved (status,
 * location, suspend data, score, total time), with entry "resume" when the content left with
 * exit "suspend". Only these elements, so a value the runtime refuses to load cannot stop it.
 */
export function resumeModel(
  version: ScormVersion,
  attempt: SavedAttempt,
  learner: { id: string; name: string },
): Record<string, unknown> {
  const saved = (attempt.cmi ?? {}) as Record<string, unknown>;
  if (version === "scorm_1_2") {
    const suspended = pick(saved, "core", "exit") === "suspend";
    return withoutEmpty({
      core: {
        student_id: learner.id,
        student_name: learner.name,
        entry: !attempt.begun ? "ab-initio" : suspended ? "resume" : "",
        lesson_status: attempt.lessonStatus,
        lesson_location: attempt.location,
        total_time: attempt.begun ? clockTime(attempt.totalSeconds) : undefined,
        score: {
          raw: pick(saved, "core", "score", "raw"),
          min: pick(saved, "core", "score", "min"),
          max: pick(saved, "core", "score", "max"),
        },
      },
      suspend_data: attempt.suspendData,
    });
  }
  const suspended = pick(saved, "exit") === "suspend";
  return withoutEmpty({
    learner_id: learner.id,
    learner_name: learner.name,
    entry: !attempt.begun ? "ab-initio" : suspended ? "resume" : "",
    completion_status: attempt.completionStatus,
    success_status: attempt.successStatus,
    location: attempt.location,
    progress_measure: pick(saved, "progress_measure"),
    total_time: attempt.begun ? isoDuration(attempt.totalSeconds) : undefined,
    score: {
      raw: pick(saved, "score", "raw"),
      min: pick(saved, "score", "min"),
      max: pick(saved, "score", "max"),
      scaled: pick(saved, "score", "scaled"),
    },
    suspend_data: attempt.suspendData,
  });
}
