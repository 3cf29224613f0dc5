import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne, queryRows } from "../../app/db/database";
import { bookings, courses } from "../../app/db/schema";
import { certificateForDownload, getCertificate } from "../../app/domain/certificates/get-certificate";
import { countCertificates, selectCertificates } from "../../app/domain/certificates/select-certificates";
import { verifyCertificate } from "../../app/domain/certificates/verify-certificate";
import { DomainError } from "../../app/domain/errors";
import { certificatesAwaitingEvaluation } from "../../app/domain/evaluations/certificate-release";
import { dueFollowUps, requestDueFollowUps } from "../../app/domain/evaluations/follow-ups";
import { evaluationsForPerson } from "../../app/domain/evaluations/person-evaluations";
import {
  addCourseQuestion,
  ensureDefaultEvaluationQuestions,
  listEvaluationQuestions,
  retireCourseQuestion,
} from "../../app/domain/evaluations/questions";
import { evaluationAnswerPages, evaluationResults, meanEvaluationScore } from "../../app/domain/evaluations/results";
import { answerField, getEvaluationForm, submitEvaluation } from "../../app/domain/evaluations/submit-evaluation";
import { DEFAULT_EVALUATION_QUESTIONS } from "../../app/domain/evaluations/values";
import { markAttendance } from "../../app/domain/sessions/mark-attendance";
import * as evaluationsCsv from "../../app/routes/evaluations[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";
import { council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.reset();
  await ensureDefaultEvaluationQuestions(t.db);
});

const ALL = { kind: "all" } as const;
/** 23 November 2026, 9:30 to 12:30 in London; the register taken in the afternoon. */
const startsAt = new Date("2026-11-23T09:30:00Z");
const afterwards = new Date("2026-11-23T14:00:00Z");

/** A delivered session with three people booked; the first two marked attended, the third absent. */
async function attendedSession(options: { certificateAfterEvaluation?: boolean; followUp?: boolean } = {}) {
  const { people, service } = await council(t.db, 4);
  const trainer = people[3]!;
  const course = await make.course(t.db, {
    certificateAfterEvaluation: options.certificateAfterEvaluation ?? true,
    followUpEvaluation: options.followUp ?? false,
    issuesCertificate: true,
  });
  const s = await session(t.db, {
    courseId: course.id,
    startsAt,
    hours: 3,
    bookingClosesAt: null,
    trainerPersonId: trainer.id,
  });
  const ids: number[] = [];
  for (const p of people.slice(0, 3)) {
    const [b] = await t.db
      .insert(bookings)
      .values({ sessionId: s.id, personId: p.id, status: "booked", managerAgreed: true })
      .returning();
    ids.push(b!.id);
  }
  const actor = (await make.account(t.db, { personId: trainer.id, roles: ["trainer"] })).id;
  await markAttendance(t.db, {
    sessionId: s.id,
    bookingIds: [ids[0]!, ids[1]!],
    outcome: "attended",
    actorAccountId: actor,
    now: afterwards,
  });
  await markAttendance(t.db, {
    sessionId: s.id,
    bookingIds: [ids[2]!],
    outcome: "absent",
    actorAccountId: actor,
    now: afterwards,
  });
  return { course, s, people, service, trainer, bookingIds: ids, actor };
}

async function questionsByKey(courseId: number) {
  const questions = await listEvaluationQuestions(t.db, courseId, "after");
  return Object.fromEntries(questions.map((q) => [q.key ?? `own${q.id}`, q]));
}

/** Answers for the default set: the four confidence scores, and optional words. */
async function answers(
  courseId: number,
  scores: { recBefore: number; recAfter: number; refBefore: number; refAfter: number },
  words: { useful?: string } = {},
) {
  const q = await questionsByKey(courseId);
  return {
    [answerField(q.confidence_recognising_before!.id)]: String(scores.recBefore),
    [answerField(q.confidence_recognising_after!.id)]: String(scores.recAfter),
    [answerField(q.confidence_referring_before!.id)]: String(scores.refBefore),
    [answerField(q.confidence_referring_after!.id)]: String(scores.refAfter),
    [answerField(q.most_useful!.id)]: words.useful ?? "",
  };
}

async function completionOf(bookingId: number) {
  return (await queryOne<{ id: number }>(
    t.db,
    sql`select id::int as id from completions where booking_id = ${bookingId} and revoked_at is null`,
  ))!.id;
}

