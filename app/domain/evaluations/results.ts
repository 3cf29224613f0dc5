import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { readInBatches } from "../../db/batches";
import { type Database, queryOne, queryRows } from "../../db/database";
import { isRealIsoDate } from "../../lib/dates";
import type { EvaluationQuestionKind, EvaluationStage } from "../../lib/values";
import { CONFIDENCE_SHIFTS } from "./values";

/** Whose evaluations a viewer reads: everyone's (coordinator), or the sessions a trainer ran. */
export type ResultsScope = { kind: "all" } | { kind: "trainer"; personId: number };

export interface ResultsFilters {
  courseId?: number;
  sessionId?: number;
  trainerPersonId?: number;
  /** Sessions on or after this London date. */
  from?: string;
  /** Sessions on or before this London date. */
  to?: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Enter a real date" })
  .refine(isRealIsoDate, { error: "Enter a real date" });
const id = z.coerce.number().int().positive().max(2_147_483_647);
const blank = (v: unknown) => (v === "" ? undefined : v);

/** The results page's filters as written in its query string. */
export const resultsFiltersSchema = z
  .object({
    courseId: z.preprocess(blank, id.optional()),
    sessionId: z.preprocess(blank, id.optional()),
    trainerPersonId: z.preprocess(blank, id.optional()),
    from: z.preprocess(blank, isoDate.optional()),
    to: z.preprocess(blank, isoDate.optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "The start must be on or before the end", path: ["to"] });

export function resultsFiltersToSearchParams(filters: ResultsFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["courseId", "sessionId", "trainerPersonId", "from", "to"] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}

/** The responses `r` (joined to sessions `s`) the filters and the scope keep. */
function responsesCondition(scope: ResultsScope, filters: ResultsFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (scope.kind === "trainer") {
    parts.push(sql`(r.trainer_person_id = ${scope.personId} or s.trainer_person_id = ${scope.personId})`);
  }
  if (filters.courseId !== undefined) parts.push(sql`r.course_id = ${filters.courseId}`);
  if (filters.sessionId !== undefined) parts.push(sql`r.session_id = ${filters.sessionId}`);
  if (filters.trainerPersonId !== undefined) parts.push(sql`r.trainer_person_id = ${filters.trainerPersonId}`);
  if (filters.from) parts.push(sql`s.starts_at >= (${filters.from}::date::timestamp at time zone 'Europe/London')`);
  if (filters.to) parts.push(sql`s.starts_at < ((${filters.to}::date + 1)::timestamp at time zone 'Europe/London')`);
  return sql.join(parts, sql` and `);
}

export interface ScaleResult {
  questionId: number;
  key: string | null;
  text: string;
  stage: EvaluationStage;
  /** The course whose own question it is; null for the default set. */
  courseTitle: string | null;
  mean: number | null;
  answers: number;
  /** How many answered 1, 2, 3, 4, 5. */
  distribution: [number, number, number, number, number];
}

export interface ShiftResult {
  key: string;
  label: string;
  /** Responses answering both questions of the pair. */
  responses: number;
  meanBefore: number | null;
  meanAfter: number | null;
  /** Mean after − mean before. */
  shift: number | null;
}

export interface TextResult {
  questionId: number;
  text: string;
  stage: EvaluationStage;
  courseTitle: string | null;
  answers: Array<{ answer: string; sessionDate: string; courseTitle: string }>;
  total: number;
}

export interface EvaluationResults {
  responses: { after: number; followUp: number };
  scale: ScaleResult[];
  shifts: ShiftResult[];
  text: TextResult[];
}

/** Text answers listed per question on the page; the CSV has them all. */
export const TEXT_ANSWERS_SHOWN = 200;

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * The evaluation results for the responses the scope and filters keep: each scale question's mean
 * and spread, the before/after confidence shift (mean after − mean before over the responses
 * answering both), and the words answered to each text question.
 */
export async function evaluationResults(
  db: Database,
  scope: ResultsScope,
  filters: ResultsFilters,
): Promise<EvaluationResults> {
  const where = responsesCondition(scope, filters);
  const counts = await queryOne<{ after: number; follow_up: number }>(
    db,
    sql`select count(*) filter (where r.stage = 'after')::int as after,
               count(*) filter (where r.stage = 'follow_up')::int as follow_up
        from evaluation_responses r join course_sessions s on s.id = r.session_id where ${where}`,
  );
  const scaleRows = await queryRows<{
    id: number;
    key: string | null;
    text: string;
    stage: EvaluationStage;
    course_title: string | null;
    mean: number | null;
    answers: number;
    d1: number;
    d2: number;
    d3: number;
    d4: number;
    d5: number;
  }>(
    db,
    sql`select q.id::int as id, q.key, q.text, q.stage, qc.title as course_title,
          avg(a.score)::float8 as mean, count(*)::int as answers,
          count(*) filter (where a.score = 1)::int as d1, count(*) filter (where a.score = 2)::int as d2,
          count(*) filter (where a.score = 3)::int as d3, count(*) filter (where a.score = 4)::int as d4,
          count(*) filter (where a.score = 5)::int as d5
        from evaluation_answers a
        join evaluation_responses r on r.id = a.response_id
        join course_sessions s on s.id = r.session_id
        join evaluation_questions q on q.id = a.question_id
        left join courses qc on qc.id = q.course_id
        where a.score is not null and ${where}
        group by q.id, q.key, q.text, q.stage, qc.title, q.course_id, q.position
        order by q.stage, q.course_id nulls first, qc.title, q.position, q.id`,
  );
  const shiftRows = await queryRows<{ key: string; responses: number; before: number | null; after: number | null }>(
    db,
    sql`select p.key, count(*)::int as responses, avg(bef.score)::float8 as before, avg(aft.score)::float8 as after
        from (values ${sql.join(
          CONFIDENCE_SHIFTS.map((p) => sql`(${p.key}, ${p.before}, ${p.after})`),
          sql`, `,
        )}) as p(key, before_key, after_key)
        join evaluation_questions qb on qb.key = p.before_key
        join evaluation_questions qa on qa.key = p.after_key
        join evaluation_answers bef on bef.question_id = qb.id and bef.score is not null
        join evaluation_answers aft on aft.question_id = qa.id and aft.response_id = bef.response_id and aft.score is not null
        join evaluation_responses r on r.id = bef.response_id
        join course_sessions s on s.id = r.session_id
        where ${where}
        group by p.key`,
  );
  const textRows = await queryRows<{
    id: number;
    text: string;
    stage: EvaluationStage;
    course_title: string | null;
    total: number;
    answers: Array<{ answer: string; session_date: string; course_title: string }>;
  }>(
    db,
    sql`select q.id::int as id, q.text, q.stage, qc.title as course_title, count(*)::int as total,
          (array_agg(json_build_object('answer', a.answer,
              'session_date', (s.starts_at at time zone 'Europe/London')::date::text, 'course_title', c.title)
            order by r.submitted_at desc, r.id desc))[1:${TEXT_ANSWERS_SHOWN}] as answers
        from evaluation_answers a
        join evaluation_responses r on r.id = a.response_id
        join course_sessions s on s.id = r.session_id
        join courses c on c.id = r.course_id
        join evaluation_questions q on q.id = a.question_id
        left join courses qc on qc.id = q.course_id
        where a.answer is not null and ${where}
        group by q.id, q.text, q.stage, qc.title, q.course_id, q.position
        order by q.stage, q.course_id nulls first, qc.title, q.position, q.id`,
  );
  const shifts = new Map(shiftRows.map((r) => [r.key, r]));
  return {
    responses: { after: counts?.after ?? 0, followUp: counts?.follow_up ?? 0 },
    scale: scaleRows.map((r) => ({
      questionId: r.id,
      key: r.key,
      text: r.text,
      stage: r.stage,
      courseTitle: r.course_title,
      mean: round2(r.mean),
      answers: r.answers,
      distribution: [r.d1, r.d2, r.d3, r.d4, r.d5],
    })),
    shifts: CONFIDENCE_SHIFTS.map((p) => {
      const row = shifts.get(p.key);
      const before = row?.before ?? null;
      const after = row?.after ?? null;
      return {
        key: p.key,
        label: p.label,
        responses: row?.responses ?? 0,
        meanBefore: round2(before),
        meanAfter: round2(after),
        shift: before === null || after === null ? null : round2(after - before),
      };
    }),
    text: textRows.map((r) => ({
      questionId: r.id,
      text: r.text,
      stage: r.stage,
      courseTitle: r.course_title,
      total: r.total,
      answers: (r.answers ?? []).map((a) => ({
        answer: a.answer,
        sessionDate: a.session_date,
        courseTitle: a.course_title,
      })),
    })),
  };
}

export interface ResultsFilterOptions {
  courses: Array<{ id: number; title: string }>;
  trainers: Array<{ id: number; name: string }>;
  sessions: Array<{ id: number; courseTitle: string; sessionDate: string }>;
}

/** What the filters offer: the courses, trainers and sessions with responses in the viewer's scope. */
export async function resultsFilterOptions(db: Database, scope: ResultsScope): Promise<ResultsFilterOptions> {
  const where = responsesCondition(scope, {});
  const [courses, trainers, sessions] = await Promise.all([
    queryRows<{ id: number; title: string }>(
      db,
      sql`select distinct c.id::int as id, c.title from evaluation_responses r join course_sessions s on s.id = r.session_id
          join courses c on c.id = r.course_id where ${where} order by c.title, id`,
    ),
    queryRows<{ id: number; name: string }>(
      db,
      sql`select distinct t.id::int as id, t.given_name || ' ' || t.family_name as name
          from evaluation_responses r join course_sessions s on s.id = r.session_id
          join people t on t.id = r.trainer_person_id where ${where} order by name, id`,
    ),
    queryRows<{ id: number; title: string; session_date: string }>(
      db,
      sql`select s.id::int as id, c.title, (s.starts_at at time zone 'Europe/London')::date::text as session_date
          from course_sessions s join courses c on c.id = s.course_id
          where s.id in (select r.session_id from evaluation_responses r join course_sessions s on s.id = r.session_id where ${where})
          order by s.starts_at desc, s.id desc limit 500`,
    ),
  ]);
  return {
    courses,
    trainers,
    sessions: sessions.map((s) => ({ id: s.id, courseTitle: s.title, sessionDate: s.session_date })),
  };
}

export interface ResultAnswerRow {
  responseId: number;
  stage: EvaluationStage;
  submittedOn: string;
  courseCode: string;
  courseTitle: string;
  sessionId: number;
  sessionDate: string;
  trainerName: string;
  question: string;
  questionKind: EvaluationQuestionKind;
  score: number | null;
  answer: string | null;
}

type AnswerSqlRow = {
  response_id: number;
  stage: EvaluationStage;
  submitted_on: string;
  code: string;
  title: string;
  session_id: number;
  session_date: string;
  trainer_name: string | null;
  question: string;
  kind: EvaluationQuestionKind;
  score: number | null;
  answer: string | null;
};

/**
 * Every answer the scope and filters keep, one row each, for the CSV, a batch at a time
 * (readInBatches: a cursor over one snapshot on PostgreSQL; on PGlite pages by offset, the order
 * having no simple keyset, growing so a large export is a few statements). No learner is named.
 */
export function evaluationAnswerPages(
  db: Database,
  scope: ResultsScope,
  filters: ResultsFilters,
  pageSize = 2000,
): AsyncGenerator<ResultAnswerRow[]> {
  return readInBatches<AnswerSqlRow, ResultAnswerRow>(
    db,
    (page) =>
      sql`select r.id::int as response_id, r.stage, (r.submitted_at at time zone 'Europe/London')::date::text as submitted_on,
          c.code, c.title, s.id::int as session_id, (s.starts_at at time zone 'Europe/London')::date::text as session_date,
          t.given_name || ' ' || t.family_name as trainer_name, q.text as question, q.kind, a.score, a.answer
        from evaluation_answers a
        join evaluation_responses r on r.id = a.response_id
        join course_sessions s on s.id = r.session_id
        join courses c on c.id = r.course_id
        join evaluation_questions q on q.id = a.question_id
        left join people t on t.id = r.trainer_person_id
        where ${responsesCondition(scope, filters)}
        order by s.starts_at, r.id, q.stage, q.course_id nulls first, q.position, q.id
        ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
    {
      batchSize: pageSize,
      growTo: 16 * pageSize,
      expand: async (_db, rows) =>
        rows.map((r) => ({
          responseId: r.response_id,
          stage: r.stage,
          submittedOn: r.submitted_on,
          courseCode: r.code,
          courseTitle: r.title,
          sessionId: r.session_id,
          sessionDate: r.session_date,
          trainerName: r.trainer_name ?? "",
          question: r.question,
          questionKind: r.kind,
          score: r.score,
          answer: r.answer,
        })),
    },
  );
}

/**
 * The mean evaluation score of sessions on the given London dates (the quarterly KPI): the mean
 * of every 1–5 answer given after a session, except the "before the training" confidence
 * questions (which measure the starting point, not the training).
 */
export async function meanEvaluationScore(
  db: Database,
  period: { start: string; end: string },
): Promise<{ mean: number | null; answers: number; responses: number }> {
  const beforeKeys = CONFIDENCE_SHIFTS.map((p) => p.before);
  const row = await queryOne<{ mean: number | null; answers: number; responses: number }>(
    db,
    sql`select avg(a.score)::float8 as mean, count(*)::int as answers, count(distinct r.id)::int as responses
        from evaluation_answers a
        join evaluation_responses r on r.id = a.response_id
        join course_sessions s on s.id = r.session_id
        join evaluation_questions q on q.id = a.question_id
        where r.stage = 'after' and a.score is not null
          and (q.key is null or q.key not in (${sql.join(
            beforeKeys.map((k) => sql`${k}`),
            sql`, `,
          )}))
          and s.starts_at >= (${period.start}::date::timestamp at time zone 'Europe/London')
          and s.starts_at < ((${period.end}::date + 1)::timestamp at time zone 'Europe/London')`,
  );
  return { mean: round2(row?.mean ?? null), answers: row?.answers ?? 0, responses: row?.responses ?? 0 };
}
