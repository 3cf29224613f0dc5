import { sql } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { completions } from "../../app/db/schema";
import { bookPlace } from "../../app/domain/sessions/book-place";
import * as registerPdf from "../../app/routes/sessions.$sessionId.register[.]pdf";
import * as registerPage from "../../app/routes/sessions.$sessionId.register";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { DAY, HOUR, council, session } from "./booking-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
// react-pdf loads its layout engine's WebAssembly from a data: URL: not the network.
beforeEach(async () => {
  await t.reset();
});
afterAll(() => t.close());

/** A session that started an hour ago, run by a trainer, with two people booked beforehand. */
async function world(options: { startsInHours?: number } = {}) {
  const { service, people } = await council(t.db, 2);
  const trainerPerson = await make.person(t.db, { organisationId: service.id, givenName: "Tamsin", familyName: "Trainer" });
  const trainer = await make.account(t.db, { personId: trainerPerson.id, roles: ["trainer"] });
  const otherTrainer = await make.account(t.db, { personId: (await make.person(t.db, { organisationId: service.id })).id, roles: ["trainer"] });
  const learner = await make.account(t.db, { personId: people[0]!.id });
  const coordinator = await make.account(t.db, { personId: null, roles: ["coordinator"] });
  const course = await make.course(t.db, { title: "Prevent awareness workshop", code: "PREV-W" });
  const startsAt = new Date(Date.now() + (options.startsInHours ?? -1) * HOUR);
  const s = await session(t.db, { courseId: course.id, startsAt, hours: 3, bookingClosesAt: null, trainerPersonId: trainerPerson.id });
  const before = new Date(startsAt.getTime() - DAY);
  const booked = [];
  for (const p of people) {
    booked.push((await bookPlace(t.db, { sessionId: s.id, personId: p.id, actorAccountId: null, managerAgreed: true, joinWaitingList: false, now: before })).bookingId);
  }
  return { s, people, trainer, otherTrainer, learner, coordinator, booked, service };
}

const params = (sessionId: number) => ({ sessionId: String(sessionId) });
const path = (sessionId: number) => `/sessions/${sessionId}/register`;

function status(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}

async function post(accountId: string, sessionId: number, form: Record<string, string>) {
  return call(async () => registerPage.action({ request: await signedInRequest(t.db, accountId, path(sessionId), { form }), params: params(sessionId), context: {} }));
}

async function liveCompletionCount() {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(completions).where(sql`${completions.revokedAt} is null`);
  return row!.n;
}

describe("the register page", () => {
  it("is for the session's trainer and the coordinator only", async () => {
    const w = await world();
    for (const [accountId, expected] of [[w.trainer.id, 200], [w.coordinator.id, 200], [w.otherTrainer.id, 403], [w.learner.id, 403]] as const) {
      const result = await call(async () => registerPage.loader({ request: await signedInRequest(t.db, accountId, path(w.s.id)), params: params(w.s.id), context: {} }));
      expect(status(result), accountId).toBe(expected);
    }
  });

  it("the trainer marks one person attended, then everyone, and adds a walk-in found by search", async () => {
    const w = await world();
    const one = await post(w.trainer.id, w.s.id, { intent: "mark", bookingId: String(w.booked[0]), outcome: "attended" });
    expect((one as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}/register?done=attended&n=1`);
    expect(await liveCompletionCount()).toBe(1);
    const all = await post(w.trainer.id, w.s.id, { intent: "mark-all" });
    expect((all as Response).headers.get("Location")).toBe(`/sessions/${w.s.id}/register?done=all&n=1`);
    expect(await liveCompletionCount()).toBe(2);

    const walkIn = await make.person(t.db, { organisationId: w.service.id, givenName: "Wendy", familyName: "Walkin" });
    const found = await registerPage.loader({ request: await signedInRequest(t.db, w.trainer.id, `${path(w.s.id)}?q=walkin`), params: params(w.s.id), context: {} });
    expect(found.open).toBe(true);
    expect(found.found).toEqual([expect.objectContaining({ id: walkIn.id, name: "Wendy Walkin", onRegister: false })]);
    await post(w.trainer.id, w.s.id, { intent: "walk-in", personId: String(walkIn.id) });
    const after = await registerPage.loader({ request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)), params: params(w.s.id), context: {} });
    expect(after.register.map((r) => [r.name, r.status, r.walkIn])).toContainEqual(["Wendy Walkin", "attended", true]);
    expect(await liveCompletionCount()).toBe(3);
  });

  it("shows a rule broken as an error on the page, and nothing changes", async () => {
    const w = await world({ startsInHours: 48 });
    const result = await post(w.trainer.id, w.s.id, { intent: "mark", bookingId: String(w.booked[0]), outcome: "attended" });
    expect(status(result)).toBe(400);
    expect((result as unknown as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      register: "The register can be taken from the day of the session.",
    });
    expect(await liveCompletionCount()).toBe(0);
    const page = await registerPage.loader({ request: await signedInRequest(t.db, w.trainer.id, path(w.s.id)), params: params(w.s.id), context: {} });
    expect(page.open).toBe(false);
  });
});

describe("the printable sign-in sheet", () => {
  it("is an A4 PDF with the session's details, everyone with a place and a signature column", async () => {
    const w = await world();
    const response = (await registerPdf.loader({
      request: await signedInRequest(t.db, w.trainer.id, `/sessions/${w.s.id}/register.pdf`),
      params: params(w.s.id),
      context: {},
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="sign-in-sheet-prevent-awareness-workshop-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const document = await getDocument({ data: bytes, verbosity: 0, isEvalSupported: false }).promise;
    const page = await document.getPage(1);
    const text = (await page.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join(" ");
    const { info } = (await document.getMetadata()) as unknown as { info: Record<string, unknown> };
    const { width, height } = page.getViewport({ scale: 1 });
    await document.destroy();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(info.Title).toMatch(/^Sign-in sheet: Prevent awareness workshop, \d+ \w+ \d{4}$/);
    expect(info.Language).toBe("en-GB");
    for (const expected of ["Prevent awareness workshop (PREV-W)", "Town Hall, Committee Room 2", "Tamsin Trainer", "Name", "Organisation", "Signature"]) {
      expect(text).toContain(expected);
    }
    for (const p of w.people) expect(text).toContain(`${p.givenName} ${p.familyName}`);
    const denied = await call(async () => registerPdf.loader({ request: await signedInRequest(t.db, w.learner.id, `/sessions/${w.s.id}/register.pdf`), params: params(w.s.id), context: {} }));
    expect(status(denied)).toBe(403);
  });
});
