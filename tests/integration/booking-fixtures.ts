import type { Database } from "../../app/db/database";
import { courseSessions } from "../../app/db/schema";
import * as make from "../support/factories";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A scheduled session of a course (a new face-to-face course unless given), starting `inDays`
 * from now for `hours`, bookable now until a day before it starts.
 */
export async function session(
  db: Database,
  input: Partial<typeof courseSessions.$inferInsert> & { inDays?: number; hours?: number } = {},
) {
  const { inDays = 14, hours = 3, ...values } = input;
  const startsAt = values.startsAt ?? new Date(Date.now() + inDays * DAY);
  const courseId = values.courseId ?? (await make.course(db)).id;
  const [row] = await db
    .insert(courseSessions)
    .values({
      courseId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + hours * HOUR),
      venue: "Town Hall, Committee Room 2",
      capacity: 10,
      bookingClosesAt: new Date(startsAt.getTime() - DAY),
      ...values,
    })
    .returning();
  return row!;
}

/** A council with a service, and `count` people working in it. */
export async function council(db: Database, count = 0) {
  const root = await make.organisation(db, { kind: "council" });
  const service = await make.organisation(db, { kind: "service", parentId: root.id });
  const people = [];
  for (let i = 0; i < count; i++) people.push(await make.person(db, { organisationId: service.id }));
  return { root, service, people };
}

export { DAY, HOUR };
