import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { schoolDeclarations } from "../../db/schema";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";

export interface SchoolHeadcountDeclaration {
  schoolId: number;
  declaredOn: string;
  headcount: number;
  declaredTrained: number;
  note?: string | null;
  actorAccountId: string;
}

/**
 * Records a school's declared headcount and number of staff trained, for a school that does not
 * record its staff one by one. Declared figures are kept apart from evidenced ones. Audited.
 */
export async function declareSchoolHeadcount(db: Database, input: SchoolHeadcountDeclaration): Promise<number> {
  if (!Number.isInteger(input.headcount) || input.headcount < 0) {
    throw new DomainError("Enter the headcount as a whole number, 0 or more", "headcount");
  }
  if (!Number.isInteger(input.declaredTrained) || input.declaredTrained < 0) {
    throw new DomainError("Enter the number trained as a whole number, 0 or more", "declaredTrained");
  }
  if (input.declaredTrained > input.headcount) {
    throw new DomainError("The number trained cannot be more than the headcount", "declaredTrained");
  }
  return db.transaction(async (tx) => {
    const school = await queryOne<{ id: number }>(
      tx,
      sql`select id from organisations where id = ${input.schoolId} and kind = 'school'`,
    );
    if (!school) throw new DomainError("There is no such school", "headcount", "not_found");
    const [row] = await tx
      .insert(schoolDeclarations)
      .values({
        organisationId: input.schoolId,
        declaredOn: input.declaredOn,
        headcount: input.headcount,
        declaredTrained: input.declaredTrained,
        note: input.note?.trim() || null,
        declaredByAccountId: input.actorAccountId,
      })
      .returning();
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "school_declaration.create",
      entityType: "school_declaration",
      entityId: row!.id,
      after: {
        schoolId: input.schoolId,
        declaredOn: input.declaredOn,
        headcount: input.headcount,
        declaredTrained: input.declaredTrained,
        note: row!.note,
      },
    });
    return row!.id;
  });
}
