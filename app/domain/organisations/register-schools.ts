import { and, asc, eq, isNotNull, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/database";
import { organisations } from "../../db/schema";
import { createOrganisation } from "./create-organisation";

/** What the DfE register (Get Information about Schools) says of a school, as the service keeps it. */
export interface RegisterSchoolFields {
  name: string;
  schoolPhase: string | null;
  schoolType: string | null;
  /** The register's own wording: "Open", "Closed", "Open, but proposed to close", "Proposed to open". */
  schoolStatus: string;
  closedOn: string | null;
  /** Null when the register gives no number (unknown is not zero). */
  pupilCount: number | null;
}

export interface HeldSchool extends RegisterSchoolFields {
  id: number;
  urn: number | null;
  predecessorUrn: number | null;
  schoolStatus: string;
}

/** Every school the service holds with a URN, now or before an academy conversion. */
export async function schoolsHeldByUrn(db: Database): Promise<HeldSchool[]> {
  const rows = await db
    .select({
      id: organisations.id,
      urn: organisations.urn,
      predecessorUrn: organisations.predecessorUrn,
      name: organisations.name,
      schoolPhase: organisations.schoolPhase,
      schoolType: organisations.schoolType,
      schoolStatus: organisations.schoolStatus,
      closedOn: organisations.closedOn,
      pupilCount: organisations.pupilCount,
    })
    .from(organisations)
    .where(
      and(eq(organisations.kind, "school"), or(isNotNull(organisations.urn), isNotNull(organisations.predecessorUrn))),
    );
  return rows.map((r) => ({ ...r, schoolStatus: r.schoolStatus ?? "" }));
}

/** The root the register's new schools go under (the first of kind "schools"), or null. */
export async function schoolsRoot(db: Database): Promise<{ id: number; name: string } | null> {
  const [root] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, "schools"), isNull(organisations.parentId)))
    .orderBy(asc(organisations.id))
    .limit(1);
  return root ?? null;
}

export async function createSchoolsRoot(db: Database) {
  return createOrganisation(db, { kind: "schools", name: "Schools" });
}

/** Adds a school from the register under the schools root. */
export async function createRegisterSchool(db: Database, parentId: number, urn: number, fields: RegisterSchoolFields) {
  const created = await createOrganisation(db, {
    parentId,
    kind: "school",
    name: fields.name,
    urn,
    schoolPhase: fields.schoolPhase,
    schoolType: fields.schoolType,
    schoolStatus: fields.schoolStatus,
  });
  await db
    .update(organisations)
    .set({ closedOn: fields.closedOn, pupilCount: fields.pupilCount })
    .where(eq(organisations.id, created.id));
  return created.id;
}

/** Sets what the register says of a school the service holds (and, for an academy conversion, its new URN). */
export async function updateRegisterSchool(
  db: Database,
  id: number,
  fields: RegisterSchoolFields & { urn?: number; predecessorUrn?: number },
) {
  await db
    .update(organisations)
    .set(fields)
    .where(and(eq(organisations.id, id), eq(organisations.kind, "school")));
}
