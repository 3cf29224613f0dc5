import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { verifyPassword } from "../../app/auth/password.server";
import { type Database, queryOne, queryRows } from "../../app/db/database";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../../app/demo/seed-demo.server";
import { CATALOGUE } from "../../app/demo/catalogue";
import { REQUIREMENTS } from "../../app/demo/requirements";
import { createTestDatabase, type TestDatabase } from "../support/database";

const TODAY = "2026-11-25";

/** One value per table that changes if any seeded row does. */
async function fingerprint(db: Database) {
  return queryOne<Record<string, string>>(
    db,
    sql`select
      (select md5(string_agg(concat_ws('|', id, parent_id, path, depth, kind, sector, name, urn, school_phase, school_type, school_status), ',' order by id)) from organisations) as organisations,
      (select md5(string_agg(concat_ws('|', id, organisation_id, line_manager_id, given_name, family_name, email, job_title, profile_tags::text, employment_type, start_date, leaving_date, external_ref), ',' order by id)) from people) as people,
      (select md5(string_agg(concat_ws('|', id, course_id, starts_at, ends_at, venue, joining_link, capacity, trainer_person_id, booking_closes_at, status), ',' order by id)) from course_sessions) as sessions,
      (select md5(string_agg(concat_ws('|', id, session_id, person_id, status, created_at, waitlisted_at, cancelled_at, attendance_marked_at), ',' order by id)) from bookings) as bookings,
      (select md5(string_agg(concat_ws('|', id, person_id, course_id, completed_on, expires_on, source, session_id, booking_id, certificate_code, recorded_at, revoked_at), ',' order by id)) from completions) as completions`,
  );
}

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const row = await queryOne<{ n: number }>(db, query);
  return row?.n ?? -1;
}

