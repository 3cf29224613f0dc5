import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { getCertificateBranding, sampleCertificate } from "../../app/domain/certificates/branding";
import { deliveredAs, deliveredBy } from "../../app/pdf/certificate";
import { renderCertificateToBuffer } from "../../app/pdf/render.server";
import * as page from "../../app/routes/admin.certificate-branding";
import * as sample from "../../app/routes/admin.certificate-branding_.sample[.]pdf";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { samplePdf, samplePng } from "../support/evidence-files";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";
import { memoryStorage } from "../support/storage";

let t: TestDatabase;
const storage = memoryStorage();

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  provideFileStorageForTests(storage);
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
});

async function people() {
  const orgs = await make.councilAndSchool(t.db);
  const coordinatorPerson = await make.person(t.db, { organisationId: orgs.council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  const learnerPerson = await make.person(t.db, { organisationId: orgs.service.id });
  const learner = await make.account(t.db, { personId: learnerPerson.id, roles: [] });
  return { coordinator, learner };
}

function file(bytes: Uint8Array | null, name: string): File {
  return bytes ? new File([new Uint8Array(bytes)], name) : new File([], "", { type: "application/octet-stream" });
}

async function post(
  accountId: string,
  fields: Record<string, string | string[]>,
  files: { logo?: File; signature?: File } = {},
) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  body.append("logo", files.logo ?? file(null, ""));
  body.append("signature", files.signature ?? file(null, ""));
  const request = await signedInRequest(t.db, accountId, "/admin/certificate-branding", { method: "POST", body });
  return call(() => page.action({ request, params: {}, context: {} }));
}

function outcome(result: unknown): { status: number; errors?: Record<string, string>; location?: string | null } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const wrapped = result as { data: { errors?: Record<string, string> }; init: { status?: number } | null };
  return { status: wrapped.init?.status ?? 200, errors: wrapped.data.errors };
}

/** Images drawn in a PDF appear as image XObjects. */
function imagesIn(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Subtype\s*\/Image/g) ?? []
  ).length;
}

describe("the certificates' branding", () => {
  it("keeps a logo and a signature checked by their content, with the signatory, audited, and prints them", async () => {
    const { coordinator } = await people();
    const saved = outcome(
      await post(
        coordinator.id,
        { signatoryName: " Priya Shah ", signatoryRole: "Prevent Coordinator" },
        { logo: file(samplePng(), "logo.png"), signature: file(samplePng(), "signature.jpeg") },
      ),
    );
    expect(saved).toMatchObject({ status: 302, location: "/admin/certificate-branding?saved=1" });

    const branding = await getCertificateBranding(t.db, storage);
    expect(branding.logo?.format).toBe("png");
    expect(branding.signature?.format).toBe("png");
    expect(branding).toMatchObject({ signatoryName: "Priya Shah", signatoryRole: "Prevent Coordinator" });
    const events = await queryRows<{ action: string; actor_account_id: string }>(
      t.db,
      sql`select action, actor_account_id from audit_events where entity_type = 'certificate_branding'`,
    );
    expect(events).toEqual([{ action: "certificate-branding.update", actor_account_id: coordinator.id }]);

    const context = { councilName: "Eastshire Council", publicUrl: "https://training.example.test" };
    const plain = await renderCertificateToBuffer(sampleCertificate("2026-12-07"), context);
    const branded = await renderCertificateToBuffer(sampleCertificate("2026-12-07"), { ...context, branding });
    expect(imagesIn(plain)).toBe(0);
    expect(imagesIn(branded)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(branded).toString("latin1")).not.toEqual(Buffer.from(plain).toString("latin1"));

    const request = await signedInRequest(t.db, coordinator.id, "/admin/certificate-branding/sample.pdf");
    const response = (await sample.loader({ request, params: {}, context: {} })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(imagesIn(new Uint8Array(await response.arrayBuffer()))).toBeGreaterThanOrEqual(1);
  });

  it("refuses a file that is not a PNG or JPEG whatever its name, and one over 1 MB, keeping what was set", async () => {
    const { coordinator } = await people();
    await post(coordinator.id, { signatoryName: "Priya Shah" }, { logo: file(samplePng(), "logo.png") });
    const pdfAsPng = outcome(await post(coordinator.id, {}, { logo: file(samplePdf(), "logo.png") }));
    expect(pdfAsPng).toMatchObject({ status: 400, errors: { logo: "The logo must be a PNG or JPEG image" } });
    const huge = new Uint8Array(1024 * 1024 + 1);
    huge.set(samplePng());
    const tooBig = outcome(await post(coordinator.id, {}, { signature: file(huge, "signature.png") }));
    expect(tooBig).toMatchObject({ status: 400, errors: { signature: "The signature must be smaller than 1 MB" } });
    const branding = await getCertificateBranding(t.db, storage);
    expect(branding.logo?.format).toBe("png");
    expect(branding.signatoryName).toBe("Priya Shah");
  });

  it("removes the logo when asked, and needs a name for a role", async () => {
    const { coordinator } = await people();
    await post(coordinator.id, {}, { logo: file(samplePng(), "logo.png") });
    expect(outcome(await post(coordinator.id, { remove: "logo" })).status).toBe(302);
    expect((await getCertificateBranding(t.db, storage)).logo).toBeNull();
    const roleOnly = outcome(await post(coordinator.id, { signatoryRole: "Prevent Coordinator" }));
    expect(roleOnly).toMatchObject({
      status: 400,
      errors: { signatoryName: expect.stringContaining("Enter the name") },
    });
  });

  it("is the coordinator's alone", async () => {
    const { learner } = await people();
    const result = await post(learner.id, { signatoryName: "Not me" });
    expect(result instanceof Response ? result.status : 0).toBe(403);
    expect((await getCertificateBranding(t.db, storage)).signatoryName).toBeNull();
  });
});

describe("what a certificate says about its delivery", () => {
  const certificate = sampleCertificate("2026-12-07");
  it("names the trainer of a session, the provider of outside training, the council for its own e-learning", () => {
    expect(deliveredAs(certificate)).toBe("Face-to-face session");
    expect(deliveredBy(certificate, "Eastshire Council")).toBe("Alex Trainer");
    const online = { ...certificate, session: { ...certificate.session!, online: true } };
    expect(deliveredAs(online)).toBe("Live online session");
    const outside = { ...certificate, source: "external_evidence" as const, provider: "Westshire Council" };
    expect(deliveredBy(outside, "Eastshire Council")).toBe("Westshire Council");
    const elearning = {
      ...certificate,
      source: "hosted_elearning" as const,
      courseDeliveryMode: "hosted_elearning" as const,
    };
    expect([deliveredAs(elearning), deliveredBy(elearning, "Eastshire Council")]).toEqual([
      "E-learning",
      "Eastshire Council",
    ]);
  });
});
