import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { formatCertificateNumber } from "../../app/domain/certificates/certificate-number";
import { verifyCertificate } from "../../app/domain/certificates/verify-certificate";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { addMonthsToDate, todayInLondon } from "../../app/lib/dates";
import { loader as verifyCodeLoader } from "../../app/routes/verify.$code";
import { action as verifyAction, loader as verifyLoader } from "../../app/routes/verify._index";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call } from "../support/requests";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());

const today = todayInLondon();
const monthsAgo = (n: number) => addMonthsToDate(today, -n);

let codes: {
  valid: string;
  expired: string;
  superseded: string;
  revoked: string;
  noCertificate: string;
  neverExpires: string;
};

beforeEach(async () => {
  await t.reset();
  const org = await make.organisation(t.db, { kind: "council" });
  const person = await make.person(t.db, {
    organisationId: org.id,
    givenName: "Priya",
    familyName: "Patel",
    jobTitle: "Social worker",
    email: "priya.patel@example.test",
  });
  const prevent = await make.course(t.db, { title: "Prevent awareness", validityMonths: 24 });
  const channel = await make.course(t.db, { title: "Channel awareness", validityMonths: 24 });
  const wrap = await make.course(t.db, { title: "WRAP", validityMonths: null });
  const briefing = await make.course(t.db, { title: "Briefing", issuesCertificate: false });
  const complete = async (input: Omit<Parameters<typeof make.completion>[1], "personId" | "certificateCode">) =>
    (await make.completion(t.db, { personId: person.id, certificateCode: newCertificateCode(), ...input }))
      .certificateCode;
  codes = {
    // Prevent: an old one replaced by a current one.
    superseded: await complete({ courseId: prevent.id, completedOn: monthsAgo(30), expiresOn: monthsAgo(6) }),
    valid: await complete({
      courseId: prevent.id,
      completedOn: monthsAgo(3),
      expiresOn: addMonthsToDate(monthsAgo(3), 24),
    }),
    expired: await complete({ courseId: channel.id, completedOn: monthsAgo(30), expiresOn: monthsAgo(6) }),
    revoked: await complete({
      courseId: channel.id,
      completedOn: monthsAgo(1),
      expiresOn: addMonthsToDate(monthsAgo(1), 24),
      revokedAt: new Date(),
      revokeReason: "Recorded against the wrong person",
    }),
    neverExpires: await complete({ courseId: wrap.id, completedOn: "2015-05-05" }),
    noCertificate: await complete({ courseId: briefing.id, completedOn: monthsAgo(2) }),
  };
});

describe("verifying a certificate by its code", () => {
  it("says valid, expired, superseded or revoked, with only what the certificate prints", async () => {
    const valid = await verifyCertificate(t.db, codes.valid, today);
    expect(valid).toEqual({
      found: true,
      status: "valid",
      code: codes.valid,
      personName: "Priya Patel",
      courseTitle: "Prevent awareness",
      completedOn: monthsAgo(3),
      expiresOn: addMonthsToDate(monthsAgo(3), 24),
      recordedFrom: null,
    });
    expect(await verifyCertificate(t.db, codes.expired, today)).toMatchObject({
      status: "expired",
      courseTitle: "Channel awareness",
    });
    expect(await verifyCertificate(t.db, codes.superseded, today)).toMatchObject({ status: "superseded" });
    // A revoked completion no longer counts, so the expired Channel one is not superseded by it.
    expect(await verifyCertificate(t.db, codes.revoked, today)).toMatchObject({ status: "revoked" });
    expect(await verifyCertificate(t.db, codes.neverExpires, today)).toMatchObject({
      status: "valid",
      expiresOn: null,
    });
  });

  it("says a completion from outside evidence was recorded from it, with its provider", async () => {
    const org = await make.organisation(t.db, { kind: "council" });
    const person = await make.person(t.db, { organisationId: org.id, givenName: "Sam", familyName: "Shah" });
    const wrap = await make.course(t.db, { title: "WRAP 3", validityMonths: 36 });
    const { certificateCode } = await make.completion(t.db, {
      personId: person.id,
      courseId: wrap.id,
      completedOn: monthsAgo(2),
      source: "external_evidence",
      provider: "Eastshire Council",
    });
    expect(await verifyCertificate(t.db, certificateCode, today)).toMatchObject({
      status: "valid",
      recordedFrom: "Recorded from outside evidence: training provided by Eastshire Council",
    });
    const page = await visit(certificateCode, "192.0.2.9");
    expect(page.data).toMatchObject({
      recordedFrom: "Recorded from outside evidence: training provided by Eastshire Council",
    });
  });

  it("finds nothing for an unknown or malformed code, or a course that gives no certificate", async () => {
    expect(await verifyCertificate(t.db, newCertificateCode(), today)).toEqual({ found: false });
    expect(await verifyCertificate(t.db, "not a code", today)).toEqual({ found: false });
    expect(await verifyCertificate(t.db, codes.noCertificate, today)).toEqual({ found: false });
  });

  it("is valid on its expiry date and expired the day after", async () => {
    const expiresOn = addMonthsToDate(monthsAgo(3), 24);
    expect(await verifyCertificate(t.db, codes.valid, expiresOn)).toMatchObject({ status: "valid" });
    expect(await verifyCertificate(t.db, codes.valid, addMonthsToDate(expiresOn, 1))).toMatchObject({
      status: "expired",
    });
  });
});