describe("the evaluation questions", () => {
  it("ensures the default Prevent set once: confidence before/after in recognising and referring, most useful, what to change", async () => {
    await ensureDefaultEvaluationQuestions(t.db);
    const rows = await queryRows<{ key: string }>(t.db, sql`select key from evaluation_questions order by key`);
    expect(rows).toHaveLength(DEFAULT_EVALUATION_QUESTIONS.length);
    const course = await make.course(t.db);
    const after = await listEvaluationQuestions(t.db, course.id, "after");
    expect(after.map((q) => q.key)).toEqual([
      "confidence_recognising_before",
      "confidence_recognising_after",
      "confidence_referring_before",
      "confidence_referring_after",
      "most_useful",
      "what_to_change",
    ]);
    expect(after.filter((q) => q.kind === "scale")).toHaveLength(4);
  });

  it("a course's own questions follow the default set; a retired one is no longer asked; both audited", async () => {
    const course = await make.course(t.db);
    const other = await make.course(t.db);
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    const id = await addCourseQuestion(t.db, {
      courseId: course.id,
      stage: "after",
      kind: "scale",
      text: "How useful were the case studies?",
      hint: null,
      required: true,
      actorAccountId: coordinator.id,
    });
    expect((await listEvaluationQuestions(t.db, course.id, "after")).at(-1)!.id).toBe(id);
    expect((await listEvaluationQuestions(t.db, other.id, "after")).map((q) => q.id)).not.toContain(id);
    await retireCourseQuestion(t.db, { courseId: course.id, questionId: id, actorAccountId: coordinator.id });
    expect((await listEvaluationQuestions(t.db, course.id, "after")).map((q) => q.id)).not.toContain(id);
    // The default set cannot be retired through a course.
    const defaultId = (await listEvaluationQuestions(t.db, course.id, "after"))[0]!.id;
    await expect(
      retireCourseQuestion(t.db, { courseId: course.id, questionId: defaultId, actorAccountId: coordinator.id }),
    ).rejects.toThrow(DomainError);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_events where entity_type = 'evaluation_question' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["evaluation-question.add", "evaluation-question.retire"]);
  });
});

