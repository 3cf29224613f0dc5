import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, requirementCourses, requirements } from "../../app/db/schema";
import { complianceFor } from "../../app/domain/compliance/status-for-people";
import { DomainError } from "../../app/domain/errors";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { getRequirement } from "../../app/domain/requirements/get-requirement";
import { listRequirements } from "../../app/domain/requirements/list-requirements";
import { previewRequirement } from "../../app/domain/requirements/preview-requirement";
import type { RequirementInput } from "../../app/domain/requirements/requirement-input";
import { retireRequirement } from "../../app/domain/requirements/retire-requirement";
import { updateRequirement } from "../../app/domain/requirements/update-requirement";
import { loader as editLoader, action as editAction } from "../../app/routes/admin.requirements.$requirementId.edit";
import { loader as viewLoader } from "../../app/routes/admin.requirements.$requirementId._index";
import {
  action as retireAction,
  loader as retireLoader,
} from "../../app/routes/admin.requirements.$requirementId.retire";
import { loader as listLoader } from "../../app/routes/admin.requirements._index";
import { action as newAction, loader as newLoader } from "../../app/routes/admin.requirements.new/route";
import { todayInLondon } from "../../app/lib/dates";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;
let coordinatorId: string;
let learnerId: string;
let council: { id: number };
let school: { id: number };
let awareness: { id: number };
let workshop: { id: number };

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  council = await make.organisation(t.db, { kind: "council", name: "Council" });
  const schools = await make.organisation(t.db, { kind: "schools", name: "Schools" });
  school = await make.organisation(t.db, { kind: "school", name: "Hill School", parentId: schools.id, urn: 100300 });
  awareness = await make.course(t.db, {
    title: "Prevent awareness",
    deliveryMode: "external_elearning",
    validityMonths: 36,
  });
  workshop = await make.course(t.db, { title: "Prevent workshop", validityMonths: 36 });
  const coordinator = await make.person(t.db, { organisationId: council.id });
  const learner = await make.person(t.db, { organisationId: council.id, profileTags: ["frontline"] });
  coordinatorId = (await make.account(t.db, { personId: coordinator.id, roles: ["coordinator"] })).id;
  learnerId = (await make.account(t.db, { personId: learner.id })).id;
});

