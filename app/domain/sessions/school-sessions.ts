import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryOne, queryRows, sqlIntArray } from "../../db/database";
import { isRealIsoDate, londonDateTimeToInstant, readTypedTime, todayInLondon } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { type PersonScope, personInScopeCondition } from "../people/scope";
import { recordAttendanceCompletion } from "./attendance-completion";
import { lockSession } from "./session-lock";

/** The most anyone could train in one school at once (a trust's joint in-service day). */
const MOST_ATTENDEES = 2000;

/** The record form: the day as GOV.UK date fields, the start time, the course, how many came and who. */
export const SchoolSessionForm = z
  .object({
    courseId: z.string().trim().default(""),
    "deliveredOn-day": z.string().trim().default(""),
    "deliveredOn-month": z.string().trim().default(""),
    "deliveredOn-year": z.string().trim().default(""),
    startTime: z.string().trim().default(""),
    attendeeCount: z.string().trim().default(""),
    attendees: z.array(z.string()).default([]),
    notes: z.string().trim().max(1000, "Notes must be 1,000 characters or fewer").default(""),
  })
  .transform((form, ctx) => {
    const courseId = /^[1-9]\d{0,9}$/.test(form.courseId) ? Number(form.courseId) : Number.NaN;
    if (!(courseId <= 2_147_483_647))
      ctx.addIssue({ code: "custom", path: ["courseId"], message: "Select the course" });
    const [d, m, y] = [form["deliveredOn-day"], form["deliveredOn-month"], form["deliveredOn-year"]];
    const deliveredOn = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    if (!d && !m && !y) {
      ctx.addIssue({ code: "custom", path: ["deliveredOn"], message: "Enter the date of the training" });
    } else if (![d, m, y].every((p) => /^\d{1,4}$/.test(p)) || y.length !== 4 || !isRealIsoDate(deliveredOn)) {
      ctx.addIssue({ code: "custom", path: ["deliveredOn"], message: "The date of the training must be a real date" });
    }
    const time = readTypedTime(form.startTime);
    if (!time) {
      ctx.addIssue({
        code: "custom",
        path: ["startTime"],
        message: "Enter the time the training started, like 15:30 or 3:30pm",
      });
    }
    const attendeeCount = /^\d{1,5}$/.test(form.attendeeCount) ? Number(form.attendeeCount) : Number.NaN;
    if (form.attendeeCount === "") {
      ctx.addIssue({ code: "custom", path: ["attendeeCount"], message: "Enter how many people attended" });
    } else if (!(attendeeCount >= 1 && attendeeCount <= MOST_ATTENDEES)) {
      ctx.addIssue({
        code: "custom",
        path: ["attendeeCount"],
        message: `The number who attended must be a whole number from 1 to ${MOST_ATTENDEES.toLocaleString("en-GB")}`,
      });
    }
    const attendees = form.attendees.filter((id) => /^[1-9]\d{0,9}$/.test(id)).map(Number);
    if (attendees.length !== form.attendees.length || attendees.some((id) => id > 2_147_483_647)) {
      ctx.addIssue({ code: "custom", path: ["attendees"], message: "Select the staff who attended from the list" });
    }
    return {
      courseId,
      deliveredOn,
      startTime: time ?? "",
      attendeeCount,
      attendees: [...new Set(attendees)],
      notes: form.notes === "" ? null : form.notes,
    };
  });

export interface SchoolSessionInput {
  schoolId: number;
  courseId: number;
  deliveredOn: string;
  startTime: string;
  attendeeCount: number;
  /** The staff known by name: each gets an attended booking and a completion. */
  attendees: number[];
  notes: string | null;
  /** Who delivered it (the education officer's own record), when they have one. */
  trainerPersonId: number | null;
  actorAccountId: string;
  /** Whose records the caller may touch (the attendees must all be in it). */
  scope: PersonScope;
  now?: Date;
}

interface SchoolRow extends Record<string, unknown> {
  id: number;
  name: string;
  path: string;
}

async function findSchool(db: Database, schoolId: number): Promise<SchoolRow | undefined> {
  return queryOne<SchoolRow>(
    db,
    sql`select id, name, path from organisations where id = ${schoolId} and kind = 'school'`,
  );
}

/** The courses the education officer delivers in schools: current, face to face or live. */
export async function schoolSessionCourses(db: Database): Promise<Array<{ id: number; title: string }>> {
  return queryRows<{ id: number; title: string }>(
    db,
    sql`select id, title from courses
        where retired_at is null and delivery_mode in ('face_to_face', 'live_online')
        order by title`,
  );
}

/** The school's staff in post on a day, who may be named as attendees: in the caller's scope. */
export async function schoolStaffOn(
  db: Database,
  input: { schoolId: number; onDate: string; scope: PersonScope },
): Promise<Array<{ id: number; name: string; jobTitle: string | null }>> {
  const school = await findSchool(db, input.schoolId);
  if (!school) return [];
  return queryRows<{ id: number; name: string; jobTitle: string | null }>(
    db,
    sql`select p.id, p.family_name || ', ' || p.given_name as name, p.job_title as "jobTitle"
        from people p join organisations o on o.id = p.organisation_id
        where o.path like ${school.path} || '%'
          and p.start_date <= ${input.onDate}::date
          and (p.leaving_date is null or p.leaving_date >= ${input.onDate}::date)
          and ${personInScopeCondition(input.scope, { personId: sql`p.id`, organisationPath: sql`o.path`, sector: sql`o.sector` })}
        order by lower(p.family_name), lower(p.given_name), p.id`,
  );
}

