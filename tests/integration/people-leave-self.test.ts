/**
 * Nobody marks themselves as a leaver, or brings themselves back (as nobody deactivates their own
 * account): a contract manager on their own record is refused with a 400 and a message, and is not
 * offered the link; marking someone else on their staff list still works. The coordinator too.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { people } from "../../app/db/schema";
import { bringBack } from "../../app/domain/people/bring-back";
import * as leavePage from "../../app/routes/people.$personId_.leave";
import * as returnPage from "../../app/routes/people.$personId_.return";
import * as personPage from "../../app/routes/people.$personId";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return {
    ...(await original<typeof import("@remix-run/react")>()),
    useLoaderData: () => pageData.current,
    useActionData: () => undefined,
    useNavigation: () => ({ state: "idle" }),
    Form: (props: object) => createElement("form", props),
  };
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
});
afterAll(() => t.close());
beforeEach(() => t.reset());

async function world() {
  const { council } = await make.councilAndSchool(t.db);
  const company = await make.organisation(t.db, { kind: "contractor", name: "Brightclean Ltd" });
  const keeper = await make.person(t.db, { organisationId: company.id, givenName: "Cara", familyName: "Keeper" });
  const cleaner = await make.person(t.db, { organisationId: company.id, givenName: "Sam", familyName: "Cleaner" });
  const contractManager = await make.account(t.db, {
    personId: keeper.id,
    roles: ["contract_manager"],
    looksAfter: company.id,
  });
  const coordinatorPerson = await make.person(t.db, { organisationId: council.id });
  const coordinator = await make.account(t.db, { personId: coordinatorPerson.id, roles: ["coordinator"] });
  return { keeper, cleaner, contractManager, coordinatorPerson, coordinator };
}

type Handler = (args: LoaderFunctionArgs) => Promise<unknown>;

async function run(handler: Handler, accountId: string, path: string, personId: number, form?: Record<string, string>) {
  const request = await signedInRequest(t.db, accountId, path, form ? { form } : {});
  return call(() => handler({ request, params: { personId: String(personId) }, context: {} }));
}

const leaving = { "leavingDate-day": "1", "leavingDate-month": "1", "leavingDate-year": "2030" };

/** A form's 400: the errors by field. */
function formError(result: unknown): Record<string, string> {
  const r = result as { init?: { status?: number }; data?: { errors: Record<string, string> } };
  expect(r.init?.status, JSON.stringify(result)).toBe(400);
  return r.data!.errors;
}

async function leavingDateOf(personId: number) {
  const [row] = await t.db.select({ leavingDate: people.leavingDate }).from(people).where(eq(people.id, personId));
  return row!.leavingDate;
}

describe("marking yourself as a leaver", () => {
  it("is refused for a contract manager on their own record, with a message, and not offered", async () => {
    const w = await world();
    const path = `/people/${w.keeper.id}/leave`;
    const errors = formError(await run(leavePage.action, w.contractManager.id, path, w.keeper.id, leaving));
    expect(errors.form).toBe("You cannot mark yourself as a leaver: ask the Prevent Coordinator to do it");
    expect(await leavingDateOf(w.keeper.id)).toBeNull();

    // Their own record offers no link; someone on their staff list's does.
    const own = (await run(personPage.loader, w.contractManager.id, `/people/${w.keeper.id}`, w.keeper.id)) as {
      changes: { manage: boolean };
    };
    expect(own.changes.manage).toBe(false);
    const other = (await run(personPage.loader, w.contractManager.id, `/people/${w.cleaner.id}`, w.cleaner.id)) as {
      changes: { manage: boolean };
    };
    expect(other.changes.manage).toBe(true);

    // The page itself says so instead of showing the form.
    const page = await run(leavePage.loader, w.contractManager.id, path, w.keeper.id);
    expect(page).toMatchObject({ own: true });
    const text = pageText(renderPage(leavePage.default, page));
    expect(text).toContain("You cannot mark yourself as a leaver");
    expect(text).not.toContain("Leaving date");
  });

  it("still lets a contract manager mark someone on their staff list as a leaver", async () => {
    const w = await world();
    const done = await run(
      leavePage.action,
      w.contractManager.id,
      `/people/${w.cleaner.id}/leave`,
      w.cleaner.id,
      leaving,
    );
    expect(done).toBeInstanceOf(Response);
    expect((done as Response).headers.get("Location")).toBe(`/people/${w.cleaner.id}`);
    expect(await leavingDateOf(w.cleaner.id)).toBe("2030-01-01");
  });

  it("is refused for the coordinator on their own record too, as deactivating their own account is", async () => {
    const w = await world();
    const path = `/people/${w.coordinatorPerson.id}/leave`;
    const errors = formError(await run(leavePage.action, w.coordinator.id, path, w.coordinatorPerson.id, leaving));
    expect(errors.form).toMatch(/You cannot mark yourself as a leaver/);
    expect(await leavingDateOf(w.coordinatorPerson.id)).toBeNull();
  });

  it("refuses bringing yourself back once someone else marked you as a leaver", async () => {
    const w = await world();
    const marked = await run(leavePage.action, w.coordinator.id, `/people/${w.keeper.id}/leave`, w.keeper.id, leaving);
    expect((marked as Response).status).toBe(302);
    const path = `/people/${w.keeper.id}/return`;
    const errors = formError(await run(returnPage.action, w.contractManager.id, path, w.keeper.id, {}));
    expect(errors.form).toBe("You cannot bring yourself back: ask the Prevent Coordinator to do it");
    expect(await leavingDateOf(w.keeper.id)).toBe("2030-01-01");
    // The coordinator may.
    await bringBack(t.db, w.keeper.id, { accountId: w.coordinator.id, personId: w.coordinatorPerson.id });
    expect(await leavingDateOf(w.keeper.id)).toBeNull();
  });
});
