import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, queryOne, queryRows } from "../../app/db/database";
import { type Attempt, launchFor, openAttempt, saveAttempt } from "../../app/domain/elearning/attempts/attempts";
import {
  type RuntimeState,
  durationSeconds,
  runtimeStateSchema,
} from "../../app/domain/elearning/attempts/runtime-state";
import { uploadPackage } from "../../app/domain/elearning/packages/upload-package";
import { checkKeptCoverage } from "../../app/domain/kept-coverage/check-kept-coverage";
import type { ElearningCompletionRule, ScormVersion } from "../../app/lib/values";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { withDatabase } from "../support/postgres-url";
import { PLAIN_PAGE, buildScormPackage } from "../support/scorm-packages";
import { memoryStorage } from "../support/storage";

/**
 * Issue 19: the runtime's saves. Package rows are inserted here directly (the upload has its own
 * tests); what is tested is opening, resuming, saving what content reports (numbers or strings),
 * and recording exactly one completion when the course's rule is met, also when two saves race
 * (on PostgreSQL, two connections interleaved).
 */
const concurrent = Boolean(process.env.TEST_DATABASE_URL);
const NOW = new Date("2026-11-25T10:00:00Z");

let t: TestDatabase;
let watcher: postgres.Sql | undefined;

beforeAll(async () => {
  t = await createTestDatabase({ maxConnections: 3 });
  if (concurrent) {
    const name = (await queryOne<{ name: string }>(t.db, sql`select current_database() as name`))!.name;
    watcher = postgres(withDatabase(process.env.TEST_DATABASE_URL!, name), { max: 1, onnotice: () => {} });
  }
});
afterAll(async () => {
  await watcher?.end();
  await t?.close();
});
beforeEach(() => t.reset());

async function hostedCourse(
  db: Database,
  input: { scorm: ScormVersion; rule?: ElearningCompletionRule; launch?: string; validityMonths?: number | null },
) {
  const { council } = await make.councilAndSchool(db);
  const person = await make.person(db, { organisationId: council.id, givenName: "Ada", familyName: "Lovelace" });
  const account = await make.account(db, { personId: person.id, roles: ["learner"] });
  const course = await make.course(db, {
    deliveryMode: "hosted_elearning",
    elearningCompletesWhen: input.rule ?? "completed",
    validityMonths: input.validityMonths === undefined ? 36 : input.validityMonths,
  });
  const pkg = await addPackage(db, course.id, 1, input.scorm, input.launch ?? "index.html");
  return { person, account, course, pkg };
}

/** A new version of the course's package, uploaded as the coordinator would (the old one is replaced). */
async function addPackage(db: Database, courseId: number, _version: number, scorm: ScormVersion, launch: string) {
  const coordinator = await make.account(db, { personId: null, roles: ["coordinator"] });
  const { packageId } = await uploadPackage(db, memoryStorage(), {
    courseId,
    fileName: "package.zip",
    bytes: await buildScormPackage({
      scorm: scorm === "scorm_1_2" ? "1.2" : "2004-4th",
      launch,
      files: { [launch.split("?")[0]!]: PLAIN_PAGE },
    }),
    actorAccountId: coordinator.id,
    now: NOW,
  });
  return { id: packageId };
}

const parse12 = (cmi: unknown) => runtimeStateSchema("scorm_1_2").parse({ cmi });
const parse2004 = (cmi: unknown) => runtimeStateSchema("scorm_2004").parse({ cmi });

async function completionsOf(personId: number) {
  return queryRows<{ id: number; source: string; completed_on: string; expires_on: string | null }>(
    t.db,
    sql`select id::int as id, source::text as source, completed_on::text as completed_on, expires_on::text as expires_on
        from completions where person_id = ${personId} and revoked_at is null`,
  );
}

function save(attempt: Attempt, accountId: string, state: RuntimeState, db: Database = t.db) {
  return saveAttempt(db, {
    attemptId: attempt.id,
    personId: attempt.personId,
    actorAccountId: accountId,
    state,
    now: NOW,
  });
}

describe("reading what the runtime posts", () => {
  it("takes numbers or strings, and refuses statuses and scores no SCORM runtime sends", () => {
    const state = parse12({
      core: { lesson_status: "incomplete", lesson_location: 3, score: { raw: 75, min: "0", max: "100" } },
      suspend_data: "page=3",
    });
    expect(state).toMatchObject({ lessonStatus: "incomplete", location: "3", scoreRaw: "75", suspendData: "page=3" });
    expect(
      parse2004({ completion_status: "completed", success_status: "passed", score: { scaled: 0.8 } }).scoreScaled,
    ).toBe("0.8");
    expect(() => parse12({ core: { lesson_status: "done" } })).toThrow();
    expect(() => parse12({ core: { lesson_status: "passed", score: { raw: "lots" } } })).toThrow();
    expect(() => parse2004({ success_status: "completed" })).toThrow();
    expect(() => runtimeStateSchema("scorm_1_2").parse({ title: "x" })).toThrow();
  });

  it("reads SCORM 1.2 and 2004 times", () => {
    expect(durationSeconds("0000:02:05.50")).toBe(125);
    expect(durationSeconds("12:00:00")).toBe(43200);
    expect(durationSeconds("PT1H2M3.5S")).toBe(3723);
    expect(durationSeconds("P1DT1M")).toBe(86460);
    expect(durationSeconds("PT")).toBeNull();
    expect(durationSeconds("soon")).toBeNull();
    expect(durationSeconds("")).toBeNull();
  });
});

