/**
 * The seven demo accounts, one per role, each signed in as one of the demo people, with the
 * published demo password. The production check (demo-accounts-check.server.ts) reads the list
 * from here without loading the rest of the seed.
 */
import { encryptSecret } from "../auth/two-step-secret.server";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../db/database";
import { accounts, people, roleGrants, type Role, twoStepCredentials } from "../db/schema";
import type { DemoPlan } from "./plan";

export const DEMO_PASSWORD = "demo-password";

/**
 * The demo's authenticator-app secret, published like the demo password: the coordinator and the
 * education officer must use two-step sign-in, so their demo accounts have it on with this secret
 * (add it to an authenticator app by hand, or compute the code: the browser tests do).
 */
export const DEMO_TWO_STEP_SECRET = "JBSWY3DPEHPK3PXPDEMOPTT2FA2STEPS";

export interface DemoAccount {
  id: string;
  email: string;
  roles: Role[];
  /** Two-step sign-in on, with DEMO_TWO_STEP_SECRET. */
  twoStep?: true;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: "demo-coordinator", email: "coordinator@example.com", roles: ["coordinator", "learner"], twoStep: true },
  {
    id: "demo-education-officer",
    email: "education.officer@example.com",
    roles: ["education_officer", "learner"],
    twoStep: true,
  },
  { id: "demo-trainer", email: "trainer@example.com", roles: ["trainer", "learner"] },
  { id: "demo-manager", email: "manager@example.com", roles: ["manager", "learner"] },
  { id: "demo-learner", email: "learner@example.com", roles: ["learner"] },
  // The designated safeguarding lead of DEMO_SCHOOL_NAME, over that school's staff list.
  { id: "demo-school-lead", email: "school.lead@example.com", roles: ["school_lead", "learner"] },
  // The contract manager (the head) of DEMO_CONTRACTOR_NAME, over the company's staff.
  { id: "demo-contract-manager", email: "contract.manager@example.com", roles: ["contract_manager", "learner"] },
];

/** The school the demo school lead looks after (a secondary school with a dozen staff) and the company the demo contract manager does. */
export const DEMO_SCHOOL_NAME = "Northbridge Academy";
export const DEMO_CONTRACTOR_NAME = "Active Northbridge Leisure Ltd";

/**
 * The demo school lead and contract manager are people the plan already has (so the random
 * sequence, and every other row, stays as it was): the school's designated safeguarding lead, and
 * the company's head, its "Contract Manager".
 */
function leadsOf(plan: DemoPlan): { schoolLead: number; contractManager: number } {
  const refOf = (kind: string, name: string) => plan.orgs.find((o) => o.kind === kind && o.name === name)?.ref;
  const school = refOf("school", DEMO_SCHOOL_NAME);
  const company = refOf("contractor", DEMO_CONTRACTOR_NAME);
  const current = plan.persons.filter((p) => p.leavingDate === null);
  const schoolLead = current.find((p) => p.orgRef === school && p.tags.includes("dsl"));
  const contractManager = current.find((p) => p.orgRef === company && p.managerKey === null);
  if (!schoolLead || !contractManager) throw new Error("The demo plan has no school lead or contract manager");
  return { schoolLead: schoolLead.key, contractManager: contractManager.key };
}

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
    "demo-school-lead": leadsOf(plan).schoolLead,
    "demo-contract-manager": leadsOf(plan).contractManager,
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
  await tx.insert(twoStepCredentials).values(
    DEMO_ACCOUNTS.filter((a) => a.twoStep).map((a) => ({
      accountId: a.id,
      secretEncrypted: encryptSecret(DEMO_TWO_STEP_SECRET, a.id),
      enabledAt: new Date(),
    })),
  );
  // Like the other demo people, the school lead and contract manager are reached at their account's
  // address (invitations, sign-in links): the plan gave them their employer's.
  for (const id of ["demo-school-lead", "demo-contract-manager"]) {
    const email = DEMO_ACCOUNTS.find((a) => a.id === id)!.email;
    await tx
      .update(people)
      .set({ email })
      .where(eq(people.id, personId(demoPerson[id]!)));
  }
  const organisationIds = new Map(
    (
      await tx
        .select({ id: people.id, organisationId: people.organisationId })
        .from(people)
        .where(inArray(people.id, Object.values(demoPerson).map(personId)))
    ).map((row) => [row.id, row.organisationId]),
  );
  const organisationOf = (key: number) => organisationIds.get(personId(key))!;
  await tx.insert(roleGrants).values(
    DEMO_ACCOUNTS.flatMap((a) =>
      a.roles.map((role) => ({
        accountId: a.id,
        role,
        personId: role === "manager" ? personId(demoPerson[a.id]!) : null,
        // A school lead's school, a contract manager's company: where their person works.
        organisationId:
          role === "school_lead" || role === "contract_manager" ? organisationOf(demoPerson[a.id]!) : null,
      })),
    ),
  );
}
