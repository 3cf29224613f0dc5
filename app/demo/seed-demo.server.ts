/**
 * The demo council: the London Borough of Northbridge, its contractors, schools and partners,
 * about 800 people, the catalogue, requirements, three years of sessions and completions, and
 * five demo accounts. Deterministic: the same `today` gives the same rows on a fresh database.
 *
 * The council is planned in memory step by step (each step in a file of its own), then written
 * in one transaction. Loaded only when a database is seeded (prepare-database.server.ts).
 */
import { sql } from "drizzle-orm";
import { hashPassword } from "../auth/password.server";
import { type Database, queryRows } from "../db/database";
import { auditEvents } from "../db/schema";
import { isRealIsoDate, todayInLondon } from "../lib/dates";
import type { FileStorage } from "../storage/file-storage";
import { fileStorage } from "../storage/storage.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, writeAccounts } from "./accounts";
import { planRequiredCourses, writeCatalogueAndRequirements } from "./catalogue-and-requirements";
import {
  orderCompletions,
  planDemoPeopleRecords,
  planRevokedCompletions,
  planTrainingHistory,
  writeCompletions,
} from "./completions";
import { writeDemoCharges } from "./charges";
import { writeDemoElearning } from "./elearning";
import { writeDemoEvaluations } from "./evaluations";
import { writeDemoEvidence } from "./evidence";
import { COUNCIL } from "./names";
import { planOrganisations, writeOrganisations } from "./organisations";
import { planContractorStaff, planCouncilStaff, planPartnerContacts, staffing, writePeople } from "./people";
import { type DemoPlan, type IsoDate, newPlan } from "./plan";
import { planPastRegisters, planUpcomingBookings, writeBookings } from "./registers";
import { planSchoolStaff } from "./schools";
import { planSessions, writeSessions } from "./sessions";

export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from "./accounts";

export async function seedDemo(
  db: Database,
  options: {
    today?: string;
    /** Where the demo's e-learning package is kept (the service's file storage by default). */
    storage?: FileStorage;
  } = {},
): Promise<void> {
  const today = options.today ?? todayInLondon();
  if (!isRealIsoDate(today)) {
    throw new Error(`seedDemo: today must be a date (YYYY-MM-DD), not ${today}`);
  }
  const existing = await queryRows(db, sql`select 1 as one from organisations union all select 1 from people limit 1`);
  if (existing.length > 0) throw new Error("seedDemo: the database is not empty");

  const plan = planDemoCouncil(today);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await writeDemoCouncil(tx as unknown as Database, plan, passwordHash, options.storage ?? fileStorage());
  });
}

/** The council in memory. The steps share one random sequence, so their order is part of the demo. */
function planDemoCouncil(today: IsoDate): DemoPlan {
  const plan = newPlan(today);
  planOrganisations(plan);
  const staff = staffing(plan);
  planCouncilStaff(plan, staff);
  planContractorStaff(plan, staff);
  planSchoolStaff(plan, staff);
  planPartnerContacts(staff);
  planRequiredCourses(plan);
  planSessions(plan);
  planTrainingHistory(plan);
  planPastRegisters(plan);
  planDemoPeopleRecords(plan);
  planRevokedCompletions(plan);
  planUpcomingBookings(plan);
  orderCompletions(plan);
  return plan;
}

/** Each table after the ones its rows refer to, then the record that the seed ran. */
async function writeDemoCouncil(
  tx: Database,
  plan: DemoPlan,
  passwordHash: string,
  storage: FileStorage,
): Promise<void> {
  const orgIds = await writeOrganisations(tx, plan);
  const courseIds = await writeCatalogueAndRequirements(tx, orgIds);
  const personId = await writePeople(tx, plan, orgIds);
  const sessionIds = await writeSessions(tx, plan, { orgIds, courseIds, personId });
  const bookingIds = await writeBookings(tx, plan, { orgIds, courseIds, personId, sessionIds });
  await writeCompletions(tx, plan, { orgIds, courseIds, personId, sessionIds, bookingIds });
  await writeDemoCharges(tx);
  await writeAccounts(tx, plan, personId, passwordHash);
  // Uploaded by the demo coordinator a month before the demo's today.
  await writeDemoElearning(tx, {
    courseIds,
    coordinatorAccountId: "demo-coordinator",
    storage,
    now: new Date(Date.parse(`${plan.today}T09:00:00Z`) - 30 * 24 * 60 * 60 * 1000),
  });
  await writeDemoEvidence(tx, { courseIds, storage, today: plan.today });
  await writeDemoEvaluations(tx, { today: plan.today });

  await tx.insert(auditEvents).values({
    actorAccountId: null,
    action: "seed.demo",
    entityType: "database",
    entityId: "demo",
    after: {
      council: COUNCIL.name,
      today: plan.today,
      organisations: plan.orgs.length,
      people: plan.persons.length,
      sessions: plan.sessions.length,
      bookings: plan.bookings.length,
      completions: plan.completions.length,
      accounts: DEMO_ACCOUNTS.map((a) => a.email),
    },
  });
}