type Loaded = { kind: string; status?: string; personName?: string; typed?: string; today?: string };

/** Calls the public /verify/:code page as a signed-out visitor from an address. */
async function visit(code: string, address: string): Promise<{ status: number; data: Loaded }> {
  // A client-set header must not choose the address the limit counts against.
  const request = new Request(`http://localhost:3000/verify/${encodeURIComponent(code)}`, {
    headers: { "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 250)}` },
  });
  const result = (await call(() =>
    verifyCodeLoader({ request, params: { code }, context: { clientAddress: address } }),
  )) as unknown;
  if (result instanceof Response) throw new Error(`The page answered with a bare ${result.status} response`);
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const wrapped = result as unknown as { data: Loaded; init: { status?: number } | null };
    return { status: wrapped.init?.status ?? 200, data: wrapped.data };
  }
  return { status: 200, data: result as Loaded };
}

describe("the public verification page", () => {
  it("shows each status to a signed-out visitor, and nothing beyond the printed fields", async () => {
    for (const [key, status] of [
      ["valid", "valid"],
      ["expired", "expired"],
      ["superseded", "superseded"],
      ["revoked", "revoked"],
    ] as const) {
      const page = await visit(codes[key], "192.0.2.1");
      expect(page.status).toBe(200);
      expect(page.data).toMatchObject({ kind: "found", status, personName: "Priya Patel" });
      expect(Object.keys(page.data).sort()).toEqual(
        [
          "code",
          "completedOn",
          "courseTitle",
          "expiresOn",
          "found",
          "kind",
          "personName",
          "recordedFrom",
          "status",
          "today",
        ].sort(),
      );
      expect(JSON.stringify(page.data)).not.toMatch(/Social worker|priya\.patel|wrong person/i);
    }
  });

  it("accepts the number as printed, in any case", async () => {
    const page = await visit(formatCertificateNumber(codes.valid).toLowerCase(), "192.0.2.2");
    expect(page.data).toMatchObject({ kind: "found", status: "valid" });
  });

  it("answers unknown and malformed codes with a page that says so", async () => {
    const unknown = await visit(newCertificateCode(), "192.0.2.3");
    expect(unknown).toMatchObject({ status: 404, data: { kind: "not-found" } });
    for (const bad of ["hello", "0000", "<script>alert(1)</script>", "A".repeat(300)]) {
      const page = await visit(bad, "192.0.2.3");
      expect(page.status).toBe(404);
      expect(page.data.kind).toBe("malformed");
      expect(page.data.typed!.length).toBeLessThanOrEqual(40);
    }
  });

  it("allows 30 lookups per address in ten minutes, then says there have been too many attempts", async () => {
    for (let i = 0; i < 30; i++) {
      const page = await visit(i % 2 ? codes.valid : newCertificateCode(), "198.51.100.7");
      expect(page.data.kind).not.toBe("too-many");
    }
    const blocked = await visit(codes.valid, "198.51.100.7");
    expect(blocked).toMatchObject({ status: 429, data: { kind: "too-many" } });
    // A malformed code counts too, and another address is not affected.
    expect((await visit("nonsense", "198.51.100.7")).status).toBe(429);
    expect(await visit(codes.valid, "198.51.100.8")).toMatchObject({ status: 200, data: { status: "valid" } });
  });
});

describe("the form to type a code", () => {
  const post = (code: string) =>
    verifyAction({
      request: new Request("http://localhost:3000/verify", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ code }),
      }),
      params: {},
      context: {},
    });

  it("sends a well-formed number to its page", async () => {
    const response = (await call(() => post(` ${formatCertificateNumber(codes.valid).toLowerCase()} `))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/verify/${codes.valid}`);
  });

  it("keeps what was typed and explains the format when it is not a number", async () => {
    for (const [typed, message] of [
      ["", "Enter the certificate number"],
      ["12345", "Enter the certificate number as it is printed on the certificate, like 7K3M-Q9TR-2XWD-HB4N"],
    ] as const) {
      const result = (await call(() => post(typed))) as unknown as {
        data: { errors: Record<string, string>; code: string };
        init: { status: number };
      };
      expect(result.init.status).toBe(400);
      expect(result.data).toEqual({ errors: { code: message }, code: typed });
    }
  });

  it("is open without signing in", async () => {
    const loaded = await verifyLoader({
      request: new Request("http://localhost:3000/verify?code=ABC"),
      params: {},
      context: {},
    });
    expect(loaded).toEqual({ code: "ABC" });
  });
});
