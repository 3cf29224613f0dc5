import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../../db/database";
import type { EvaluationQuestionKind, EvaluationStage } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { DEFAULT_EVALUATION_QUESTIONS } from "./values";

export interface EvaluationQuestion {
  id: number;
  courseId: number | null;
  key: string | null;
  stage: EvaluationStage;
  kind: EvaluationQuestionKind;
  text: string;
  hint: string | null;
  required: boolean;
  position: number;
  retiredAt: string | null;
}

interface QuestionRow extends Record<string, unknown> {
  id: number;
  course_id: number | null;
  key: string | null;
  stage: EvaluationStage;
  kind: EvaluationQuestionKind;
  text: string;
  hint: string | null;
  required: boolean;
  position: number;
  retired_at: string | null;
}

const COLUMNS = sql`id::int as id, course_id, key, stage, kind, text, hint, required, position, retired_at::text as retired_at`;

function toQuestion(r: QuestionRow): EvaluationQuestion {
  return {
    id: r.id,
    courseId: r.course_id,
    key: r.key,
    stage: r.stage,
    kind: r.kind,
    text: r.text,
    hint: r.hint,
    required: r.required,
    position: r.position,
    retiredAt: r.retired_at,
  };
}

/**
 * Adds the default Prevent questions that are missing (start-up work; insert … on conflict (key)
 * do nothing). A default question's words are the code's, so changed words are brought in step.
 */
export async function ensureDefaultEvaluationQuestions(db: Database): Promise<void> {
  const existing = await queryRows<{ key: string; text: string; hint: string | null }>(
    db,
    sql`select key, text, hint from evaluation_questions where key is not null`,
  );
  const byKey = new Map(existing.map((r) => [r.key, r]));
  for (const q of DEFAULT_EVALUATION_QUESTIONS) {
    const row = byKey.get(q.key);
    if (!row) {
      await db.execute(
        sql`insert into evaluation_questions (course_id, key, stage, kind, text, hint, required, position)
            values (null, ${q.key}, ${q.stage}, ${q.kind}, ${q.text}, ${q.hint}, ${q.required}, ${q.position})
            on conflict (key) do nothing`,
      );
    } else if (row.text !== q.text || row.hint !== q.hint) {
      await db.execute(sql`update evaluation_questions set text = ${q.text}, hint = ${q.hint} where key = ${q.key}`);
    }
  }
}

/**
 * The questions a course asks at a stage, in order: the default set, then the course's own.
 * Retired questions are left out unless asked for (a course's page lists them apart).
 */
export async function listEvaluationQuestions(
  db: Database,
  courseId: number,
  stage: EvaluationStage,
  options: { includeRetired?: boolean } = {},
): Promise<EvaluationQuestion[]> {
  const rows = await queryRows<QuestionRow>(
    db,
    sql`select ${COLUMNS} from evaluation_questions
        where (course_id is null or course_id = ${courseId}) and stage = ${stage}
          ${options.includeRetired ? sql`` : sql`and retired_at is null`}
        order by course_id nulls first, position, id`,
  );
  return rows.map(toQuestion);
}

/** A course's own questions at both stages, retired ones too (the coordinator's page). */
export async function listCourseOwnQuestions(db: Database, courseId: number): Promise<EvaluationQuestion[]> {
  const rows = await queryRows<QuestionRow>(
    db,
    sql`select ${COLUMNS} from evaluation_questions where course_id = ${courseId}
        order by stage, retired_at nulls first, position, id`,
  );
  return rows.map(toQuestion);
}

export interface AddQuestionInput {
  courseId: number;
  stage: EvaluationStage;
  kind: EvaluationQuestionKind;
  text: string;
  hint: string | null;
  required: boolean;
  actorAccountId: string;
}

/** Adds one of a course's own questions at the end of its stage's list. Audited. */
export async function addCourseQuestion(db: Database, input: AddQuestionInput): Promise<number> {
  return db.transaction(async (tx) => {
    const course = await queryOne<{ id: number }>(tx, sql`select id from courses where id = ${input.courseId}`);
    if (!course) throw new DomainError("This course does not exist.", undefined, "not-found");
    const row = await queryOne<{ id: number }>(
      tx,
      sql`insert into evaluation_questions (course_id, stage, kind, text, hint, required, position)
          select ${input.courseId}, ${input.stage}, ${input.kind}, ${input.text}, ${input.hint}, ${input.required},
            coalesce((select max(position) from evaluation_questions where course_id = ${input.courseId}), 0) + 10
          returning id::int as id`,
    );
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "evaluation-question.add",
      entityType: "evaluation_question",
      entityId: row!.id,
      after: {
        courseId: input.courseId,
        stage: input.stage,
        kind: input.kind,
        text: input.text,
        required: input.required,
      },
    });
    return row!.id;
  });
}

/**
 * Stops asking one of a course's own questions. Its answers are kept and still count in the
 * results. The default set cannot be retired. Audited.
 */
export async function retireCourseQuestion(
  db: Database,
  input: { courseId: number; questionId: number; actorAccountId: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const row = await queryOne<{ id: number; text: string }>(
      tx,
      sql`update evaluation_questions set retired_at = ${now.toISOString()}::timestamptz
          where id = ${input.questionId} and course_id = ${input.courseId} and retired_at is null
          returning id::int as id, text`,
    );
    if (!row) throw new DomainError("This question is not one of the course's questions still asked.", "questionId");
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "evaluation-question.retire",
      entityType: "evaluation_question",
      entityId: row.id,
      before: { text: row.text, retired: false },
      after: { retired: true },
    });
  });
}