function input(overrides: Partial<RequirementInput> = {}): RequirementInput {
  return {
    name: "Prevent awareness: frontline",
    description: "Frontline staff hold Prevent awareness.",
    source: "Prevent duty guidance",
    courseIds: [awareness.id, workshop.id],
    audienceSectors: ["council"],
    audienceOrganisationIds: [],
    audienceTags: ["frontline"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 36,
    reminderDays: 60,
    ...overrides,
  };
}

const FORM = () => ({
  name: "Prevent awareness: frontline",
  description: "Frontline staff hold Prevent awareness.",
  courseIds: [String(awareness.id), String(workshop.id)],
  audienceSectors: ["council"],
  audienceTags: ["frontline"],
  otherTags: "",
  dueWithinDays: "90",
  renewal: "months",
  renewalMonths: "36",
  reminderDays: "60",
  source: "Prevent duty guidance",
  intent: "save",
});

type ActionData = {
  errors?: Record<string, string>;
  values: Record<string, string | string[]>;
  preview: { appliesTo: number; current: number; byStatus: Record<string, number> } | null;
};
const body = (response: unknown) => (response as { data: ActionData }).data;

describe("requirements in the domain", () => {
  it("creates a requirement with its courses and an audit event, in one transaction", async () => {
    const id = await createRequirement(t.db, input({ audienceTags: ["Frontline ", "frontline"] }), coordinatorId);
    const saved = await getRequirement(t.db, id);
    expect(saved).toMatchObject({
      name: "Prevent awareness: frontline",
      audienceSectors: ["council"],
      audienceTags: ["frontline"],
      renewalMonths: 36,
      retiredAt: null,
    });
    expect(saved!.courses.map((c) => c.id).sort()).toEqual([awareness.id, workshop.id].sort());
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "requirement.create"));
    expect(event).toMatchObject({ actorAccountId: coordinatorId, entityType: "requirement", entityId: String(id) });
    expect(event!.after).toMatchObject({ name: "Prevent awareness: frontline", courseIds: expect.any(Array) });
  });

  it("refuses unknown courses and organisations, no courses, and a second live requirement of the same name", async () => {
    await expect(createRequirement(t.db, input({ courseIds: [] }), coordinatorId)).rejects.toMatchObject({
      field: "courseIds",
    });
    await expect(createRequirement(t.db, input({ courseIds: [999_999] }), coordinatorId)).rejects.toMatchObject({
      field: "courseIds",
    });
    await expect(
      createRequirement(t.db, input({ audienceOrganisationIds: [999_999] }), coordinatorId),
    ).rejects.toMatchObject({
      field: "audienceOrganisationIds",
    });
    const id = await createRequirement(t.db, input(), coordinatorId);
    await expect(
      createRequirement(t.db, input({ name: "PREVENT AWARENESS: FRONTLINE" }), coordinatorId),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await t.db.select().from(requirements)).toHaveLength(1);
    // Once retired, its name is free again.
    await retireRequirement(t.db, id, coordinatorId);
    await createRequirement(t.db, input(), coordinatorId);
  });

  it("updates a requirement and its courses, auditing before and after", async () => {
    const id = await createRequirement(t.db, input(), coordinatorId);
    await updateRequirement(
      t.db,
      id,
      input({
        name: "Prevent awareness (all council)",
        courseIds: [awareness.id],
        audienceTags: [],
        renewalMonths: null,
      }),
      coordinatorId,
    );
    const saved = await getRequirement(t.db, id);
    expect(saved).toMatchObject({ name: "Prevent awareness (all council)", audienceTags: [], renewalMonths: null });
    expect(await t.db.select().from(requirementCourses).where(eq(requirementCourses.requirementId, id))).toEqual([
      { requirementId: id, courseId: awareness.id },
    ]);
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "requirement.update"));
    expect(event!.before).toMatchObject({ name: "Prevent awareness: frontline", renewalMonths: 36 });
    expect(event!.after).toMatchObject({
      name: "Prevent awareness (all council)",
      renewalMonths: null,
      courseIds: [awareness.id],
    });
  });

  it("retires a requirement once, keeping it for history", async () => {
    const id = await createRequirement(t.db, input(), coordinatorId);
    await retireRequirement(t.db, id, coordinatorId);
    await expect(retireRequirement(t.db, id, coordinatorId)).rejects.toMatchObject({ code: "retired" });
    await expect(updateRequirement(t.db, id, input(), coordinatorId)).rejects.toMatchObject({ code: "retired" });
    expect(await listRequirements(t.db)).toEqual([]);
    expect((await listRequirements(t.db, { includeRetired: true })).map((r) => r.id)).toEqual([id]);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "requirement.retire"))).toHaveLength(1);
  });

  it("previews how many people a requirement would apply to, and how many hold it, without saving", async () => {
    const frontline = await make.person(t.db, { organisationId: council.id, profileTags: ["frontline"] });
    await make.completion(t.db, {
      personId: frontline.id,
      courseId: workshop.id,
      completedOn: "2025-01-01",
      expiresOn: "2028-01-01",
    });
    await make.person(t.db, { organisationId: school.id, profileTags: ["frontline"] });
    const preview = await previewRequirement(t.db, input(), "2026-06-01");
    // The learner and the new person are frontline council staff; the school's is not in the council.
    expect(preview).toMatchObject({
      appliesTo: 2,
      current: 1,
      byStatus: { current: 1, missing: 1, expiring: 0, expired: 0, not_yet_due: 0 },
    });
    expect(await t.db.select().from(requirements)).toHaveLength(0);
    const everyone = await previewRequirement(t.db, input({ audienceSectors: [], audienceTags: [] }), "2026-06-01");
    expect(everyone.appliesTo).toBe(4);
    const saved = await createRequirement(t.db, input(), coordinatorId);
    const engine = await complianceFor(t.db, { scope: { kind: "all" }, onDate: "2026-06-01", requirementIds: [saved] });
    expect(engine).toHaveLength(preview.appliesTo);
  });
});