describe("asking and answering", () => {
  it("asks each attended learner once (evaluation.requested), never the absent one", async () => {
    const w = await attendedSession();
    // Marked absent and attended again: still one request.
    await markAttendance(t.db, {
      sessionId: w.s.id,
      bookingIds: [w.bookingIds[0]!],
      outcome: "absent",
      actorAccountId: w.actor,
      now: afterwards,
    });
    await markAttendance(t.db, {
      sessionId: w.s.id,
      bookingIds: [w.bookingIds[0]!],
      outcome: "attended",
      actorAccountId: w.actor,
      now: afterwards,
    });
    const asked = await queryRows<{ person: number; booking: number; waits: boolean }>(
      t.db,
      sql`select recipient_person_id as person, (details->>'bookingId')::int as booking,
            (details->>'certificateAfterEvaluation')::boolean as waits
          from notifications where kind = 'evaluation.requested' order by id`,
    );
    expect(asked).toEqual([
      { person: w.people[0]!.id, booking: w.bookingIds[0], waits: true },
      { person: w.people[1]!.id, booking: w.bookingIds[1], waits: true },
    ]);
  });

  it("gives the form only to the person who attended: not for an absence, not for someone else's booking", async () => {
    const w = await attendedSession();
    const form = await getEvaluationForm(t.db, {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after",
    });
    expect(form?.questions.length).toBe(6);
    expect(form?.submittedAt).toBeNull();
    expect(
      await getEvaluationForm(t.db, { bookingId: w.bookingIds[2]!, personId: w.people[2]!.id, stage: "after" }),
    ).toBeUndefined();
    expect(
      await getEvaluationForm(t.db, { bookingId: w.bookingIds[0]!, personId: w.people[1]!.id, stage: "after" }),
    ).toBeUndefined();
    await expect(
      submitEvaluation(t.db, {
        bookingId: w.bookingIds[2]!,
        personId: w.people[2]!.id,
        stage: "after",
        answers: await answers(w.course.id, { recBefore: 2, recAfter: 4, refBefore: 2, refAfter: 4 }),
        actorAccountId: "x",
      }),
    ).rejects.toMatchObject({ code: "not-found" });
  });

  it("needs every required question answered with a score from 1 to 5, on the question's field", async () => {
    const w = await attendedSession();
    const q = await questionsByKey(w.course.id);
    const base = await answers(w.course.id, { recBefore: 2, recAfter: 4, refBefore: 2, refAfter: 4 });
    const input = {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after" as const,
      actorAccountId: "x",
    };
    const missing = { ...base, [answerField(q.confidence_referring_after!.id)]: "" };
    await expect(submitEvaluation(t.db, { ...input, answers: missing })).rejects.toMatchObject({
      field: answerField(q.confidence_referring_after!.id),
      message: "Select a score from 1 to 5",
    });
    const outOfRange = { ...base, [answerField(q.confidence_recognising_after!.id)]: "6" };
    await expect(submitEvaluation(t.db, { ...input, answers: outOfRange })).rejects.toMatchObject({
      field: answerField(q.confidence_recognising_after!.id),
    });
    expect((await queryOne<{ n: number }>(t.db, sql`select count(*)::int as n from evaluation_responses`))!.n).toBe(0);
  });

  it("keeps one response per booking and stage, with the trainer then; a second is refused; audited", async () => {
    const w = await attendedSession();
    const input = {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after" as const,
      answers: await answers(
        w.course.id,
        { recBefore: 2, recAfter: 4, refBefore: 1, refAfter: 3 },
        { useful: "The case studies" },
      ),
      actorAccountId: "x",
    };
    const id = await submitEvaluation(t.db, input);
    await expect(submitEvaluation(t.db, input)).rejects.toThrow("You have already completed this evaluation.");
    const rows = await queryRows<{ id: number; trainer: number; answers: number }>(
      t.db,
      sql`select r.id::int as id, r.trainer_person_id as trainer,
            (select count(*)::int from evaluation_answers a where a.response_id = r.id) as answers
          from evaluation_responses r`,
    );
    expect(rows).toEqual([{ id, trainer: w.trainer.id, answers: 5 }]);
    const audit = await queryOne<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'evaluation.submit' and subject_person_id = ${w.people[0]!.id}`,
    );
    expect(audit!.n).toBe(1);
    const form = await getEvaluationForm(t.db, {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after",
    });
    expect(form?.submittedAt).not.toBeNull();
  });
});

describe("the certificate release rule", () => {
  it("holds an attended session's certificate until the evaluation is done; the code still verifies", async () => {
    const w = await attendedSession();
    const completionId = await completionOf(w.bookingIds[0]!);
    const held = await getCertificate(t.db, ALL, completionId);
    expect(held?.awaitingEvaluation).toBe(true);
    expect(await certificateForDownload(t.db, ALL, completionId)).toEqual({
      awaitingEvaluation: { bookingId: w.bookingIds[0], personId: w.people[0]!.id, courseTitle: w.course.title },
    });
    // Not in a zip either.
    expect(await countCertificates(t.db, ALL, { courseId: w.course.id })).toBe(0);
    expect(await selectCertificates(t.db, ALL, { courseId: w.course.id }, { limit: 10 })).toEqual([]);
    expect(await certificatesAwaitingEvaluation(t.db, [completionId])).toEqual(
      new Map([[completionId, w.bookingIds[0]]]),
    );
    // Verification of the code works meanwhile.
    expect(await verifyCertificate(t.db, held!.code)).toMatchObject({ found: true, status: "valid" });
    // Nobody is told a held certificate is ready.
    const issued = () =>
      queryRows<{ recipient_person_id: number; completion_id: number }>(
        t.db,
        sql`select recipient_person_id, (details->>'completionId')::int as completion_id
            from notifications where kind = 'certificate.issued' order by id`,
      );
    expect(await issued()).toEqual([]);

    await submitEvaluation(t.db, {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after",
      answers: await answers(w.course.id, { recBefore: 2, recAfter: 4, refBefore: 2, refAfter: 4 }),
      actorAccountId: "x",
    });
    const released = await certificateForDownload(t.db, ALL, completionId);
    expect(released && "certificate" in released && released.certificate.completionId).toBe(completionId);
    expect(await countCertificates(t.db, ALL, { courseId: w.course.id })).toBe(1);
    expect(await certificatesAwaitingEvaluation(t.db, [completionId])).toEqual(new Map());
    // The evaluation released it, and its person is told it is ready, once.
    expect(await issued()).toEqual([{ recipient_person_id: w.people[0]!.id, completion_id: completionId }]);
    // The other attendee's certificate still waits.
    expect((await getCertificate(t.db, ALL, await completionOf(w.bookingIds[1]!)))?.awaitingEvaluation).toBe(true);
  });

  it("releases at once where the course does not hold it, and never holds a completion without a booking", async () => {
    const w = await attendedSession({ certificateAfterEvaluation: false });
    const download = await certificateForDownload(t.db, ALL, await completionOf(w.bookingIds[0]!));
    expect(download && "certificate" in download).toBe(true);
    const heldCourse = await make.course(t.db, { certificateAfterEvaluation: true });
    const imported = await make.completion(t.db, {
      personId: w.people[0]!.id,
      courseId: heldCourse.id,
      completedOn: "2026-10-01",
    });
    const imp = await certificateForDownload(t.db, ALL, imported.id);
    expect(imp && "certificate" in imp).toBe(true);
  });

  it("changing the course's setting releases certificates waiting for it", async () => {
    const w = await attendedSession();
    expect(await countCertificates(t.db, ALL, { courseId: w.course.id })).toBe(0);
    await t.db.update(courses).set({ certificateAfterEvaluation: false }).where(sql`id = ${w.course.id}`);
    expect(await countCertificates(t.db, ALL, { courseId: w.course.id })).toBe(2);
  });
});

describe("results", () => {
  it("means of each scale question, the before/after shift, the words, per session, course and trainer", async () => {
    const w = await attendedSession();
    await submitEvaluation(t.db, {
      bookingId: w.bookingIds[0]!,
      personId: w.people[0]!.id,
      stage: "after",
      answers: await answers(
        w.course.id,
        { recBefore: 2, recAfter: 4, refBefore: 1, refAfter: 4 },
        { useful: "Case studies" },
      ),
      actorAccountId: "x",
    });
    await submitEvaluation(t.db, {
      bookingId: w.bookingIds[1]!,
      personId: w.people[1]!.id,
      stage: "after",
      answers: await answers(w.course.id, { recBefore: 3, recAfter: 5, refBefore: 2, refAfter: 3 }),
      actorAccountId: "x",
    });
    const results = await evaluationResults(t.db, ALL, { courseId: w.course.id });
    expect(results.responses).toEqual({ after: 2, followUp: 0 });
    const byKey = Object.fromEntries(results.scale.map((s) => [s.key, s]));
    expect(byKey.confidence_recognising_before).toMatchObject({ mean: 2.5, answers: 2, distribution: [0, 1, 1, 0, 0] });
    expect(byKey.confidence_recognising_after).toMatchObject({ mean: 4.5, answers: 2 });
    expect(byKey.confidence_referring_after).toMatchObject({ mean: 3.5 });
    expect(results.shifts).toEqual([
      {
        key: "recognising",
        label: "Confidence in recognising concerns",
        responses: 2,
        meanBefore: 2.5,
        meanAfter: 4.5,
        shift: 2,
      },
      {
        key: "referring",
        label: "Confidence in referring concerns",
        responses: 2,
        meanBefore: 1.5,
        meanAfter: 3.5,
        shift: 2,
      },
    ]);
    expect(results.text).toHaveLength(1);
    expect(results.text[0]!.answers).toEqual([
      { answer: "Case studies", sessionDate: "2026-11-23", courseTitle: w.course.title },
    ]);

    // The same by session and by trainer; nothing for another trainer, or in their own scope.
    expect((await evaluationResults(t.db, ALL, { sessionId: w.s.id })).responses.after).toBe(2);
    expect((await evaluationResults(t.db, ALL, { trainerPersonId: w.trainer.id })).responses.after).toBe(2);
    const otherTrainer = await make.person(t.db, { organisationId: w.service.id });
    expect((await evaluationResults(t.db, ALL, { trainerPersonId: otherTrainer.id })).responses.after).toBe(0);
    expect((await evaluationResults(t.db, { kind: "trainer", personId: otherTrainer.id }, {})).scale).toEqual([]);
    expect((await evaluationResults(t.db, { kind: "trainer", personId: w.trainer.id }, {})).responses.after).toBe(2);
    expect((await evaluationResults(t.db, ALL, { from: "2026-11-24" })).responses.after).toBe(0);
    expect((await evaluationResults(t.db, ALL, { from: "2026-11-23", to: "2026-11-23" })).responses.after).toBe(2);

    // The CSV's rows: one per answer, no learner named; read in batches of 2, 4, 8 (growing).
    const batches = [];
    for await (const batch of evaluationAnswerPages(t.db, ALL, {}, 2)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([2, 4, 3]);
    const rows = batches.flat();
    expect(rows).toHaveLength(9);
    const inOne = [];
    for await (const batch of evaluationAnswerPages(t.db, ALL, {}, 100)) inOne.push(batch);
    expect(inOne).toEqual([rows]);
    expect(rows[0]).toMatchObject({ courseTitle: w.course.title, sessionDate: "2026-11-23", stage: "after" });
    expect(JSON.stringify(rows)).not.toContain(w.people[0]!.familyName);
    // The route writes them after the byte-order mark and the header, a line each.
    const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
    const csv = (await evaluationsCsv.loader({
      request: await signedInRequest(t.db, coordinator.id, "/evaluations.csv"),
      params: {},
      context: {},
    })) as Response;
    expect(csv.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="evaluations-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // Read as bytes: Response.text() would drop the byte-order mark.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(
      text.startsWith(
        "\uFEFFResponse,Stage,Sent on,Course code,Course,Session,Session date,Trainer,Question,Score (1 to 5),Answer\n",
      ),
    ).toBe(true);
    expect(text.trim().split("\n")).toHaveLength(10);

    // The KPI: the mean of the answers after the session, the "before" questions left out: (4+4+5+3)/4.
    expect(await meanEvaluationScore(t.db, { start: "2026-10-01", end: "2026-12-31" })).toEqual({
      mean: 4,
      answers: 4,
      responses: 2,
    });
    expect((await meanEvaluationScore(t.db, { start: "2027-01-01", end: "2027-03-31" })).mean).toBeNull();
  });
});

describe("the follow-up", () => {
  it("is due three months after the session where the course asks it, asked once, answered once", async () => {
    const w = await attendedSession({ followUp: true });
    expect(await dueFollowUps(t.db, "2027-02-22")).toEqual([]);
    expect((await dueFollowUps(t.db, "2027-02-23")).map((f) => f.bookingId)).toEqual([
      w.bookingIds[0],
      w.bookingIds[1],
    ]);
    expect(await requestDueFollowUps(t.db, "2027-02-23")).toBe(2);
    expect(await requestDueFollowUps(t.db, "2027-02-24")).toBe(0);
    // The form opens then, not before.
    const input = { bookingId: w.bookingIds[0]!, personId: w.people[0]!.id, stage: "follow_up" as const };
    expect(await getEvaluationForm(t.db, { ...input, today: "2027-02-22" })).toBeUndefined();
    const form = await getEvaluationForm(t.db, { ...input, today: "2027-02-23" });
    expect(form?.questions.map((q) => q.key)).toEqual(["follow_up_changed_practice", "follow_up_example"]);
    await submitEvaluation(t.db, {
      ...input,
      answers: { [answerField(form!.questions[0]!.id)]: "4" },
      actorAccountId: "x",
      now: new Date("2027-02-23T10:00:00Z"),
    });
    expect((await dueFollowUps(t.db, "2027-02-24")).map((f) => f.bookingId)).toEqual([w.bookingIds[1]]);
    const mine = await evaluationsForPerson(t.db, w.people[1]!.id, "2027-02-24");
    expect(mine).toEqual([
      expect.objectContaining({
        bookingId: w.bookingIds[1],
        afterDone: false,
        certificateWaits: true,
        followUp: "due",
      }),
    ]);
  });

  it("is never asked where the course does not ask it", async () => {
    const w = await attendedSession();
    expect(await dueFollowUps(t.db, "2027-02-23")).toEqual([]);
    expect(
      await getEvaluationForm(t.db, {
        bookingId: w.bookingIds[0]!,
        personId: w.people[0]!.id,
        stage: "follow_up",
        today: "2027-03-01",
      }),
    ).toBeUndefined();
  });
});
