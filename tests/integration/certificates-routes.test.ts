import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { navigationFor } from "../../app/auth/navigation";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { auditEvents, completions } from "../../app/db/schema";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { action as revokeAction, loader as revokeLoader } from "../../app/routes/admin.completions.$id.revoke";
import { loader as certificateLoader } from "../../app/routes/certificates.$file";
import { loader as bulkLoader } from "../../app/routes/certificates.bulk";
import { loader as zipLoader } from "../../app/routes/certificates.bulk[.]zip";
import { loader as searchLoader } from "../../app/routes/organisations.search";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

const require = createRequire(import.meta.url);
const unzipper = require("unzipper") as {
  Open: { buffer(data: Buffer): Promise<{ files: Array<{ path: string; buffer(): Promise<Buffer> }> }> };
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

let s: Awaited<ReturnType<typeof setUp>>;

/** A manager with two reports, someone in another service, a school, and a coordinator. */
async function setUp() {
  const db = t.db;
  const { council, service, other, school } = await make.councilAndSchool(db);
  const manager = await make.person(db, { organisationId: service.id });
  const report = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: "Rita",
    familyName: "Report",
  });
  const report2 = await make.person(db, {
    organisationId: service.id,
    lineManagerId: manager.id,
    givenName: "Ray",
    familyName: "Report",
  });
  const outsider = await make.person(db, { organisationId: other.id });
  const teacher = await make.person(db, { organisationId: school.id });
  const course = await make.course(db, { title: "Prevent awareness", code: "PREV", validityMonths: 36 });
  const noCertificate = await make.course(db, { title: "Briefing", issuesCertificate: false });
  const complete = (personId: number, courseId = course.id, completedOn = "2025-05-01") =>
    make.completion(db, {
      personId,
      courseId,
      completedOn,
      certificateCode: newCertificateCode(),
      source: "hosted_elearning",
    });
  return {
    orgs: { council, service, other, school },
    people: { manager, report, report2, outsider, teacher },
    accounts: {
      manager: await make.account(db, { personId: manager.id, roles: ["manager"] }),
      report: await make.account(db, { personId: report.id }),
      coordinator: await make.account(db, { personId: null, roles: ["coordinator"] }),
      nobody: await make.account(db, { personId: null }),
    },
    completions: {
      report: await complete(report.id),
      report2: await complete(report2.id, course.id, "2025-06-01"),
      reportBriefing: await complete(report.id, noCertificate.id),
      outsider: await complete(outsider.id),
      teacher: await complete(teacher.id),
    },
  };
}

beforeEach(async () => {
  await t.reset();
  s = await setUp();
});

const get = async (accountId: string | null, path: string) => signedInRequest(t.db, accountId, path);

async function download(accountId: string, completionId: number | string): Promise<Response> {
  const file = `${completionId}.pdf`;
  return (await call(async () =>
    certificateLoader({ request: await get(accountId, `/certificates/${file}`), params: { file }, context: {} }),
  )) as Response;
}