/**
 * Records training the education officer delivered in a school (a staff meeting, an in-service
 * day): a delivered session at the school, not open for booking, with how many attended; each
 * person named gets an attended booking and a completion of the course on that day, so it counts
 * in the school's coverage like any register. One transaction, audited.
 */
export async function recordSchoolSession(db: Database, input: SchoolSessionInput): Promise<{ sessionId: number }> {
  const now = input.now ?? new Date();
  if (input.deliveredOn > todayInLondon(now)) {
    throw new DomainError("The date of the training must be today or in the past", "deliveredOn");
  }
  if (input.deliveredOn < "2000-01-01") {
    throw new DomainError("The date of the training must be after 1 January 2000", "deliveredOn");
  }
  if (input.attendees.length > input.attendeeCount) {
    throw new DomainError(
      `You named ${input.attendees.length} people, more than the ${input.attendeeCount} who attended`,
      "attendeeCount",
    );
  }
  return db.transaction(async (tx) => {
    const school = await findSchool(tx, input.schoolId);
    if (!school) throw new DomainError("This school does not exist.", undefined, "not-found");
    const course = await queryOne<{ id: number; duration_minutes: number }>(
      tx,
      sql`select id, duration_minutes from courses
          where id = ${input.courseId} and retired_at is null and delivery_mode in ('face_to_face', 'live_online')`,
    );
    if (!course) throw new DomainError("Select the course", "courseId");
    const staff = await schoolStaffOn(tx, { schoolId: school.id, onDate: input.deliveredOn, scope: input.scope });
    const known = new Set(staff.map((s) => s.id));
    if (input.attendees.some((id) => !known.has(id))) {
      throw new DomainError("Select the staff who attended from the list of the school’s staff that day", "attendees");
    }
    const startsAt = londonDateTimeToInstant(input.deliveredOn, input.startTime);
    const endsAt = new Date(startsAt.getTime() + course.duration_minutes * 60_000);
    const inserted = await queryOne<{ id: number }>(
      tx,
      sql`insert into course_sessions (course_id, starts_at, ends_at, venue, capacity, trainer_person_id,
            audience_organisation_id, status, notes, school_organisation_id, attendee_count)
          values (${course.id}, ${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz,
            ${school.name}, ${input.attendeeCount}, ${input.trainerPersonId}, ${school.id}, 'delivered',
            ${input.notes}, ${school.id}, ${input.attendeeCount})
          returning id`,
    );
    const sessionId = inserted!.id;
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "session.record-in-school",
      entityType: "session",
      entityId: sessionId,
      after: {
        schoolId: school.id,
        courseId: course.id,
        deliveredOn: input.deliveredOn,
        attendeeCount: input.attendeeCount,
        named: input.attendees.length,
      },
    });
    const session = (await lockSession(tx, sessionId))!;
    const bookings = await queryRows<{ id: number; person_id: number }>(
      tx,
      sql`insert into bookings (session_id, person_id, status, booked_by_account_id, attendance_marked_at)
          select ${sessionId}, id, 'attended', ${input.actorAccountId}, ${now.toISOString()}::timestamptz
          from unnest(${sqlIntArray(input.attendees)}) as named(id)
          returning id, person_id`,
    );
    for (const booking of bookings) {
      await recordAuditEvent(tx, {
        actorAccountId: input.actorAccountId,
        action: "booking.mark-attended",
        entityType: "booking",
        entityId: booking.id,
        subjectPersonId: booking.person_id,
        after: { status: "attended", sessionId },
      });
      await recordAttendanceCompletion(tx, {
        session,
        bookingId: booking.id,
        personId: booking.person_id,
        actorAccountId: input.actorAccountId,
      });
    }
    return { sessionId };
  });
}

export interface SchoolSessionSummary extends Record<string, unknown> {
  sessionId: number;
  deliveredOn: string;
  courseTitle: string;
  attendeeCount: number;
  named: number;
  trainerName: string | null;
}

/** The training delivered in a school, newest first. */
export async function listSchoolSessions(db: Database, schoolId: number): Promise<SchoolSessionSummary[]> {
  return queryRows<SchoolSessionSummary>(
    db,
    sql`select s.id as "sessionId", (s.starts_at at time zone 'Europe/London')::date::text as "deliveredOn",
          c.title as "courseTitle", s.attendee_count as "attendeeCount",
          (select count(*)::int from bookings b where b.session_id = s.id and b.status = 'attended') as named,
          nullif(trim(coalesce(t.given_name, '') || ' ' || coalesce(t.family_name, '')), '') as "trainerName"
        from course_sessions s
        join courses c on c.id = s.course_id
        left join people t on t.id = s.trainer_person_id
        where s.school_organisation_id = ${schoolId}
        order by s.starts_at desc, s.id desc`,
  );
}