describe("seedDemo", () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    // How long it takes is the first start's figure (README), measured, not asserted: a timed
    // test fails with the machine's load, not with the code.
    await seedDemo(db, { today: TODAY });
  });

  afterAll(async () => {
    await database?.close();
  });

  it("builds the organisation tree with consistent paths, depths and sectors", async () => {
    const kinds = await queryRows<{ kind: string; n: number }>(
      db,
      sql`select kind::text, count(*)::int as n from organisations group by kind order by kind`,
    );
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toEqual({
      council: 1,
      directorate: 6,
      service: 30,
      contractor: 3,
      schools: 1,
      school: 25,
      partner: 4,
    });
    const inconsistent = await count(
      db,
      sql`select count(*)::int as n
          from organisations o left join organisations p on p.id = o.parent_id
          where (p.id is null and (o.path <> o.id || '.' or o.depth <> 0))
             or (p.id is not null and (o.path <> p.path || o.id || '.' or o.depth <> p.depth + 1 or o.sector <> p.sector))`,
    );
    expect(inconsistent).toBe(0);
    const wrongRootSector = await count(
      db,
      sql`select count(*)::int as n from organisations
          where parent_id is null
            and sector::text <> case kind when 'council' then 'council' when 'contractor' then 'contractor'
                                         when 'schools' then 'school' when 'partner' then 'partner' end`,
    );
    expect(wrongRootSector).toBe(0);
    const schools = await queryOne<{ n: number; urns_ok: number; closing: number; phases: number }>(
      db,
      sql`select count(*)::int as n,
                 count(*) filter (where urn between 100000 and 102999)::int as urns_ok,
                 count(*) filter (where school_status = 'Open, but proposed to close')::int as closing,
                 count(distinct school_phase)::int as phases
          from organisations where kind = 'school'`,
    );
    expect(schools).toEqual({ n: 25, urns_ok: 25, closing: 1, phases: 6 });
  });

  it("has about 800 people across the sectors, with managers, leavers and recent starters", async () => {
    const sectors = await queryRows<{ sector: string; n: number }>(
      db,
      sql`select o.sector::text, count(*)::int as n from people p join organisations o on o.id = p.organisation_id group by 1`,
    );
    const by = Object.fromEntries(sectors.map((s) => [s.sector, s.n]));
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(750);
    expect(total).toBeLessThanOrEqual(850);
    expect(by.council).toBeGreaterThanOrEqual(420);
    expect(by.council).toBeLessThanOrEqual(480);
    expect(by.contractor).toBeGreaterThanOrEqual(130);
    expect(by.contractor).toBeLessThanOrEqual(170);
    expect(by.school).toBeGreaterThanOrEqual(160);
    expect(by.school).toBeLessThanOrEqual(200);
    expect(by.partner).toBeGreaterThanOrEqual(15);
    expect(by.partner).toBeLessThanOrEqual(25);

    const facts = await queryOne<{
      leavers: number;
      recent: number;
      long_serving: number;
      unidentified: number;
      future_leavers: number;
    }>(
      db,
      sql`select
        count(*) filter (where leaving_date is not null)::int as leavers,
        count(*) filter (where start_date > ${TODAY}::date - 60)::int as recent,
        count(*) filter (where start_date < ${TODAY}::date - 365 * 14)::int as long_serving,
        count(*) filter (where email is null or external_ref is null)::int as unidentified,
        count(*) filter (where leaving_date >= ${TODAY}::date)::int as future_leavers
      from people`,
    );
    expect(facts!.leavers).toBeGreaterThanOrEqual(total * 0.01);
    expect(facts!.leavers).toBeLessThanOrEqual(total * 0.06);
    expect(facts!.recent).toBeGreaterThan(5);
    expect(facts!.long_serving).toBeGreaterThan(0);
    expect(facts!.unidentified).toBe(0);
    expect(facts!.future_leavers).toBe(0);

    // Every school has exactly one DSL; every school person is tagged school_staff or governor.
    const schoolsWithoutOneDsl = await count(
      db,
      sql`select count(*)::int as n from organisations s
          where s.kind = 'school'
            and (select count(*) from people p where p.organisation_id = s.id and 'dsl' = any(p.profile_tags)) <> 1`,
    );
    expect(schoolsWithoutOneDsl).toBe(0);
    const untagged = await count(
      db,
      sql`select count(*)::int as n from people p join organisations o on o.id = p.organisation_id
          where o.sector = 'school' and not (p.profile_tags && array['school_staff', 'governor'])`,
    );
    expect(untagged).toBe(0);
    const governors = await count(
      db,
      sql`select count(*)::int as n from people where 'governor' = any(profile_tags) and employment_type = 'volunteer'`,
    );
    expect(governors).toBeGreaterThan(3);

    // Heads of service report to a director, who reports to the chief executive.
    const headsNotUnderDirector = await count(
      db,
      sql`select count(*)::int as n from organisations s
          where s.kind = 'service'
            and not exists (
              select 1 from people h join people d on d.id = h.line_manager_id
              join organisations dorg on dorg.id = d.organisation_id
              join people ceo on ceo.id = d.line_manager_id and ceo.line_manager_id is null
              where h.organisation_id = s.id and dorg.id = s.parent_id)`,
    );
    expect(headsNotUnderDirector).toBe(0);
  });

  it("has the catalogue and requirements with their courses", async () => {
    expect(await count(db, sql`select count(*)::int as n from courses`)).toBe(CATALOGUE.length);
    expect(await count(db, sql`select count(*)::int as n from courses where not bookable`)).toBe(1);
    expect(await count(db, sql`select count(*)::int as n from requirements where source is not null`)).toBe(
      REQUIREMENTS.length,
    );
    expect(await count(db, sql`select count(*)::int as n from requirement_courses`)).toBe(
      REQUIREMENTS.reduce((n, r) => n + r.courseCodes.length, 0),
    );
  });

  it("schedules upcoming sessions and records delivered ones", async () => {
    const sessions = await queryOne<{
      upcoming: number;
      cancelled: number;
      delivered: number;
      too_late: number;
      too_early: number;
      odd_capacity: number;
      closes_late: number;
      weekend: number;
    }>(
      db,
      sql`select
        count(*) filter (where starts_at > ${TODAY}::date and status = 'scheduled')::int as upcoming,
        count(*) filter (where starts_at > ${TODAY}::date and status = 'cancelled')::int as cancelled,
        count(*) filter (where starts_at < ${TODAY}::date and status = 'delivered')::int as delivered,
        count(*) filter (where starts_at > ${TODAY}::date + 92)::int as too_late,
        count(*) filter (where starts_at < ${TODAY}::date - 365 * 3 - 1)::int as too_early,
        count(*) filter (where capacity < 12 or capacity > 30)::int as odd_capacity,
        count(*) filter (where booking_closes_at >= starts_at)::int as closes_late,
        count(*) filter (where extract(isodow from starts_at at time zone 'Europe/London') > 5)::int as weekend
      from course_sessions`,
    );
    expect(sessions!.upcoming + sessions!.cancelled).toBeGreaterThanOrEqual(35);
    expect(sessions!.upcoming + sessions!.cancelled).toBeLessThanOrEqual(45);
    expect(sessions!.cancelled).toBe(1);
    expect(sessions!.delivered).toBeGreaterThanOrEqual(55);
    expect(sessions!.delivered).toBeLessThanOrEqual(65);
    expect(
      sessions!.too_late + sessions!.too_early + sessions!.odd_capacity + sessions!.closes_late + sessions!.weekend,
    ).toBe(0);

    const fullWithWaitlist = await count(
      db,
      sql`select count(*)::int as n from course_sessions s
          where s.status = 'scheduled'
            and (select count(*) from bookings b where b.session_id = s.id and b.status = 'booked') = s.capacity
            and (select count(*) from bookings b where b.session_id = s.id and b.status = 'waitlisted' and b.waitlisted_at is not null) > 0`,
    );
    expect(fullWithWaitlist).toBe(1);
    const overbooked = await count(
      db,
      sql`select count(*)::int as n from course_sessions s
          where (select count(*) from bookings b where b.session_id = s.id and b.status in ('booked', 'attended')) > s.capacity`,
    );
    expect(overbooked).toBe(0);
    const liveOnCancelled = await count(
      db,
      sql`select count(*)::int as n from bookings b join course_sessions s on s.id = b.session_id
          where s.status = 'cancelled' and b.status <> 'cancelled'`,
    );
    expect(liveOnCancelled).toBe(0);
    const unbookableSessions = await count(
      db,
      sql`select count(*)::int as n from course_sessions s join courses c on c.id = s.course_id
          where not c.bookable or c.delivery_mode not in ('face_to_face', 'live_online')
             or (c.delivery_mode = 'live_online' and s.joining_link is null)`,
    );
    expect(unbookableSessions).toBe(0);
  });

  it("ties every attended booking to its completion", async () => {
    const attendedWithout = await count(
      db,
      sql`select count(*)::int as n from bookings b
          where b.status = 'attended'
            and not exists (select 1 from completions c
                            where c.booking_id = b.id and c.session_id = b.session_id
                              and c.person_id = b.person_id and c.source = 'attendance' and c.revoked_at is null)`,
    );
    expect(attendedWithout).toBe(0);
    const attendanceWithoutBooking = await count(
      db,
      sql`select count(*)::int as n from completions c
          left join bookings b on b.id = c.booking_id
          left join course_sessions s on s.id = c.session_id
          where c.source = 'attendance'
            and (b.id is null or s.id is null or b.status <> 'attended' or s.status <> 'delivered'
                 or c.completed_on <> (s.starts_at at time zone 'Europe/London')::date)`,
    );
    expect(attendanceWithoutBooking).toBe(0);
    const absentWithCompletion = await count(
      db,
      sql`select count(*)::int as n from bookings b join completions c on c.booking_id = b.id where b.status <> 'attended'`,
    );
    expect(absentWithCompletion).toBe(0);
  });

  it("dates completions consistently and gives each a random certificate code", async () => {
    const facts = await queryOne<{
      total: number;
      wrong_expiry: number;
      bad_codes: number;
      distinct_codes: number;
      revoked: number;
      future: number;
      before_start: number;
      old_wrap: number;
      wrap_not_imported: number;
    }>(
      db,
      sql`select
        count(*)::int as total,
        count(*) filter (where c.expires_on is distinct from
          case when k.validity_months is null then null
               else (c.completed_on + make_interval(months => k.validity_months))::date end)::int as wrong_expiry,
        count(*) filter (where c.certificate_code !~ '^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$')::int as bad_codes,
        count(distinct c.certificate_code)::int as distinct_codes,
        count(*) filter (where c.revoked_at is not null and c.revoke_reason is not null)::int as revoked,
        count(*) filter (where c.completed_on >= ${TODAY}::date)::int as future,
        count(*) filter (where c.completed_on < p.start_date)::int as before_start,
        count(*) filter (where k.code = 'PREV-WRAP' and c.source = 'import'
                         and c.completed_on between ${TODAY}::date - interval '5 years' and ${TODAY}::date - interval '3 years')::int as old_wrap,
        count(*) filter (where k.code = 'PREV-WRAP' and c.source <> 'import')::int as wrap_not_imported
      from completions c join courses k on k.id = c.course_id join people p on p.id = c.person_id`,
    );
    expect(facts!.total).toBeGreaterThan(1_000);
    expect(facts!.wrong_expiry).toBe(0);
    expect(facts!.bad_codes).toBe(0);
    expect(facts!.distinct_codes).toBe(facts!.total);
    expect(facts!.revoked).toBe(2);
    expect(facts!.future).toBe(0);
    expect(facts!.before_start).toBe(0);
    expect(facts!.old_wrap).toBeGreaterThan(10);
    expect(facts!.wrap_not_imported).toBe(0);

    // Council frontline Prevent awareness: a mix of current, expiring, expired and missing.
    const statuses = await queryOne<{
      current: number;
      expiring: number;
      expired: number;
      missing: number;
      total: number;
    }>(
      db,
      sql`with audience as (
            select p.id from people p join organisations o on o.id = p.organisation_id
            where o.sector = 'council' and 'frontline' = any(p.profile_tags) and p.leaving_date is null
          ), latest as (
            select a.id, max(c.expires_on) as until from audience a
            left join completions c on c.person_id = a.id and c.revoked_at is null
              and c.course_id in (select id from courses where code in ('PREV-WRAP', 'PREV-HO-AWARE', 'PREV-WORKSHOP'))
            group by a.id
          )
          select count(*) filter (where until > ${TODAY}::date + 60)::int as current,
                 count(*) filter (where until > ${TODAY}::date and until <= ${TODAY}::date + 60)::int as expiring,
                 count(*) filter (where until <= ${TODAY}::date)::int as expired,
                 count(*) filter (where until is null)::int as missing,
                 count(*)::int as total
          from latest`,
    );
    expect(statuses!.current / statuses!.total).toBeGreaterThan(0.55);
    expect(statuses!.current / statuses!.total).toBeLessThan(0.85);
    expect(statuses!.expiring).toBeGreaterThan(5);
    expect(statuses!.expired).toBeGreaterThan(5);
    expect(statuses!.missing).toBeGreaterThan(5);
  });

  it("creates the demo accounts with their roles and the demo password", async () => {
    const rows = await queryRows<{
      id: string;
      email: string;
      person_email: string;
      display_name: string;
      given_name: string;
      family_name: string;
      password_hash: string;
      roles: string[];
      manager_scope: number | null;
      person_id: number;
    }>(
      db,
      sql`select a.id, a.email, p.email as person_email, a.display_name, p.given_name, p.family_name,
                 a.password_hash, a.person_id,
                 array(select g.role::text from role_grants g where g.account_id = a.id order by g.role::text) as roles,
                 (select g.person_id from role_grants g where g.account_id = a.id and g.role = 'manager') as manager_scope
          from accounts a join people p on p.id = a.person_id order by a.id`,
    );
    expect(rows.map((r) => r.id)).toEqual(DEMO_ACCOUNTS.map((a) => a.id).sort());
    const hashes = new Set(rows.map((r) => r.password_hash));
    expect(hashes.size).toBe(1);
    for (const row of rows) {
      const expected = DEMO_ACCOUNTS.find((a) => a.id === row.id)!;
      expect(row.email).toBe(expected.email);
      expect(row.person_email).toBe(expected.email);
      expect(row.display_name).toBe(`${row.given_name} ${row.family_name}`);
      expect(row.roles).toEqual([...expected.roles].sort());
      expect(row.roles).toContain("learner");
    }
    expect(await verifyPassword(rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(rows[0]!.password_hash, "not-the-password")).toBe(false);

    const manager = rows.find((r) => r.id === "demo-manager")!;
    expect(manager.manager_scope).toBe(manager.person_id);
    const coordinator = await queryOne<{ job_title: string; org: string }>(
      db,
      sql`select p.job_title, o.name as org from people p join organisations o on o.id = p.organisation_id
          where p.email = 'coordinator@example.com'`,
    );
    expect(coordinator).toEqual({ job_title: "Prevent Coordinator", org: "Community Safety" });
  });

  it("gives the school lead a school with staff, and the contract manager a company with staff", async () => {
    const leads = await queryRows<{ id: string; org: string; kind: string; job_title: string; staff: number }>(
      db,
      sql`select a.id, o.name as org, o.kind::text as kind, p.job_title,
                 (select count(*)::int from people s where s.organisation_id = o.id and s.leaving_date is null) as staff
          from accounts a join role_grants g on g.account_id = a.id join organisations o on o.id = g.organisation_id
          join people p on p.id = a.person_id
          where g.role in ('school_lead', 'contract_manager') order by a.id`,
    );
    expect(leads.map(({ staff: _, ...lead }) => lead)).toEqual([
      {
        id: "demo-contract-manager",
        org: "Active Northbridge Leisure Ltd",
        kind: "contractor",
        job_title: "Contract Manager",
      },
      { id: "demo-school-lead", org: "Northbridge Academy", kind: "school", job_title: expect.any(String) },
    ]);
    for (const lead of leads) expect(lead.staff).toBeGreaterThan(5);
  });

  it("puts the learner in the manager's team, with something due and a booking", async () => {
    const learner = await queryOne<{
      id: number;
      line_manager_id: number;
      manager_email: string;
      direct_reports: number;
    }>(
      db,
      sql`select p.id, p.line_manager_id, m.email as manager_email,
                 (select count(*)::int from people r where r.line_manager_id = m.id) as direct_reports
          from people p join people m on m.id = p.line_manager_id
          where p.email = 'learner@example.com'`,
    );
    expect(learner!.manager_email).toBe("manager@example.com");
    expect(learner!.direct_reports).toBeGreaterThanOrEqual(7);
    expect(learner!.direct_reports).toBeLessThanOrEqual(9);
    const managersInTeam = await count(
      db,
      sql`select count(*)::int as n from people r
          where r.line_manager_id = ${learner!.line_manager_id}
            and exists (select 1 from people x where x.line_manager_id = r.id)`,
    );
    expect(managersInTeam).toBeGreaterThan(0);

    const record = await queryOne<{ completions: number; prevent_until: string; upcoming: number }>(
      db,
      sql`select
        (select count(*)::int from completions c where c.person_id = ${learner!.id}) as completions,
        (select max(c.expires_on)::text from completions c join courses k on k.id = c.course_id
           where c.person_id = ${learner!.id} and c.revoked_at is null
             and k.code in ('PREV-WRAP', 'PREV-HO-AWARE', 'PREV-WORKSHOP')) as prevent_until,
        (select count(*)::int from bookings b join course_sessions s on s.id = b.session_id
           where b.person_id = ${learner!.id} and b.status = 'booked' and s.status = 'scheduled'
             and s.starts_at > ${TODAY}::date) as upcoming`,
    );
    expect(record!.completions).toBeGreaterThanOrEqual(2);
    expect(record!.prevent_until <= "2027-01-24").toBe(true);
    expect(record!.upcoming).toBe(1);

    const trainerSessions = await queryOne<{ past: number; upcoming: number }>(
      db,
      sql`select count(*) filter (where s.starts_at < ${TODAY}::date)::int as past,
                 count(*) filter (where s.starts_at > ${TODAY}::date)::int as upcoming
          from course_sessions s join people p on p.id = s.trainer_person_id
          where p.email = 'trainer@example.com'`,
    );
    expect(trainerSessions!.past).toBeGreaterThanOrEqual(3);
    expect(trainerSessions!.upcoming).toBeGreaterThanOrEqual(3);
  });

  it("records the seeding in the audit log, after what the demo's people did through the service", async () => {
    const events = await queryRows<{ action: string; actor_account_id: string | null }>(
      db,
      sql`select action, actor_account_id from audit_events order by id`,
    );
    // The e-learning package, the evidence waiting and the demo manager's workshop go through the
    // domain's own functions, which audit them as the demo accounts that did them.
    expect(events).toEqual([
      { action: "elearning.package-upload", actor_account_id: "demo-coordinator" },
      { action: "evidence.submit", actor_account_id: "demo-coordinator" },
      { action: "completion.record", actor_account_id: "demo-trainer" },
      { action: "seed.demo", actor_account_id: null },
    ]);
  });

  it("refuses a database that is not empty", async () => {
    await expect(seedDemo(db, { today: TODAY })).rejects.toThrow(/not empty/);
  });

  it("gives the same rows for the same day on a fresh database", async () => {
    const first = await fingerprint(db);
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { today: TODAY });
      expect(await fingerprint(other.db)).toEqual(first);
    } finally {
      await other.close();
    }
  });
});
