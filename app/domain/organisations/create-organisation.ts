import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type OrganisationKind, type Sector, organisations } from "../../db/schema";

/** The sector a root organisation of this kind stands for. */
export function sectorOfRootKind(kind: OrganisationKind): Sector {
  switch (kind) {
    case "contractor":
      return "contractor";
    case "schools":
    case "school":
      return "school";
    case "partner":
      return "partner";
    default:
      return "council";
  }
}

export interface NewOrganisation {
  parentId?: number | null;
  kind: OrganisationKind;
  name: string;
  externalRef?: string | null;
  urn?: number | null;
  schoolPhase?: string | null;
  schoolType?: string | null;
  schoolStatus?: string | null;
}

/** Adds an organisation under its parent, keeping the tree's path, depth and sector. */
export async function createOrganisation(db: Database, input: NewOrganisation) {
  const parent = input.parentId
    ? (await db.select().from(organisations).where(eq(organisations.id, input.parentId)))[0]
    : undefined;
  if (input.parentId && !parent) throw new Error(`No organisation ${input.parentId}`);
  const [created] = await db
    .insert(organisations)
    .values({
      parentId: parent?.id ?? null,
      kind: input.kind,
      sector: parent ? parent.sector : sectorOfRootKind(input.kind),
      path: "",
      depth: parent ? parent.depth + 1 : 0,
      name: input.name,
      externalRef: input.externalRef ?? null,
      urn: input.urn ?? null,
      schoolPhase: input.schoolPhase ?? null,
      schoolType: input.schoolType ?? null,
      schoolStatus: input.schoolStatus ?? null,
    })
    .returning();
  const path = `${parent?.path ?? ""}${created!.id}.`;
  const [withPath] = await db.update(organisations).set({ path }).where(eq(organisations.id, created!.id)).returning();
  return withPath!;
}

/** The organisation and its ancestors, root first, for breadcrumbs. */
export async function organisationAncestry(db: Database, organisationId: number) {
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(
      sql`${organisations.id}::text = any(string_to_array(rtrim((select path from organisations where id = ${organisationId}), '.'), '.'))`,
    )
    .orderBy(organisations.depth);
}
