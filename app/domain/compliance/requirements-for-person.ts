import type { Database } from "../../db/database";
import type { PersonScope } from "../people/scope";
import { type Requirement, getRequirements } from "../requirements/get-requirement";
import type { ComplianceStatus } from "./compliance-query";
import { type ComplianceRow, complianceFor } from "./status-for-people";

export interface PersonRequirement {
  requirement: Requirement;
  row: ComplianceRow;
  status: ComplianceStatus;
  dueOn: string | null;
  /** The completion that counts, with its course's title. */
  completion: (NonNullable<ComplianceRow["completion"]> & { courseTitle: string }) | null;
  /** The future booking that would satisfy it, with its course's title. */
  booked: (NonNullable<ComplianceRow["booked"]> & { courseTitle: string }) | null;
}

/** Every requirement that applies to one person on a date, with their status, by requirement name. */
export async function requirementsForPerson(
  db: Database,
  scope: PersonScope,
  personId: number,
  onDate: string,
  now: Date = new Date(),
): Promise<PersonRequirement[]> {
  const rows = await complianceFor(db, { scope, personIds: [personId], onDate, now });
  const requirements = new Map(
    (
      await getRequirements(
        db,
        rows.map((r) => r.requirementId),
      )
    ).map((r) => [r.id, r]),
  );
  const courseTitle = (requirement: Requirement, courseId: number) =>
    requirement.courses.find((c) => c.id === courseId)?.title ?? "";
  return rows
    .filter((row) => requirements.has(row.requirementId))
    .map((row) => {
      const requirement = requirements.get(row.requirementId)!;
      return {
        requirement,
        row,
        status: row.status,
        dueOn: row.dueOn,
        completion: row.completion
          ? { ...row.completion, courseTitle: courseTitle(requirement, row.completion.courseId) }
          : null,
        booked: row.booked ? { ...row.booked, courseTitle: courseTitle(requirement, row.booked.courseId) } : null,
      };
    })
    .sort((a, b) => a.requirement.name.localeCompare(b.requirement.name));
}
