import { eq } from "drizzle-orm";
import type { Database } from "../../app/db/database";
import {
  bookings,
  type completions,
  courseSessions,
  organisations,
  requirementCourses,
  requirements,
  schoolDeclarations,
} from "../../app/db/schema";
import { addMonthsToDate } from "../../app/lib/dates";
import * as make from "../support/factories";

/**
 * A small hand-made council whose coverage figures are known, for the coverage, dashboard,
 * schools and KPI tests. The reference date is 30 June 2026 (the end of Q1 2026 to 2027).
 *
 * Council frontline Prevent awareness (renew every 36 months, due within 90 days):
 *   Directorate A / Service A1: a1 current (an old WRAP record overlapping a newer completion),
 *     a2 expired (2022 + 36 months), a9 current but runs
 *     out on 15 August 2026, a6 current but left on 31 March 2026
 *   Directorate A / Service A2: a3 missing, a4 a new starter (1 May 2026, not yet due), a5's only
 *     completion revoked
 *   Directorate B (directly): a7 current through an old WRAP record; a8 not frontline
 *   → on 30 June 2026: 3 of 6 (a1, a7, a9); on 31 December 2024: 5 of 7 (a1, a2, a6, a7, a9)
 * Contractor Prevent (course validity): c1 current, c2 expired (twice, with a gap), c3 missing → 1 of 3
 * Schools (Prevent for school_staff; DSL training for dsl/deputy_dsl, renew every 24 months):
 *   X (Primary, Community school): x1 DSL trained, x2–x4 current, x5 missing → 4 of 5, green
 *   Y (Secondary, Academy converter): y1 deputy DSL, Prevent current by attendance on 20 April
 *     2026 but DSL training expired; y2's Prevent revoked → 1 of 2, amber; a session for Y on
 *     10 March 2026
 *   Z (Primary, Academy converter): no staff recorded; declared 20 staff, 5 trained → red
 *   W (Nursery, Community school): w1 missing → red, no coverage at all
 *   V: closed on 1 January 2025 (its one member of staff left the day before), left out
 * Sessions: S1 delivered 10 March 2026 (for Y); S2 delivered 20 April 2026 with y1 attended and
 *   a3 absent (a2 cancelled); S3 scheduled 20 June 2026 with a8 marked absent; S4 cancelled.
 */
export const ON = "2026-06-30";
export const PAST = "2024-12-31";

export async function requirement(
  db: Database,
  input: Partial<typeof requirements.$inferInsert> & { name: string; courseIds: number[] },
) {
  const { courseIds, ...values } = input;
  const [row] = await db.insert(requirements).values(values).returning();
  for (const courseId of courseIds) await db.insert(requirementCourses).values({ requirementId: row!.id, courseId });
  return row!;
}

