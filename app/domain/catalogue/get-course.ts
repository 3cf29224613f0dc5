import { eq } from "drizzle-orm";
import type { Database } from "../../db/database";
import { courses } from "../../db/schema";

export type Course = typeof courses.$inferSelect;

export async function getCourse(db: Database, courseId: number): Promise<Course | undefined> {
  const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
  return course;
}
