import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import type { OrganisationKind, Sector } from "../../db/schema";

export interface AudienceOrganisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  depth: number;
  /** The name with its parent's for depth 2 ("Children and Families: Early Help"). */
  label: string;
}

export interface AudienceOrganisationGroup {
  root: { id: number; name: string; kind: OrganisationKind; sector: Sector };
  /** The root's children and (for the council) grandchildren, in tree order, by name. */
  members: AudienceOrganisation[];
}

/**
 * The organisations a requirement's audience may name, grouped by tree: each root (the council,
 * each contractor, the schools, the partners), its children (directorates, schools, partner
 * agencies) and the council's services. Deeper teams are covered by choosing their parent.
 */
export async function listAudienceOrganisations(db: Database): Promise<AudienceOrganisationGroup[]> {
  const rows = await queryRows<{
    id: number;
    parent_id: number | null;
    name: string;
    kind: OrganisationKind;
    sector: Sector;
    depth: number;
  }>(
    db,
    sql`select id, parent_id, name, kind, sector, depth from organisations
        where depth <= 2
        order by depth, lower(name), id`,
  );
  const children = new Map<number, typeof rows>();
  for (const row of rows) {
    if (row.parent_id === null) continue;
    const list = children.get(row.parent_id) ?? [];
    list.push(row);
    children.set(row.parent_id, list);
  }
  const sectorOrder: Sector[] = ["council", "contractor", "school", "partner"];
  const roots = rows
    .filter((r) => r.depth === 0)
    .sort((a, b) => sectorOrder.indexOf(a.sector) - sectorOrder.indexOf(b.sector) || a.name.localeCompare(b.name));
  return roots.map((root) => {
    const members: AudienceOrganisation[] = [];
    for (const child of children.get(root.id) ?? []) {
      members.push({ id: child.id, name: child.name, kind: child.kind, depth: 1, label: child.name });
      for (const grandchild of children.get(child.id) ?? []) {
        members.push({
          id: grandchild.id,
          name: grandchild.name,
          kind: grandchild.kind,
          depth: 2,
          label: `${child.name}: ${grandchild.name}`,
        });
      }
    }
    return { root: { id: root.id, name: root.name, kind: root.kind, sector: root.sector }, members };
  });
}