describe("the requirement pages", () => {
  it("are for the coordinator only", async () => {
    const request = await signedInRequest(t.db, learnerId, "/admin/requirements/new");
    expect(((await call(() => newLoader({ request, params: {}, context: {} }))) as Response).status).toBe(403);
    const list = await signedInRequest(t.db, learnerId, "/admin/requirements");
    expect(((await call(() => listLoader({ request: list, params: {}, context: {} }))) as Response).status).toBe(403);
    const post = await signedInRequest(t.db, learnerId, "/admin/requirements/new", { form: FORM() });
    expect(((await call(() => newAction({ request: post, params: {}, context: {} }))) as Response).status).toBe(403);
    expect(await t.db.select().from(requirements)).toHaveLength(0);
  });

  it("answers 400 with the messages and the user's input on bad input", async () => {
    const request = await signedInRequest(t.db, coordinatorId, "/admin/requirements/new", {
      form: {
        ...FORM(),
        name: "",
        courseIds: [],
        dueWithinDays: "soon",
        renewalMonths: "",
        otherTags: "youth worker, <script>",
      },
    });
    const response = await call(() => newAction({ request, params: {}, context: {} }));
    expect(response).toHaveProperty("init.status", 400);
    const { errors, values } = body(response);
    expect(Object.keys(errors!)).toEqual(["name", "courseIds", "otherTags", "dueWithinDays", "renewalMonths"]);
    expect(errors!.name).toBe("Enter a name for the requirement");
    expect(errors!.renewalMonths).toBe("Enter how many months until it must be renewed");
    expect(values).toMatchObject({
      dueWithinDays: "soon",
      audienceSectors: ["council"],
      otherTags: "youth worker, <script>",
    });
    expect(await t.db.select().from(requirements)).toHaveLength(0);
  });

  it("previews before saving, then saves", async () => {
    const preview = await signedInRequest(t.db, coordinatorId, "/admin/requirements/new", {
      form: { ...FORM(), name: "", intent: "preview" },
    });
    const previewed = body(await call(() => newAction({ request: preview, params: {}, context: {} })));
    expect(previewed.errors).toBeUndefined();
    expect(previewed.preview).toMatchObject({ appliesTo: 1, current: 0, byStatus: { missing: 1 } });
    expect(previewed.values).toMatchObject({ renewalMonths: "36" });
    expect(await t.db.select().from(requirements)).toHaveLength(0);

    const save = await signedInRequest(t.db, coordinatorId, "/admin/requirements/new", {
      form: { ...FORM(), otherTags: "Youth Worker" },
    });
    const saved = (await call(() => newAction({ request: save, params: {}, context: {} }))) as Response;
    expect(saved.status).toBe(302);
    const [row] = await t.db.select().from(requirements);
    expect(saved.headers.get("Location")).toBe(`/admin/requirements/${row!.id}?saved=1`);
    expect(row).toMatchObject({ audienceTags: ["frontline", "youth_worker"], renewalMonths: 36 });

    const view = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${row!.id}?saved=1`);
    const page = (await viewLoader({
      request: view,
      params: { requirementId: String(row!.id) },
      context: {},
    })) as Awaited<ReturnType<typeof viewLoader>>;
    expect(page.saved).toBe(true);
    expect(page.figures).toMatchObject({ onDate: todayInLondon(), appliesTo: 1 });
    expect(page.requirement.audience).toEqual(["Sector: Council", "Profile: Frontline or youth worker"]);
  });

  it("edits a requirement, following the course's validity when asked", async () => {
    const id = await createRequirement(t.db, input(), coordinatorId);
    const params = { requirementId: String(id) };
    const get = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/edit`);
    const loaded = (await editLoader({ request: get, params, context: {} })) as Awaited<ReturnType<typeof editLoader>>;
    expect(loaded.values).toMatchObject({
      name: "Prevent awareness: frontline",
      renewal: "months",
      renewalMonths: "36",
      audienceTags: ["frontline"],
    });

    const bad = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/edit`, {
      form: { ...FORM(), renewal: "", reminderDays: "99999" },
    });
    const failed = await call(() => editAction({ request: bad, params, context: {} }));
    expect(failed).toHaveProperty("init.status", 400);
    expect(Object.keys(body(failed).errors!)).toEqual(["renewal", "reminderDays"]);

    const post = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/edit`, {
      form: { ...FORM(), renewal: "course", renewalMonths: "", courseIds: [String(awareness.id)] },
    });
    const response = (await call(() => editAction({ request: post, params, context: {} }))) as Response;
    expect(response.status).toBe(302);
    expect(await getRequirement(t.db, id)).toMatchObject({ renewalMonths: null, courses: [{ id: awareness.id }] });

    const missing = await signedInRequest(t.db, coordinatorId, "/admin/requirements/999999/edit");
    expect(
      (
        (await call(() =>
          editLoader({ request: missing, params: { requirementId: "999999" }, context: {} }),
        )) as Response
      ).status,
    ).toBe(404);
  });

  it("asks before retiring, then retires", async () => {
    const id = await createRequirement(t.db, input(), coordinatorId);
    const params = { requirementId: String(id) };
    const get = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/retire`);
    expect(await retireLoader({ request: get, params, context: {} })).toEqual({
      id,
      name: "Prevent awareness: frontline",
    });
    const post = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/retire`, { form: {} });
    const response = (await call(() => retireAction({ request: post, params, context: {} }))) as Response;
    expect(response.headers.get("Location")).toBe(`/admin/requirements?retired=${id}`);
    expect((await getRequirement(t.db, id))!.retiredAt).not.toBeNull();
    const list = await signedInRequest(t.db, coordinatorId, `/admin/requirements?retired=${id}`);
    const listed = (await listLoader({ request: list, params: {}, context: {} })) as Awaited<
      ReturnType<typeof listLoader>
    >;
    expect(listed.retiredName).toBe("Prevent awareness: frontline");
    // A retired requirement can be neither changed nor retired again.
    const again = await signedInRequest(t.db, coordinatorId, `/admin/requirements/${id}/retire`);
    expect(((await call(() => retireLoader({ request: again, params, context: {} }))) as Response).status).toBe(404);
  });
});
