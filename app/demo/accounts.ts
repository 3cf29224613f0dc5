/**
 * The five demo accounts, one per role, each signed in as one of the demo people, with the
 * published demo password. The production check (demo-accounts-check.server.ts) reads the list
 * from here without loading the rest of the seed.
 */
import type { Database } from "../db/database";
import { accounts, roleGrants, type Role } from "../db/schema";
import type { DemoPlan } from "./plan";

export const DEMO_PASSWORD = "demo-password";

export interface DemoAccount {
  id: string;
  email: string;
  roles: Role[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: "demo-coordinator", email: "coordinator@example.com", roles: ["coordinator", "learner"] },
  { id: "demo-education-officer", email: "education.officer@example.com", roles: ["education_officer", "learner"] },
  { id: "demo-trainer", email: "trainer@example.com", roles: ["trainer", "learner"] },
  { id: "demo-manager", email: "manager@example.com", roles: ["manager", "learner"] },
  { id: "demo-learner", email: "learner@example.com", roles: ["learner"] },
];

/** Writes the accounts, one password hash between them, and their roles (the manager's over their own team). */
export async function writeAccounts(
  tx: Database,
  plan: DemoPlan,
  personId: (key: number) => number,
  passwordHash: string,
): Promise<void> {
  const demoPerson: Record<string, number> = {
    "demo-coordinator": plan.demo.coordinator,
    "demo-education-officer": plan.demo.education_officer,
    "demo-trainer": plan.demo.trainer,
    "demo-manager": plan.demo.manager,
    "demo-learner": plan.demo.learner,
  };
  await tx.insert(accounts).values(
    DEMO_ACCOUNTS.map((a) => {
      const p = plan.persons[demoPerson[a.id]!]!;
      return {
        id: a.id,
        personId: personId(p.key),
        email: a.email,
        passwordHash,
        displayName: `${p.givenName} ${p.familyName}`,
      };
    }),
  );
  await tx.insert(roleGrants).values(
    DEMO_ACCOUNTS.flatMap((a) =>
      a.roles.map((role) => ({
        accountId: a.id,
        role,
        personId: role === "manager" ? personId(demoPerson[a.id]!) : null,
      })),
    ),
  );
}
