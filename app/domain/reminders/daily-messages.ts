import { type SQL, sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { addDaysToDate, londonDateTimeToInstant, todayInLondon } from "../../lib/dates";
import { keptCoverageUpToDate, keptRequirementRowsSql, keptStatusesSql } from "../kept-coverage/readers";
import { outboxReasonSql, outboxStatusSql } from "../notifications/notify";

/** Days before a session when its reminders go, as safeguarding partnerships send them. */
export const SESSION_REMINDER_DAYS = [14, 5] as const;
/** Days before a session when its joining instructions go. */
export const JOINING_INSTRUCTIONS_DAYS = 5;
/** Days before training expires when the person (and a copy to their manager) is told. */
export const EXPIRY_NOTICE_DAYS = [90, 30] as const;
/** The days of the month a manager's digest may go (the 1st; the 2nd and 3rd catch up a service that was down). */
export const DIGEST_DAYS_OF_MONTH = [1, 2, 3] as const;

export interface DailyMessageCounts {
  "session.reminder": number;
  "session.joining-instructions": number;
  "requirement.expiring": number;
  "team.requirement-expiring": number;
  "requirement.expired": number;
  "team.digest": number;
}

/** An instant as the ISO text the other messages store (2026-11-24T09:30:00.000Z). */
function isoSql(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Runs one insert … select into the outbox (on conflict (dedupe_key) do nothing) and counts the rows it wrote. */
async function owe(db: Database, select: SQL): Promise<number> {
  const row = await queryOne<{ n: number }>(
    db,
    sql`with written as (
          insert into notifications (kind, recipient_person_id, recipient_email, details, status, last_error, dedupe_key)
          select m.kind, m.recipient_person_id, m.email, m.details,
            ${outboxStatusSql(sql`m.email`)}, ${outboxReasonSql(sql`m.email`)}, m.dedupe_key
          from (${select}) m
          order by m.dedupe_key
          on conflict (dedupe_key) do nothing
          returning 1
        ) select count(*)::int as n from written`,
  );
  return row?.n ?? 0;
}

/** A person's address, or null when they have none (the outbox then records why it was skipped). */
const email = (alias: string) => sql.raw(`nullif(btrim(${alias}.email), '')`);

/**
 * Bookings still held on scheduled sessions that start on a London calendar date, as the
 * columns `owe` reads, with the session's details.
 */
function bookingsOnDateSql(input: { onDate: string; today: string; kind: string; keyPrefix: string; extra: SQL }): SQL {
  const from = londonDateTimeToInstant(input.onDate, "00:00");
  const to = londonDateTimeToInstant(addDaysToDate(input.onDate, 1), "00:00");
  return sql`select ${input.kind}::text as kind, b.person_id as recipient_person_id, ${email("p")} as email,
      jsonb_build_object(
        'sessionId', s.id, 'bookingId', b.id, 'courseTitle', c.title,
        'startsAt', ${isoSql(sql`s.starts_at`)}, 'endsAt', ${isoSql(sql`s.ends_at`)},
        'venue', s.venue, 'joiningLink', s.joining_link
      ) || ${input.extra} as details,
      ${input.keyPrefix}::text || ':booking:' || b.id || ':' || ${input.onDate}::text as dedupe_key
    from course_sessions s
    join bookings b on b.session_id = s.id and b.status = 'booked'
    join courses c on c.id = s.course_id
    join people p on p.id = b.person_id
    where s.status = 'scheduled' and s.starts_at >= ${from.toISOString()}::timestamptz
      and s.starts_at < ${to.toISOString()}::timestamptz
      and (p.leaving_date is null or p.leaving_date > ${input.today}::date)`;
}

/**
 * Requirements whose held training runs out on a date (the first day it no longer counts), for
 * people in post today, from the kept rows (index on upper(held)).
 */
function runningOutSql(
  kept: SQL,
  input: { until: string; today: string; kind: string; keyPrefix: string; toManager: boolean; daysBefore: number },
): SQL {
  const recipient = input.toManager ? "m" : "p";
  return sql`select ${input.kind}::text as kind, ${sql.raw(recipient)}.id as recipient_person_id,
      ${email(recipient)} as email,
      jsonb_build_object(
        'personId', p.id, 'personName', p.given_name || ' ' || p.family_name,
        'requirementId', r.id, 'courseTitle', r.name, 'expiresOn', ${input.until}::text,
        'daysBefore', ${input.daysBefore}::int
      ) as details,
      ${input.keyPrefix}::text || ':person:' || p.id || ':requirement:' || r.id || ':' || ${input.until}::text as dedupe_key
    from ${kept} k
    join requirements r on r.id = k.requirement_id and r.retired_at is null
    join people p on p.id = k.person_id
    ${
      input.toManager
        ? sql`join people m on m.id = p.line_manager_id and (m.leaving_date is null or m.leaving_date > ${input.today}::date)`
        : sql``
    }
    where upper(k.held) = ${input.until}::date
      and k.start_date <= ${input.today}::date
      and (k.leaving_date is null or k.leaving_date > ${input.today}::date)`;
}

/**
 * The day's scheduled messages, written to the outbox in set-based statements: session reminders
 * 14 and 5 days before, joining instructions 5 days before, training expiring in 90 and 30 days
 * (to the person and a copy to their line manager), training expired today, and on the first days
 * of the month each manager's digest of their team. Dates are London's. Every message has a
 * dedupe key naming what it is about, so running again the same day (or on two instances at
 * once) owes nothing twice. Returns how many messages each kind wrote.
 */
export async function runDailyMessages(db: Database, input: { now: Date }): Promise<DailyMessageCounts> {
  const today = todayInLondon(input.now);
  const counts: DailyMessageCounts = {
    "session.reminder": 0,
    "session.joining-instructions": 0,
    "requirement.expiring": 0,
    "team.requirement-expiring": 0,
    "requirement.expired": 0,
    "team.digest": 0,
  };

  for (const days of SESSION_REMINDER_DAYS) {
    counts["session.reminder"] += await owe(
      db,
      bookingsOnDateSql({
        onDate: addDaysToDate(today, days),
        today,
        kind: "session.reminder",
        keyPrefix: `session-reminder-${days}`,
        extra: sql`jsonb_build_object('daysBefore', ${days}::int)`,
      }),
    );
  }
  counts["session.joining-instructions"] += await owe(
    db,
    bookingsOnDateSql({
      onDate: addDaysToDate(today, JOINING_INSTRUCTIONS_DAYS),
      today,
      kind: "session.joining-instructions",
      keyPrefix: "joining-instructions",
      extra: sql`jsonb_build_object('daysBefore', ${JOINING_INSTRUCTIONS_DAYS}::int, 'notes', s.notes)`,
    }),
  );

  const kept = keptRequirementRowsSql(await keptCoverageUpToDate(db));
  for (const days of EXPIRY_NOTICE_DAYS) {
    const until = addDaysToDate(today, days);
    counts["requirement.expiring"] += await owe(
      db,
      runningOutSql(kept, {
        until,
        today,
        kind: "requirement.expiring",
        keyPrefix: `expiring-${days}`,
        toManager: false,
        daysBefore: days,
      }),
    );
    counts["team.requirement-expiring"] += await owe(
      db,
      runningOutSql(kept, {
        until,
        today,
        kind: "team.requirement-expiring",
        keyPrefix: `expiring-${days}-manager`,
        toManager: true,
        daysBefore: days,
      }),
    );
  }
  counts["requirement.expired"] += await owe(
    db,
    runningOutSql(kept, {
      until: today,
      today,
      kind: "requirement.expired",
      keyPrefix: "expired",
      toManager: false,
      daysBefore: 0,
    }),
  );

  if ((DIGEST_DAYS_OF_MONTH as readonly number[]).includes(Number(today.slice(8, 10)))) {
    counts["team.digest"] += await owe(db, await digestsSql(db, today));
  }
  return counts;
}

/**
 * One digest per manager for the month: each account with a manager role that is live, linked to
 * a person and not opted out (accounts.receives_team_digest), with the counts of their team's
 * statuses today. A manager's team is what their grants reach: everyone reporting to the grant's
 * person, directly or further down, or everyone in the grant's organisation's subtree.
 */
async function digestsSql(db: Database, today: string): Promise<SQL> {
  const month = today.slice(0, 7);
  const statuses = keptStatusesSql(await keptCoverageUpToDate(db), {
    onDate: today,
    personCondition: sql`k.person_id in (select person_id from team)`,
  });
  return sql`with recursive managers as (
        select a.person_id as manager_id, g.person_id as reports_to, g.organisation_id
        from role_grants g
        join accounts a on a.id = g.account_id
        where g.role = 'manager' and a.disabled_at is null and a.person_id is not null and a.receives_team_digest
          -- The hourly runs after the first count nothing again for a manager already owed this month's.
          and not exists (select 1 from notifications n
            where n.dedupe_key = 'team-digest:' || ${month}::text || ':person:' || a.person_id)
      ),
      reports(manager_id, person_id) as (
        select m.manager_id, p.id from managers m join people p on p.line_manager_id = m.reports_to
        union
        select r.manager_id, p.id from reports r join people p on p.line_manager_id = r.person_id
      ),
      members as (
        select manager_id, person_id from reports
        union
        select m.manager_id, p.id
        from managers m
        join organisations mo on mo.id = m.organisation_id
        join organisations o on o.path like mo.path || '%'
        join people p on p.organisation_id = o.id
      ),
      team as (select distinct person_id from members),
      statuses as (${statuses}),
      counted as (
        select mb.manager_id,
          count(distinct mb.person_id)::int as people,
          count(*) filter (where st.status = 'current')::int as current,
          count(*) filter (where st.status = 'expiring')::int as expiring,
          count(*) filter (where st.status = 'expired')::int as expired,
          count(*) filter (where st.status = 'missing')::int as missing,
          count(*) filter (where st.status = 'not_yet_due')::int as not_yet_due
        from members mb join statuses st on st.person_id = mb.person_id
        group by mb.manager_id
      )
    select 'team.digest'::text as kind, mp.id as recipient_person_id, ${email("mp")} as email,
      jsonb_build_object(
        'month', ${month}::text, 'onDate', ${today}::text, 'people', c.people,
        'current', c.current, 'expiring', c.expiring, 'expired', c.expired,
        'missing', c.missing, 'notYetDue', c.not_yet_due
      ) as details,
      'team-digest:' || ${month}::text || ':person:' || mp.id as dedupe_key
    from counted c join people mp on mp.id = c.manager_id`;
}