describe("downloading one certificate", () => {
  it("gives the PDF as an attachment to someone whose scope reaches the person", async () => {
    const response = await download(s.accounts.manager.id, s.completions.report.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="certificate-Prevent-awareness-Rita-Report-2025-05-01.pdf"',
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(Number(response.headers.get("Content-Length"))).toBe(bytes.length);
  });

  it("answers 404 outside the scope, for revoked completions, courses without certificates and nonsense ids", async () => {
    const expectNotFound = async (accountId: string, id: number | string) =>
      expect((await download(accountId, id)).status, `${accountId} ${id}`).toBe(404);
    await expectNotFound(s.accounts.manager.id, s.completions.outsider.id);
    await expectNotFound(s.accounts.manager.id, s.completions.teacher.id);
    await expectNotFound(s.accounts.report.id, s.completions.report2.id);
    await expectNotFound(s.accounts.coordinator.id, s.completions.reportBriefing.id);
    await expectNotFound(s.accounts.coordinator.id, 987_654);
    await expectNotFound(s.accounts.coordinator.id, "0");
    await expectNotFound(s.accounts.coordinator.id, "1e3");
    await expectNotFound(s.accounts.coordinator.id, "-1");
    await expectNotFound(s.accounts.coordinator.id, `${s.completions.report.certificateCode}`);
    await t.db
      .update(completions)
      .set({ revokedAt: new Date(), revokeReason: "Error" })
      .where(eq(completions.id, s.completions.report.id));
    await expectNotFound(s.accounts.coordinator.id, s.completions.report.id);
  });

  it("refuses an account with no training record and no role, and sends a signed-out visitor to sign in", async () => {
    expect((await download(s.accounts.nobody.id, s.completions.report.id)).status).toBe(403);
    const signedOut = (await call(async () =>
      certificateLoader({ request: await get(null, "/certificates/1.pdf"), params: { file: "1.pdf" }, context: {} }),
    )) as Response;
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
  });
});

type BulkPage = {
  errors: Record<string, string> | null;
  result: { count: number; href: string; estimate: string } | null;
  organisation: { id: number; label: string } | null;
  organisationMatches: Array<{ id: number; label: string }> | null;
  person: { name: string } | null;
};

async function bulkPage(accountId: string, query: string): Promise<{ status: number; page: BulkPage } | Response> {
  const result = (await call(async () =>
    bulkLoader({ request: await get(accountId, `/certificates/bulk${query}`), params: {}, context: {} }),
  )) as unknown;
  if (result instanceof Response) return result;
  const wrapped = result as { type?: string; data?: BulkPage; init?: { status: number } };
  return wrapped.type === "DataWithResponseInit"
    ? { status: wrapped.init!.status, page: wrapped.data! }
    : { status: 200, page: result as BulkPage };
}

describe("the bulk download page", () => {
  it("shows a manager how many certificates their team has, and links to the zip", async () => {
    const first = (await bulkPage(s.accounts.manager.id, "")) as { page: BulkPage };
    expect(first.page.result).toBeNull();
    // No list of organisations: the picker searches within their reach (?for=certificates).
    expect(first.page.organisation).toBeNull();
    expect(JSON.stringify(first.page)).not.toContain("Adult Social Care");
    const search = async (accountId: string, q: string) => {
      const response = (await call(async () =>
        searchLoader({
          request: await get(accountId, `/organisations/search?for=certificates&q=${q}`),
          params: {},
          context: {},
        }),
      )) as Response;
      return ((await response.json()) as { organisations: Array<{ name: string }> }).organisations.map((o) => o.name);
    };
    expect(await search(s.accounts.manager.id, "a")).toContain("Adult Social Care");
    expect(await search(s.accounts.manager.id, "highways")).toEqual([]);
    expect(await search(s.accounts.coordinator.id, "highways")).toEqual(["Highways"]);
    const checked = (await bulkPage(s.accounts.manager.id, "?check=1&courseId=")) as { status: number; page: BulkPage };
    expect(checked.status).toBe(200);
    expect(checked.page.result).toMatchObject({
      count: 2,
      estimate: "less than a minute",
      href: "/certificates/bulk.zip?",
    });
  });

  it("narrows to an organisation, a school, a person and dates", async () => {
    const coordinator = s.accounts.coordinator.id;
    const count = async (query: string) =>
      ((await bulkPage(coordinator, query)) as { page: BulkPage }).page.result?.count;
    expect(await count("?check=1")).toBe(4);
    expect(await count(`?check=1&organisationId=${s.orgs.council.id}`)).toBe(3);
    expect(await count(`?check=1&organisationId=${s.orgs.school.id}`)).toBe(1);
    expect(await count(`?personId=${s.people.report.id}`)).toBe(1);
    // Without JavaScript, words naming one organisation choose it (over the id they came with).
    expect(await count(`?check=1&organisationId=${s.orgs.council.id}&organisation=oak`)).toBe(1);
    const several = (await bulkPage(coordinator, "?check=1&organisation=a")) as { status: number; page: BulkPage };
    expect(several.status).toBe(400);
    expect(several.page.errors?.organisationId).toBe("More than one organisation matches “a”: choose one below");
    expect(several.page.organisationMatches?.length).toBeGreaterThan(1);
    expect(
      await count(
        "?check=1&completedFrom-day=15&completedFrom-month=5&completedFrom-year=2025&completedTo-day=&completedTo-month=&completedTo-year=",
      ),
    ).toBe(1);
    const page = (await bulkPage(
      coordinator,
      `?check=1&organisationId=${s.orgs.school.id}&completedFrom-day=1&completedFrom-month=1&completedFrom-year=2025`,
    )) as {
      page: BulkPage;
    };
    expect(page.page.result?.href).toBe(
      `/certificates/bulk.zip?organisationId=${s.orgs.school.id}&completedFrom=2025-01-01`,
    );
  });

  it("explains what is wrong with the choices, keeping them, with a 400", async () => {
    const result = (await bulkPage(
      s.accounts.manager.id,
      `?check=1&organisationId=${s.orgs.other.id}&completedFrom-day=31&completedFrom-month=2&completedFrom-year=2025&completedTo-day=1&completedTo-month=1`,
    )) as { status: number; page: BulkPage & { values: Record<string, string> } };
    expect(result.status).toBe(400);
    expect(result.page.errors).toEqual({
      organisationId: "Select an organisation or a school from the list",
      completedFrom: "Completed from must be a real date",
      completedTo: "Completed to must include a day, month and year",
    });
    expect(result.page.values["completedFrom-day"]).toBe("31");
  });

  it("answers 404 for a person outside the scope, and 403 to a learner", async () => {
    expect(((await bulkPage(s.accounts.manager.id, `?personId=${s.people.outsider.id}`)) as Response).status).toBe(404);
    expect(((await bulkPage(s.accounts.report.id, "")) as Response).status).toBe(403);
  });

  it("is in the navigation of managers, and under Administration for coordinators", async () => {
    const hasItem = (user: Parameters<typeof navigationFor>[0]) =>
      navigationFor(user).some((item) => item.href === "/certificates/bulk");
    const base = { displayName: "x", email: "x@example.test" };
    expect(
      hasItem({
        ...base,
        accountId: "m",
        personId: 1,
        grants: [{ role: "manager", organisationId: null, personId: 1 }],
      }),
    ).toBe(true);
    expect(
      hasItem({
        ...base,
        accountId: "c",
        personId: null,
        grants: [{ role: "coordinator", organisationId: null, personId: null }],
      }),
    ).toBe(false);
    expect(hasItem({ ...base, accountId: "l", personId: 1, grants: [] })).toBe(false);
    expect(
      hasItem({
        ...base,
        accountId: "e",
        personId: 1,
        grants: [{ role: "education_officer", organisationId: null, personId: null }],
      }),
    ).toBe(false);
  });
});

async function zip(accountId: string, query: string): Promise<Response> {
  return (await call(async () =>
    zipLoader({ request: await get(accountId, `/certificates/bulk.zip${query}`), params: {}, context: {} }),
  )) as Response;
}

describe("the zip download", () => {
  it("streams the team's certificates and a manifest as an attachment", async () => {
    const response = await zip(s.accounts.manager.id, "?");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="certificates-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    expect(response.headers.get("X-Certificate-Count")).toBe("2");
    const bytes = Buffer.from(await response.arrayBuffer());
    const archive = await unzipper.Open.buffer(bytes);
    const paths = archive.files.map((f) => f.path).sort();
    expect(paths).toEqual([
      `certificates/Report Ray - PREV - 2025-06-01 - ${s.completions.report2.certificateCode}.pdf`,
      `certificates/Report Rita - PREV - 2025-05-01 - ${s.completions.report.certificateCode}.pdf`,
      "manifest.csv",
    ]);
    const manifest = (await archive.files.find((f) => f.path === "manifest.csv")!.buffer()).toString("utf8");
    expect(manifest.trim().split(/\r?\n/)).toHaveLength(3);
  });

  it("never reaches beyond the scope, whatever the query says", async () => {
    const outsideOrganisation = await zip(s.accounts.manager.id, `?organisationId=${s.orgs.other.id}`);
    expect(outsideOrganisation.status).toBe(302);
    expect(outsideOrganisation.headers.get("Location")).toBe("/certificates/bulk");
    expect((await zip(s.accounts.manager.id, `?personId=${s.people.outsider.id}`)).status).toBe(404);
    expect((await zip(s.accounts.manager.id, "?courseId=abc")).status).toBe(302);
    expect((await zip(s.accounts.report.id, "?")).status).toBe(403);
  });
});

describe("revoking a completion through the page", () => {
  const path = (id: number) => `/admin/completions/${id}/revoke`;

  it("is for coordinators only", async () => {
    const response = (await call(async () =>
      revokeLoader({
        request: await get(s.accounts.manager.id, path(s.completions.report.id)),
        params: { id: String(s.completions.report.id) },
        context: {},
      }),
    )) as Response;
    expect(response.status).toBe(403);
    const posted = (await call(async () =>
      revokeAction({
        request: await signedInRequest(t.db, s.accounts.manager.id, path(s.completions.report.id), {
          form: { reason: "No" },
        }),
        params: { id: String(s.completions.report.id) },
        context: {},
      }),
    )) as Response;
    expect(posted.status).toBe(403);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "completion.revoke"))).toHaveLength(0);
  });

  it("asks for a reason, keeps the input, then revokes, audits and the certificate is gone", async () => {
    const id = s.completions.report.id;
    const params = { id: String(id) };
    const coordinator = s.accounts.coordinator.id;
    const loaded = (await revokeLoader({ request: await get(coordinator, path(id)), params, context: {} })) as {
      completion: { personName: string; revokedAt: string | null };
    };
    expect(loaded.completion).toMatchObject({ personName: "Rita Report", revokedAt: null });

    const empty = (await call(async () =>
      revokeAction({
        request: await signedInRequest(t.db, coordinator, path(id), { form: { reason: "  " } }),
        params,
        context: {},
      }),
    )) as unknown as { data: { errors: Record<string, string>; reason: string }; init: { status: number } };
    expect(empty.init.status).toBe(400);
    expect(empty.data.errors.reason).toBe("Enter why the completion is being revoked");

    const done = (await call(async () =>
      revokeAction({
        request: await signedInRequest(t.db, coordinator, path(id), {
          form: { reason: "Marked as completed by mistake" },
        }),
        params,
        context: {},
      }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/people/${s.people.report.id}`);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "completion.revoke"));
    expect(events).toHaveLength(1);
    expect(events[0]!.actorAccountId).toBe(coordinator);
    expect((await download(coordinator, id)).status).toBe(404);

    const again = (await call(async () =>
      revokeAction({
        request: await signedInRequest(t.db, coordinator, path(id), { form: { reason: "Twice" } }),
        params,
        context: {},
      }),
    )) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(again.init.status).toBe(400);
    expect(again.data.errors.reason).toBe("This completion has already been revoked");
    expect((await t.db.select().from(completions).where(eq(completions.id, id)))[0]!.revokeReason).toBe(
      "Marked as completed by mistake",
    );
  });

  it("answers 404 for a completion that does not exist", async () => {
    const response = (await call(async () =>
      revokeLoader({
        request: await get(s.accounts.coordinator.id, path(999_999)),
        params: { id: "999999" },
        context: {},
      }),
    )) as Response;
    expect(response.status).toBe(404);
  });
});
