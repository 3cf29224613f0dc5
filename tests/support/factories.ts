import { randomBytes } from "node:crypto";
import type { Database } from "../../app/db/database";
import {
  type CourseCategory,
  type DeliveryMode,
  type OrganisationKind,
  type Role,
  accounts,
  completions,
  courses,
  people,
  roleGrants,
} from "../../app/db/schema";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { createOrganisation } from "../../app/domain/organisations/create-organisation";

/** Small builders for test data. Each returns the inserted row; every field has a default. */

let counter = 0;
const next = () => ++counter;

export function organisation(
  db: Database,
  input: {
    kind?: OrganisationKind;
    name?: string;
    parentId?: number;
    urn?: number;
    schoolPhase?: string;
    schoolType?: string;
  } = {},
) {
  return createOrganisation(db, {
    kind: input.kind ?? "council",
    name: input.name ?? `Organisation ${next()}`,
    ...input,
  });
}

/**
 * A council with two services (Adult Social Care, Highways) and a schools tree with one school
 * (Oak Academy): the organisations most route tests build their people in.
 */
export async function councilAndSchool(db: Database, options: { urn?: number } = {}) {
  const council = await organisation(db, { kind: "council", name: "Northbridge Council" });
  const service = await organisation(db, { kind: "service", name: "Adult Social Care", parentId: council.id });
  const other = await organisation(db, { kind: "service", name: "Highways", parentId: council.id });
  const schools = await organisation(db, { kind: "schools", name: "Schools" });
  const school = await organisation(db, {
    kind: "school",
    name: "Oak Academy",
    parentId: schools.id,
    urn: options.urn ?? 200002,
  });
  return { council, service, other, schools, school };
}

export async function person(db: Database, input: Partial<typeof people.$inferInsert> & { organisationId: number }) {
  const n = next();
  const [row] = await db
    .insert(people)
    .values({
      givenName: `Given${n}`,
      familyName: `Family${n}`,
      email: `person${n}-${randomBytes(3).toString("hex")}@example.test`,
      startDate: "2020-01-01",
      ...input,
    })
    .returning();
  return row!;
}

export async function course(
  db: Database,
  input: Partial<typeof courses.$inferInsert> & { category?: CourseCategory; deliveryMode?: DeliveryMode } = {},
) {
  const n = next();
  const [row] = await db
    .insert(courses)
    .values({
      code: `C${n}-${randomBytes(2).toString("hex")}`,
      title: `Course ${n}`,
      category: "prevent",
      deliveryMode: "face_to_face",
      durationMinutes: 120,
      validityMonths: 36,
      ...input,
    })
    .returning();
  return row!;
}

export async function completion(
  db: Database,
  input: Partial<typeof completions.$inferInsert> & { personId: number; courseId: number; completedOn: string },
) {
  const [row] = await db
    .insert(completions)
    .values({ source: "import", certificateCode: newCertificateCode(), ...input })
    .returning();
  return row!;
}

/**
 * An account for a person with the given roles. A manager's grant covers the people who report
 * to `managerOf` (default: the account's own person) or the organisation `managesOrganisationId`.
 * A school lead's or contract manager's grant is for the organisation `looksAfter` (their school,
 * their contractor company).
 */
export async function account(
  db: Database,
  input: {
    personId: number | null;
    roles?: Role[];
    managesOrganisationId?: number;
    managerOf?: number;
    looksAfter?: number;
    email?: string;
  },
) {
  const id = `acct-${next()}-${randomBytes(3).toString("hex")}`;
  const [row] = await db
    .insert(accounts)
    .values({
      id,
      personId: input.personId,
      email: input.email ?? `${id}@example.test`,
      passwordHash: "not-used-in-tests",
      displayName: `Account ${id}`,
    })
    .returning();
  for (const role of input.roles ?? []) {
    await db.insert(roleGrants).values({
      accountId: id,
      role,
      organisationId:
        role === "manager"
          ? (input.managesOrganisationId ?? null)
          : role === "school_lead" || role === "contract_manager"
            ? (input.looksAfter ?? null)
            : null,
      personId:
        role === "manager" && input.managesOrganisationId === undefined ? (input.managerOf ?? input.personId) : null,
    });
  }
  return row!;
}