export async function buildCoverageCouncil(db: Database) {
  const course = {
    prevent: await make.course(db, {
      title: "Prevent awareness",
      category: "prevent",
      validityMonths: 36,
      deliveryMode: "external_elearning",
    }),
    wrap: await make.course(db, { title: "WRAP", category: "prevent", validityMonths: 36, bookable: false }),
    workshop: await make.course(db, { title: "Prevent workshop", category: "prevent", validityMonths: 36 }),
    dsl: await make.course(db, { title: "DSL training", category: "designated_safeguarding_lead", validityMonths: 24 }),
  };
  const completed = async (
    personId: number,
    courseId: number,
    completedOn: string,
    extra: Partial<typeof completions.$inferInsert> = {},
  ) => {
    const validity = Object.values(course).find((c) => c.id === courseId)!.validityMonths!;
    return make.completion(db, {
      personId,
      courseId,
      completedOn,
      expiresOn: addMonthsToDate(completedOn, validity),
      ...extra,
    });
  };
  const revoked = { revokedAt: new Date("2026-06-01T10:00:00Z"), revokeReason: "Recorded against the wrong person" };

  const council = await make.organisation(db, { kind: "council", name: "Test Council" });
  const dirA = await make.organisation(db, { kind: "directorate", name: "Directorate A", parentId: council.id });
  const a1s = await make.organisation(db, { kind: "service", name: "Service A1", parentId: dirA.id });
  const a2s = await make.organisation(db, { kind: "service", name: "Service A2", parentId: dirA.id });
  const dirB = await make.organisation(db, { kind: "directorate", name: "Directorate B", parentId: council.id });
  const contractor = await make.organisation(db, { kind: "contractor", name: "Test Contractor Ltd" });
  const schools = await make.organisation(db, { kind: "schools", name: "Schools" });
  const school = {
    x: await make.organisation(db, {
      kind: "school",
      name: "X Primary",
      parentId: schools.id,
      urn: 900001,
      schoolPhase: "Primary",
      schoolType: "Community school",
    }),
    y: await make.organisation(db, {
      kind: "school",
      name: "Y Secondary",
      parentId: schools.id,
      urn: 900002,
      schoolPhase: "Secondary",
      schoolType: "Academy converter",
    }),
    z: await make.organisation(db, {
      kind: "school",
      name: "Z Primary",
      parentId: schools.id,
      urn: 900003,
      schoolPhase: "Primary",
      schoolType: "Academy converter",
    }),
    w: await make.organisation(db, {
      kind: "school",
      name: "W Nursery",
      parentId: schools.id,
      urn: 900004,
      schoolPhase: "Nursery",
      schoolType: "Community school",
    }),
    v: await make.organisation(db, {
      kind: "school",
      name: "V Closed",
      parentId: schools.id,
      urn: 900005,
      schoolPhase: "Primary",
      schoolType: "Community school",
    }),
  };
  await db
    .update(organisations)
    .set({ closedOn: "2025-01-01", schoolStatus: "Closed" })
    .where(eq(organisations.id, school.v.id));

  const req = {
    councilFrontline: await requirement(db, {
      name: "Prevent awareness: council frontline",
      audienceSectors: ["council"],
      audienceTags: ["frontline"],
      dueWithinDays: 90,
      renewalMonths: 36,
      reminderDays: 60,
      courseIds: [course.prevent.id, course.wrap.id, course.workshop.id],
    }),
    contractor: await requirement(db, {
      name: "Prevent awareness: contractors",
      audienceSectors: ["contractor"],
      dueWithinDays: 90,
      renewalMonths: null,
      courseIds: [course.prevent.id, course.workshop.id],
    }),
    schoolPrevent: await requirement(db, {
      name: "Prevent awareness: school staff",
      audienceSectors: ["school"],
      audienceTags: ["school_staff"],
      dueWithinDays: 90,
      renewalMonths: null,
      courseIds: [course.prevent.id, course.workshop.id],
    }),
    schoolDsl: await requirement(db, {
      name: "DSL training",
      audienceSectors: ["school"],
      audienceTags: ["dsl", "deputy_dsl"],
      dueWithinDays: 90,
      renewalMonths: 24,
      courseIds: [course.dsl.id],
    }),
  };

  const frontline = ["frontline"];
  const p = {
    a1: await make.person(db, {
      organisationId: a1s.id,
      profileTags: frontline,
      givenName: "Alice",
      familyName: "One",
    }),
    a2: await make.person(db, { organisationId: a1s.id, profileTags: frontline, givenName: "Bob", familyName: "Two" }),
    a3: await make.person(db, {
      organisationId: a2s.id,
      profileTags: frontline,
      givenName: "Cara",
      familyName: "Three",
    }),
    a4: await make.person(db, {
      organisationId: a2s.id,
      profileTags: frontline,
      givenName: "Dev",
      familyName: "Four",
      startDate: "2026-05-01",
    }),
    a5: await make.person(db, { organisationId: a2s.id, profileTags: frontline, givenName: "Eve", familyName: "Five" }),
    a6: await make.person(db, {
      organisationId: a1s.id,
      profileTags: frontline,
      givenName: "Fay",
      familyName: "Six",
      leavingDate: "2026-03-31",
    }),
    a7: await make.person(db, {
      organisationId: dirB.id,
      profileTags: frontline,
      givenName: "Gus",
      familyName: "Seven",
    }),
    a8: await make.person(db, { organisationId: dirB.id, profileTags: [], givenName: "Hal", familyName: "Eight" }),
    a9: await make.person(db, { organisationId: a1s.id, profileTags: frontline, givenName: "Ida", familyName: "Nine" }),
    c1: await make.person(db, {
      organisationId: contractor.id,
      profileTags: frontline,
      givenName: "Carl",
      familyName: "Contractor",
    }),
    c2: await make.person(db, {
      organisationId: contractor.id,
      profileTags: frontline,
      givenName: "Cleo",
      familyName: "Contractor",
    }),
    c3: await make.person(db, {
      organisationId: contractor.id,
      profileTags: [],
      givenName: "Cy",
      familyName: "Contractor",
    }),
    x1: await make.person(db, {
      organisationId: school.x.id,
      profileTags: ["school_staff", "dsl"],
      givenName: "Xena",
      familyName: "Lead",
    }),
    x2: await make.person(db, {
      organisationId: school.x.id,
      profileTags: ["school_staff"],
      givenName: "Xavier",
      familyName: "Staff",
    }),
    x3: await make.person(db, {
      organisationId: school.x.id,
      profileTags: ["school_staff"],
      givenName: "Xia",
      familyName: "Staff",
    }),
    x4: await make.person(db, {
      organisationId: school.x.id,
      profileTags: ["school_staff"],
      givenName: "Xander",
      familyName: "Staff",
    }),
    x5: await make.person(db, {
      organisationId: school.x.id,
      profileTags: ["school_staff"],
      givenName: "Xu",
      familyName: "Untrained",
    }),
    y1: await make.person(db, {
      organisationId: school.y.id,
      profileTags: ["school_staff", "deputy_dsl"],
      givenName: "Yara",
      familyName: "Deputy",
    }),
    y2: await make.person(db, {
      organisationId: school.y.id,
      profileTags: ["school_staff"],
      givenName: "Yusuf",
      familyName: "Staff",
    }),
    w1: await make.person(db, {
      organisationId: school.w.id,
      profileTags: ["school_staff"],
      givenName: "Wendy",
      familyName: "Staff",
    }),
    v1: await make.person(db, {
      organisationId: school.v.id,
      profileTags: ["school_staff"],
      givenName: "Vic",
      familyName: "Closed",
      leavingDate: "2024-12-31",
    }),
  };

  const c = {
    a1: await completed(p.a1.id, course.prevent.id, "2025-01-10"),
    a1wrap: await completed(p.a1.id, course.wrap.id, "2022-06-01"),
    a2: await completed(p.a2.id, course.prevent.id, "2022-03-01"),
    a5: await completed(p.a5.id, course.prevent.id, "2026-01-01", revoked),
    a6: await completed(p.a6.id, course.prevent.id, "2023-06-01"),
    a7: await completed(p.a7.id, course.wrap.id, "2024-09-01"),
    a9: await completed(p.a9.id, course.prevent.id, "2023-08-15"),
    c1: await completed(p.c1.id, course.prevent.id, "2026-05-15"),
    c2: await completed(p.c2.id, course.prevent.id, "2023-01-01"),
    c2old: await completed(p.c2.id, course.workshop.id, "2019-06-01"),
    x1p: await completed(p.x1.id, course.prevent.id, "2025-09-01"),
    x1d: await completed(p.x1.id, course.dsl.id, "2025-09-02"),
    x2: await completed(p.x2.id, course.prevent.id, "2025-09-01"),
    x3: await completed(p.x3.id, course.prevent.id, "2025-09-01"),
    x4: await completed(p.x4.id, course.prevent.id, "2025-09-01"),
    y1d: await completed(p.y1.id, course.dsl.id, "2023-01-01"),
    y2: await completed(p.y2.id, course.prevent.id, "2026-05-01", revoked),
    v1: await completed(p.v1.id, course.prevent.id, "2024-06-01"),
  };

  const session = async (
    startsAt: string,
    status: "scheduled" | "delivered" | "cancelled",
    audienceOrganisationId?: number,
  ) => {
    const [row] = await db
      .insert(courseSessions)
      .values({
        courseId: course.workshop.id,
        startsAt: new Date(startsAt),
        endsAt: new Date(new Date(startsAt).getTime() + 2 * 3600_000),
        venue: "Town Hall",
        capacity: 20,
        status,
        audienceOrganisationId: audienceOrganisationId ?? null,
      })
      .returning();
    return row!;
  };
  const s1 = await session("2026-03-10T10:00:00Z", "delivered", school.y.id);
  const s2 = await session("2026-04-20T09:00:00Z", "delivered");
  const s3 = await session("2026-06-20T09:00:00Z", "scheduled");
  const s4 = await session("2026-05-05T09:00:00Z", "cancelled");
  const booking = async (
    sessionId: number,
    personId: number,
    status: "booked" | "attended" | "absent" | "cancelled",
  ) => {
    const [row] = await db.insert(bookings).values({ sessionId, personId, status }).returning();
    return row!;
  };
  const y1Booking = await booking(s2.id, p.y1.id, "attended");
  await booking(s2.id, p.a3.id, "absent");
  await booking(s2.id, p.a2.id, "cancelled");
  await booking(s3.id, p.a8.id, "absent");
  await booking(s4.id, p.a9.id, "attended");
  const y1Attendance = await completed(p.y1.id, course.workshop.id, "2026-04-20", {
    source: "attendance",
    sessionId: s2.id,
    bookingId: y1Booking.id,
  });

  await db.insert(schoolDeclarations).values({
    organisationId: school.z.id,
    declaredOn: "2026-05-01",
    headcount: 20,
    declaredTrained: 5,
  });

  return {
    course,
    council,
    dirA,
    a1s,
    a2s,
    dirB,
    contractor,
    schools,
    school,
    req,
    p,
    c: { ...c, y1: y1Attendance },
    sessions: { s1, s2, s3, s4 },
  };
}

export type CoverageCouncil = Awaited<ReturnType<typeof buildCoverageCouncil>>;
