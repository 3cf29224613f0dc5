import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { accounts, organisations, roleGrants } from "../../app/db/schema";
import { createFirstCoordinator } from "../../app/domain/accounts/first-coordinator";
import { resetPasswordWithLink } from "../../app/domain/accounts/password-reset";
import { type TestDatabase, createTestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const jo = {
  givenName: "Jo",
  familyName: "Bloggs",
  email: "jo.bloggs@northbridge.example",
  councilName: "London Borough of Northbridge",
  today: "2026-12-07",
};

describe("the first coordinator of an empty service", () => {
  it("is made with the council, a person, an account and the role, and sets a password through a one-hour link", async () => {
    const made = await createFirstCoordinator(t.db, jo);
    const [council] = await t.db.select().from(organisations);
    expect(council).toMatchObject({ kind: "council", name: "London Borough of Northbridge", parentId: null });
    const [account] = await t.db.select().from(accounts).where(eq(accounts.id, made.accountId));
    expect(account).toMatchObject({ personId: made.personId, email: jo.email });
    expect(await verifyPassword(account!.passwordHash, "")).toBe(false);
    expect(await t.db.select({ role: roleGrants.role }).from(roleGrants)).toEqual([{ role: "coordinator" }]);

    const token = made.passwordPath.replace("/reset-password/", "");
    await resetPasswordWithLink(t.db, { token, passwordHash: await hashPassword("a long passphrase of mine") });
    const [after] = await t.db.select().from(accounts).where(eq(accounts.id, made.accountId));
    expect(await verifyPassword(after!.passwordHash, "a long passphrase of mine")).toBe(true);
    // The link worked once, for one hour from when it was made.
    await expect(
      resetPasswordWithLink(t.db, { token, passwordHash: await hashPassword("another long passphrase") }),
    ).rejects.toThrow(/expired or has already been used/);
  });

  it("is refused once the service has a coordinator, and uses the council already there", async () => {
    await t.db.insert(organisations).values({ kind: "council", sector: "council", name: "Northbridge", path: "" });
    await createFirstCoordinator(t.db, jo);
    expect(await t.db.select().from(organisations)).toHaveLength(1);
    await expect(createFirstCoordinator(t.db, { ...jo, email: "someone.else@northbridge.example" })).rejects.toThrow(
      /already has a coordinator/,
    );
    expect(await t.db.select().from(accounts)).toHaveLength(1);
  });
});
