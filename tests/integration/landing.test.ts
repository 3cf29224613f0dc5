import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/password.server";
import { navigationFor } from "../../app/auth/navigation";
import { getOptionalUser } from "../../app/auth/session.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { accounts } from "../../app/db/schema";
import { loader as startLoader } from "../../app/routes/_index";
import { loader as administrationLoader } from "../../app/routes/admin._index";
import { action as signInAction } from "../../app/routes/sign-in";
import type { Role } from "../../app/lib/values";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { call, signedInRequest } from "../support/requests";

let t: TestDatabase;
const accountOf: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const org = await make.organisation(t.db);
  for (const role of ["learner", "manager", "trainer", "education_officer", "coordinator"] as Role[]) {
    const person = await make.person(t.db, { organisationId: org.id });
    const account = await make.account(t.db, { personId: person.id, roles: role === "learner" ? [] : [role] });
    accountOf[role] = account.id;
  }
});
afterAll(() => t.close());

/** Where the start page sends someone signed in: where signing in lands when no page was asked for. */
async function landing(role: Role): Promise<string | null> {
  const request = await signedInRequest(t.db, accountOf[role]!, "/");
  const response = await call(() => startLoader({ request, params: {}, context: {} }));
  return response instanceof Response ? response.headers.get("Location") : null;
}

async function navigation(role: Role): Promise<string[]> {
  const { user } = await getOptionalUser(await signedInRequest(t.db, accountOf[role]!, "/"));
  return navigationFor(user).map((item) => item.text);
}

describe("where each role lands after signing in", () => {
  it("sends each role to its own work, and a learner to My training", async () => {
    expect(await landing("coordinator")).toBe("/dashboard");
    expect(await landing("manager")).toBe("/team");
    expect(await landing("education_officer")).toBe("/schools");
    expect(await landing("trainer")).toBe("/trainer/sessions");
    expect(await landing("learner")).toBe("/my-training");
  });

  it("keeps My training one click away for everyone", async () => {
    for (const role of ["learner", "manager", "trainer", "education_officer", "coordinator"] as Role[]) {
      expect(await navigation(role)).toContain("My training");
    }
  });

  it("goes to the start page (and so to the role's work) after signing in, unless a safe page was asked for", async () => {
    await t.db
      .update(accounts)
      .set({ passwordHash: await hashPassword("correct horse") })
      .where(eq(accounts.id, accountOf.manager!));
    const [manager] = await t.db.select().from(accounts).where(eq(accounts.id, accountOf.manager!));
    const signIn = async (redirectTo?: string) => {
      const body = new URLSearchParams({ email: manager!.email, password: "correct horse" });
      if (redirectTo !== undefined) body.set("redirectTo", redirectTo);
      const request = new Request("http://localhost:3000/sign-in", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const response = (await call(() => signInAction({ request, params: {}, context: {} }))) as Response;
      return response.headers.get("Location");
    };
    expect(await signIn()).toBe("/");
    expect(await signIn("/courses?q=prevent")).toBe("/courses?q=prevent");
    expect(await signIn("https://evil.example/")).toBe("/");
  });
});

describe("the coordinator's navigation", () => {
  it("gathers the training team's queues and reports under Administration, which links each of them", async () => {
    expect(await navigation("coordinator")).toEqual([
      "My training",
      "My bookings",
      "Courses",
      "Schools",
      "Dashboard",
      "People",
      "Administration",
    ]);
    const { user } = await getOptionalUser(await signedInRequest(t.db, accountOf.coordinator!, "/"));
    expect(navigationFor(user).find((item) => item.text === "Administration")?.covers).toEqual([
      "/team",
      "/trainer/sessions",
      "/evaluations",
      "/certificates/bulk",
      "/evidence",
    ]);
    const request = await signedInRequest(t.db, accountOf.coordinator!, "/admin");
    const hub = (await administrationLoader({ request, params: {}, context: {} })) as {
      sections: Array<{ href: string }>;
    };
    const linked = hub.sections.map((section) => section.href);
    for (const gathered of ["/team", "/trainer/sessions", "/evaluations", "/certificates/bulk", "/evidence"]) {
      expect(linked).toContain(gathered);
    }
  });

  it("leaves others' navigation as it was: the manager's team and the trainer's sessions are theirs", async () => {
    expect(await navigation("manager")).toContain("My team");
    expect(await navigation("manager")).toContain("Evidence to verify");
    expect(await navigation("trainer")).toEqual(expect.arrayContaining(["My training", "My sessions", "Evaluations"]));
  });
});