describe("attempts at hosted e-learning", () => {
  it("opens, resumes at the saved location, and records one completion when SCORM 1.2 reports passed", async () => {
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_1_2", rule: "passed" });
    const first = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    expect(first.attemptNumber).toBe(1);
    const fresh = await launchFor(t.db, first);
    expect(fresh.cmi).toEqual({
      core: { student_id: String(person.id), student_name: "Lovelace, Ada", entry: "ab-initio" },
    });
    expect(fresh.src).toBe(`/elearning/content/${first.packageId}/index.html`);

    // The content saves its place and leaves with exit "suspend" (the window closed).
    const left = await save(
      first,
      account.id,
      parse12({
        core: { lesson_status: "incomplete", lesson_location: "page-2", exit: "suspend", total_time: "0000:01:30" },
        suspend_data: "seen=1,2",
      }),
    );
    expect(left).toEqual({ saved: true, outcome: "in_progress", completionId: null });
    expect(await completionsOf(person.id)).toEqual([]);

    const again = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    expect(again.id).toBe(first.id);
    expect((await launchFor(t.db, again)).cmi).toEqual({
      core: {
        student_id: String(person.id),
        student_name: "Lovelace, Ada",
        entry: "resume",
        lesson_status: "incomplete",
        lesson_location: "page-2",
        total_time: "0000:01:30",
      },
      suspend_data: "seen=1,2",
    });

    // "completed" is not what this course asks for; "passed" is.
    const completedOnly = await save(again, account.id, parse12({ core: { lesson_status: "completed" } }));
    expect(completedOnly?.completionId).toBeNull();
    const passed = await save(
      again,
      account.id,
      parse12({ core: { lesson_status: "passed", score: { raw: 90 }, total_time: "0000:05:00" } }),
    );
    expect(passed?.outcome).toBe("met");
    expect(passed?.completionId).toEqual(expect.any(Number));
    const done = await completionsOf(person.id);
    expect(done).toEqual([
      { id: passed!.completionId, source: "hosted_elearning", completed_on: "2026-11-25", expires_on: "2029-11-25" },
    ]);
    const attempt = await queryOne<{ closed: boolean; total_seconds: number; score_raw: string }>(
      t.db,
      sql`select closed_at is not null as closed, total_seconds, score_raw::text from elearning_attempts where id = ${first.id}`,
    );
    expect(attempt).toEqual({ closed: true, total_seconds: 300, score_raw: "90" });

    // The beacon sent as the window closes arrives after: nothing changes, still one completion.
    const late = await save(again, account.id, parse12({ core: { lesson_status: "passed" } }));
    expect(late).toEqual({ saved: false, outcome: "met", completionId: passed!.completionId });
    expect(await completionsOf(person.id)).toHaveLength(1);

    const told = await queryRows<{ kind: string }>(
      t.db,
      sql`select kind::text as kind from notifications where recipient_person_id = ${person.id}`,
    );
    expect(told.map((n) => n.kind)).toEqual(["certificate.issued"]);
    const audited = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_events where subject_person_id = ${person.id} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual(["elearning.attempt-start", "completion.record"]);
    expect((await checkKeptCoverage(t.db, { today: "2026-11-25" })).differences).toBe(0);

    // Finished: opening again is refused unless the learner chooses to start again.
    await expect(
      openAttempt(t.db, { personId: person.id, courseId: course.id, actorAccountId: account.id, now: NOW }),
    ).rejects.toThrow(/already finished/);
  });

  it("SCORM 1.2 completed counts for a course that asks for completion", async () => {
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_1_2", rule: "completed" });
    const attempt = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    const result = await save(attempt, account.id, parse12({ core: { lesson_status: "completed" } }));
    expect(result?.outcome).toBe("met");
    expect(await completionsOf(person.id)).toHaveLength(1);
  });

  it("a failed SCORM 2004 attempt records nothing and can be tried again, on the current version", async () => {
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_2004", rule: "completed_and_passed" });
    const first = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    // Completed but not yet passed: in progress.
    expect(
      (await save(first, account.id, parse2004({ completion_status: "completed", success_status: "unknown" })))
        ?.outcome,
    ).toBe("in_progress");
    const failed = await save(
      first,
      account.id,
      parse2004({ completion_status: "completed", success_status: "failed", score: { scaled: "0.4", raw: 40 } }),
    );
    expect(failed).toEqual({ saved: true, outcome: "failed", completionId: null });
    expect(await completionsOf(person.id)).toEqual([]);

    // A new version is uploaded meanwhile; resuming without starting again keeps the failed attempt.
    const v2 = await addPackage(t.db, course.id, 2, "scorm_2004", "start.html?lang=en");
    const resumed = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    expect(resumed).toMatchObject({ id: first.id, outcome: "failed", packageId: first.packageId });

    const second = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
      startAgain: true,
    });
    expect(second).toMatchObject({ attemptNumber: 2, packageId: v2.id, closedAt: null });
    expect((await launchFor(t.db, second)).src).toBe(`/elearning/content/${v2.id}/start.html?lang=en`);
    const closed = await queryOne<{ closed: boolean }>(
      t.db,
      sql`select closed_at is not null as closed from elearning_attempts where id = ${first.id}`,
    );
    expect(closed?.closed).toBe(true);

    const passed = await save(
      second,
      account.id,
      parse2004({ completion_status: "completed", success_status: "passed", total_time: "PT10M" }),
    );
    expect(passed?.outcome).toBe("met");
    expect(await completionsOf(person.id)).toHaveLength(1);
    // A save for the closed first attempt changes nothing.
    expect(
      (await save(first, account.id, parse2004({ completion_status: "completed", success_status: "passed" })))?.saved,
    ).toBe(false);
    expect(await completionsOf(person.id)).toHaveLength(1);
    expect((await checkKeptCoverage(t.db, { today: "2026-11-25" })).differences).toBe(0);
  });

  it("a package that never reports completion never produces one", async () => {
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_2004", rule: "completed" });
    const attempt = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    for (const location of ["1", "2", "3"]) {
      await save(attempt, account.id, parse2004({ completion_status: "incomplete", location, exit: "suspend" }));
    }
    expect(await completionsOf(person.id)).toEqual([]);
    const resumed = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    expect((await launchFor(t.db, resumed)).cmi).toMatchObject({ entry: "resume", location: "3" });
  });

  it("saves only the person's own attempt, and refuses a course that is not hosted or has no package", async () => {
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_1_2" });
    const attempt = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    const other = await make.person(t.db, { organisationId: person.organisationId });
    expect(
      await saveAttempt(t.db, {
        attemptId: attempt.id,
        personId: other.id,
        actorAccountId: account.id,
        state: parse12({ core: { lesson_status: "passed" } }),
        now: NOW,
      }),
    ).toBeNull();
    expect(await completionsOf(person.id)).toEqual([]);

    const faceToFace = await make.course(t.db, {});
    await expect(
      openAttempt(t.db, { personId: person.id, courseId: faceToFace.id, actorAccountId: account.id, now: NOW }),
    ).rejects.toThrow(/not e-learning hosted/);
    const empty = await make.course(t.db, { deliveryMode: "hosted_elearning" });
    await expect(
      openAttempt(t.db, { personId: person.id, courseId: empty.id, actorAccountId: account.id, now: NOW }),
    ).rejects.toThrow(/not been uploaded/);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`two saves recording the completion ${concurrent ? "interleaved on two connections (PostgreSQL)" : "one after the other (PGlite)"}`, () => {
  it("records one completion", async () => {
    expect(t.engine).toBe(concurrent ? "postgresql" : "pglite");
    const { person, account, course } = await hostedCourse(t.db, { scorm: "scorm_2004", rule: "completed" });
    const attempt = await openAttempt(t.db, {
      personId: person.id,
      courseId: course.id,
      actorAccountId: account.id,
      now: NOW,
    });
    const finished = parse2004({ completion_status: "completed", success_status: "unknown" });
    if (!concurrent) {
      const a = await save(attempt, account.id, finished);
      const b = await save(attempt, account.id, finished);
      expect([a?.saved, b?.saved]).toEqual([true, false]);
      expect(await completionsOf(person.id)).toHaveLength(1);
      return;
    }
    // The first save records the completion and holds its transaction open; the second (the
    // beacon as the window closes) must wait for the attempt's lock, then find it closed.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let saved!: (pid: number) => void;
    const firstPid = new Promise<number>((resolve) => (saved = resolve));
    let firstResult: Awaited<ReturnType<typeof save>> = null;
    const first = t.db.transaction(async (tx) => {
      firstResult = await save(attempt, account.id, finished, tx);
      saved((await queryOne<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`))!.pid);
      await committing;
    });
    const pid = await Promise.race([firstPid, first.then(() => -1)]);
    expect(pid).toBeGreaterThan(0);
    let secondDone = false;
    const second = save(attempt, account.id, finished).finally(() => (secondDone = true));
    let waited = false;
    for (let i = 0; i < 500 && !secondDone && !waited; i++) {
      const [row] = await watcher!<{ pid: number }[]>`
        select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid)) limit 1`;
      waited = row !== undefined;
      if (!waited) await sleep(10);
    }
    expect(waited).toBe(true);
    expect(secondDone).toBe(false);
    commit();
    await first;
    const secondResult = await second;
    expect(firstResult).toMatchObject({ saved: true, outcome: "met" });
    expect(secondResult).toEqual({ saved: false, outcome: "met", completionId: firstResult!.completionId });
    expect(await completionsOf(person.id)).toHaveLength(1);
    expect((await checkKeptCoverage(t.db, { today: "2026-11-25" })).differences).toBe(0);
  });
});
