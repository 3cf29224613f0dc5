import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { requirementCourses, requirements } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { getRequirement } from "./get-requirement";
import {
  type RequirementInput,
  checkRequirementInput,
  normaliseRequirementInput,
  requirementColumns,
} from "./requirement-input";

/** Changes a live requirement and its courses, audited with the before and after. */
export async function updateRequirement(
  db: Database,
  requirementId: number,
  input: RequirementInput,
  actorAccountId: string | null,
): Promise<void> {
  const tidy = normaliseRequirementInput(input);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select id from requirements where id = ${requirementId} for update`);
    const before = await getRequirement(tx, requirementId);
    if (!before) throw new DomainError("This requirement no longer exists", undefined, "not_found");
    if (before.retiredAt)
      throw new DomainError("This requirement has been retired and cannot be changed", undefined, "retired");
    await checkRequirementInput(tx, tidy, { exceptRequirementId: requirementId });
    await tx.update(requirements).set(requirementColumns(tidy)).where(eq(requirements.id, requirementId));
    await tx.delete(requirementCourses).where(eq(requirementCourses.requirementId, requirementId));
    await tx.insert(requirementCourses).values(tidy.courseIds.map((courseId) => ({ requirementId, courseId })));
    const {
      courses,
      audienceOrganisations: _names,
      createdAt: _c,
      updatedAt: _u,
      retiredAt: _r,
      id: _id,
      ...rest
    } = before;
    const beforeInput = { ...rest, courseIds: courses.map((c) => c.id) };
    await recordAuditEvent(tx, {
      actorAccountId,
      action: "requirement.update",
      entityType: "requirement",
      entityId: requirementId,
      before: beforeInput,
      after: tidy,
    });
  });
}
