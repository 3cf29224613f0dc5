/**
 * The demo council's organisation tree: the London Borough of Northbridge with its directorates
 * and services, its contractors, its schools and its partners (names.ts holds the lists).
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/database";
import { organisations } from "../db/schema";
import { CONTRACTORS, COUNCIL, DIRECTORATES, PARTNERS, PARTNERS_ROOT, SCHOOLS, SCHOOLS_ROOT } from "./names";
import { chunks, type DemoPlan, type OrgSeed } from "./plan";

export function planOrganisations(plan: DemoPlan): void {
  const addOrg = (org: Omit<OrgSeed, "level">) => {
    const parent = org.parentRef ? plan.orgByRef.get(org.parentRef)! : null;
    const seed: OrgSeed = { ...org, level: parent ? parent.level + 1 : 0 };
    plan.orgs.push(seed);
    plan.orgByRef.set(seed.ref, seed);
  };

  addOrg({ ref: COUNCIL.ref, parentRef: null, kind: "council", sector: "council", name: COUNCIL.name });
  for (const directorate of DIRECTORATES) {
    addOrg({
      ref: directorate.ref,
      parentRef: COUNCIL.ref,
      kind: "directorate",
      sector: "council",
      name: directorate.name,
    });
    for (const service of directorate.services) {
      addOrg({ ref: service.ref, parentRef: directorate.ref, kind: "service", sector: "council", name: service.name });
    }
  }
  for (const contractor of CONTRACTORS) {
    addOrg({ ref: contractor.ref, parentRef: null, kind: "contractor", sector: "contractor", name: contractor.name });
  }
  addOrg({ ref: SCHOOLS_ROOT.ref, parentRef: null, kind: "schools", sector: "school", name: SCHOOLS_ROOT.name });
  for (const school of SCHOOLS) {
    addOrg({
      ref: school.laestab,
      parentRef: SCHOOLS_ROOT.ref,
      kind: "school",
      sector: "school",
      name: school.name,
      urn: school.urn,
      schoolPhase: school.phase,
      schoolType: school.type,
      schoolStatus: school.status,
    });
  }
  addOrg({ ref: PARTNERS_ROOT.ref, parentRef: null, kind: "partner", sector: "partner", name: PARTNERS_ROOT.name });
  for (const partner of PARTNERS) {
    addOrg({ ref: partner.ref, parentRef: PARTNERS_ROOT.ref, kind: "partner", sector: "partner", name: partner.name });
  }
}

/** An organisation's refs from the root down to it. */
export function chainOf(plan: DemoPlan, ref: string): string[] {
  const chain: string[] = [];
  for (let org = plan.orgByRef.get(ref); org; org = org.parentRef ? plan.orgByRef.get(org.parentRef) : undefined) {
    chain.unshift(org.ref);
  }
  return chain;
}

/** Writes the tree level by level (a child needs its parent's id), then sets the paths; returns ids by ref. */
export async function writeOrganisations(tx: Database, plan: DemoPlan): Promise<Map<string, number>> {
  const orgIds = new Map<string, number>();
  const maxOrgLevel = Math.max(...plan.orgs.map((o) => o.level));
  for (let level = 0; level <= maxOrgLevel; level++) {
    const rows = plan.orgs.filter((o) => o.level === level);
    for (const chunk of chunks(rows)) {
      const inserted = await tx
        .insert(organisations)
        .values(
          chunk.map((o) => ({
            parentId: o.parentRef ? orgIds.get(o.parentRef)! : null,
            kind: o.kind,
            sector: o.sector,
            path: "",
            depth: o.level,
            name: o.name,
            externalRef: o.ref,
            urn: o.urn ?? null,
            schoolPhase: o.schoolPhase ?? null,
            schoolType: o.schoolType ?? null,
            schoolStatus: o.schoolStatus ?? null,
          })),
        )
        .returning({ id: organisations.id, ref: organisations.externalRef });
      for (const row of inserted) orgIds.set(row.ref!, row.id);
    }
  }
  await tx.execute(sql`
    with recursive tree as (
      select id, (id::text || '.') as path, 0 as depth, sector
      from organisations where parent_id is null
      union all
      select o.id, tree.path || o.id::text || '.', tree.depth + 1, tree.sector
      from organisations o join tree on o.parent_id = tree.id
    )
    update organisations o
    set path = tree.path, depth = tree.depth, sector = tree.sector
    from tree where o.id = tree.id`);
  return orgIds;
}
