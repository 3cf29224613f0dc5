import type { Database } from "../../db/database";
import { requirementCourses, requirements } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import {
  type RequirementInput,
  checkRequirementInput,
  normaliseRequirementInput,
  requirementColumns,
} from "./requirement-input";

/** Adds a requirement with its equivalent courses, audited. Returns its id. */
export async function createRequirement(
  db: Database,
  input: RequirementInput,
  actorAccountId: string | null,
): Promise<number> {
  const tidy = normaliseRequirementInput(input);
  return db.transaction(async (tx) => {
    await checkRequirementInput(tx, tidy);
    const [created] = await tx.insert(requirements).values(requirementColumns(tidy)).returning({ id: requirements.id });
    const id = created!.id;
    await tx.insert(requirementCourses).values(tidy.courseIds.map((courseId) => ({ requirementId: id, courseId })));
    await recordAuditEvent(tx, {
      actorAccountId,
      action: "requirement.create",
      entityType: "requirement",
      entityId: id,
      after: tidy,
    });
    return id;
  });
}
