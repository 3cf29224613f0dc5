/**
 * The audit log at a realistic size: years of events like the service's own (changes with the
 * record before and after, and reads of personal data), added to a built data set as a step of
 * its own. It checks its own marker (bench.audit_fill), so a data set built before it existed
 * need not be built again, and another size replaces the events it added before.
 *
 * Set-based SQL like the rest of the data set (sql-random.ts): each event's kind, actor, subject
 * and record are hashes of its row number and the seed; events are spread evenly over the ten
 * years before the "as of" date, oldest first, so ids rise with time as they do in the service.
 * Nothing counts audit events in coverage or the fingerprint: the data set's figures are unchanged.
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../app/db/database";
import type { ProgressReporter } from "./dataset";
import { lit, SqlRandom, textArray } from "./sql-random";

/**
 * The default: 2,000,000 events, about four per person a year over the data set's ten years
 * (~1.5 million was the issue's measured log; --audit-events=10000000 is its target). Built in
 * about a minute on PostgreSQL here.
 */
export const DEFAULT_AUDIT_EVENTS = 2_000_000;

const MARKER = "bench.audit_fill";
const YEARS_BACK_DAYS = 3650;
const CHUNK = 250_000;

/** What one event is: its action, the kind of record, and whether it names a person. */
const KINDS: ReadonlyArray<{ action: string; entity: string; weight: number }> = [
  { action: "completion.record", entity: "completion", weight: 28 },
  { action: "booking.book", entity: "booking", weight: 12 },
  { action: "booking.mark-attended", entity: "booking", weight: 8 },
  { action: "booking.cancel", entity: "booking", weight: 3 },
  { action: "person.update", entity: "person", weight: 4 },
  { action: "person.create", entity: "person", weight: 1 },
  { action: "import.person.update", entity: "person", weight: 4 },
  { action: "person.viewed", entity: "person", weight: 18 },
  { action: "certificate.downloaded", entity: "completion", weight: 10 },
  { action: "export.downloaded", entity: "export", weight: 2 },
  { action: "account.sign-in", entity: "account", weight: 10 },
];

/** The data set's accounts (dataset.ts), the system (null) doing imports and scheduled work. */
const ACTORS: ReadonlyArray<readonly [string | null, number]> = [
  ["bench-coordinator", 40],
  ["bench-manager", 20],
  ["bench-education-officer", 10],
  ["bench-learner", 10],
  [null, 20],
];

export interface AuditFill {
  events: number;
  /** Seconds the fill took when it was made. */
  seconds: number;
  /** Rows in audit_events now (the fill and whatever the service and the runs wrote). */
  total: number;
}

function spread<T>(items: ReadonlyArray<readonly [T, number]>): T[] {
  return items.flatMap(([item, weight]) => Array.from({ length: weight }, () => item));
}

async function markerRow(
  db: Database,
): Promise<{ events: number; first_id: number | null; complete: boolean; seconds: number } | undefined> {
  await db.execute(
    sql.raw(`create table if not exists ${MARKER} (id int primary key, events int8 not null,
      first_id int8, complete boolean not null default false, seconds float8 not null default 0)`),
  );
  return queryOne(
    db,
    sql.raw(
      `select events::float8 as events, first_id::float8 as first_id, complete, seconds from ${MARKER} where id = 1`,
    ),
  );
}

async function auditTotal(db: Database): Promise<number> {
  // The planner's estimate: an exact count of ten million rows is what the audit log must not need.
  const row = await queryOne<{ n: number }>(
    db,
    sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'audit_events'::regclass`,
  );
  return Math.round(row?.n ?? 0);
}

/**
 * Brings the bench's audit events to `events` (0 removes them): nothing to do when the marker
 * says so; otherwise the events added before go and the new ones are made.
 */
export async function fillAuditEvents(
  db: Database,
  options: { seed: number; asOf: string; events: number },
  progress: ProgressReporter,
): Promise<AuditFill> {
  if (!Number.isInteger(options.events) || options.events < 0) throw new RangeError("events must be 0 or more");
  const existing = await markerRow(db);
  if (existing?.complete && existing.events === options.events) {
    return { events: existing.events, seconds: existing.seconds, total: await auditTotal(db) };
  }
  const started = performance.now();
  if (existing?.first_id != null) {
    progress("audit events: removing the earlier fill", existing.events);
    await db.execute(
      sql.raw(`delete from audit_events where id >= ${existing.first_id}
      and id < ${existing.first_id} + ${existing.events}`),
    );
  }
  const next = await queryOne<{ id: number }>(
    db,
    sql`select (coalesce((select max(id) from audit_events), 0) + 1)::float8 as id`,
  );
  const firstId = next!.id;
  await db.execute(
    sql.raw(`insert into ${MARKER} (id, events, first_id, complete) values (1, ${options.events}, ${firstId}, false)
      on conflict (id) do update set events = excluded.events, first_id = excluded.first_id, complete = false`),
  );

  const R = new SqlRandom(options.seed);
  const kinds = spread(KINDS.map((k, i) => [i + 1, k.weight] as const));
  const actions = textArray(KINDS.map((k) => k.action));
  const entities = textArray(KINDS.map((k) => k.entity));
  const actors = `array[${spread(ACTORS)
    .map((a) => (a === null ? "null" : lit(a)))
    .join(", ")}]::text[]`;
  const people = (await queryOne<{ n: number }>(db, sql`select coalesce(max(id), 1)::int as n from people`))!.n;
  const completions = (await queryOne<{ n: number }>(db, sql`select coalesce(max(id), 1)::int as n from completions`))!
    .n;
  const bookings = (await queryOne<{ n: number }>(db, sql`select coalesce(max(id), 1)::int8 as n from bookings`))!.n;
  const secondsApart = (YEARS_BACK_DAYS * 86_400) / Math.max(1, options.events);
  const from = `((${lit(options.asOf)}::date - ${YEARS_BACK_DAYS} + time '08:00') at time zone 'Europe/London')`;

  for (let a = 1; a <= options.events; a += CHUNK) {
    const b = Math.min(options.events, a + CHUNK - 1);
    // Ids are given (firstId + n - 1), so the marker's range is exactly the fill's rows.
    await db.execute(
      sql.raw(`insert into audit_events (id, occurred_at, actor_account_id, action, entity_type, entity_id,
        subject_person_id, before, after)
      overriding system value
      select ${firstId} - 1 + x.n, x.at, x.actor, (${actions})[x.k], (${entities})[x.k],
        case (${entities})[x.k]
          when 'person' then x.person::text
          when 'completion' then x.completion::text
          when 'booking' then x.booking::text
          when 'export' then (array['people.csv', 'team.csv', 'completions.csv', 'sessions.csv'])[1 + x.n % 4]
          else coalesce(x.actor, 'bench-coordinator') end,
        case when (${entities})[x.k] in ('export', 'account') then null else x.person end,
        case when (${actions})[x.k] in ('person.update', 'import.person.update', 'booking.cancel', 'booking.mark-attended')
          then jsonb_build_object('jobTitle', 'Officer', 'status', 'booked', 'organisationId', 1 + x.n % 1900) end,
        case
          when (${actions})[x.k] in ('person.viewed', 'account.sign-in') then null
          when (${actions})[x.k] = 'export.downloaded' then jsonb_build_object('rows', 1 + x.n % 5000, 'filters', jsonb_build_object('organisationId', 1 + x.n % 1900))
          when (${actions})[x.k] = 'certificate.downloaded' then jsonb_build_object('course', 'PREVENT-AWARE', 'completedOn', (x.at at time zone 'Europe/London')::date::text)
          else jsonb_build_object('jobTitle', 'Senior Officer', 'status', 'attended', 'organisationId', 1 + x.n % 1900,
            'completedOn', (x.at at time zone 'Europe/London')::date::text) end
      from (
        select n,
          ${from} + make_interval(secs => (n - 1) * ${secondsApart}) as at,
          (${`array[${kinds.join(", ")}]::int[]`})[1 + ${R.below("n", 70, kinds.length)}] as k,
          ${R.pick("n", 71, actors)} as actor,
          1 + ${R.below("n", 72, people)} as person,
          1 + ${R.below("n", 73, completions)} as completion,
          1 + ${R.below("n", 74, bookings)}::int8 as booking
        from generate_series(${a}, ${b}) n
      ) x`),
    );
    progress("audit events", b, options.events);
  }
  await db.execute(
    sql.raw(
      `select setval(pg_get_serial_sequence('audit_events', 'id'), (select max(id) from audit_events) + 1, false)`,
    ),
  );
  progress("audit events: analyze", options.events);
  await db.execute(sql`analyze audit_events`);
  const seconds = (performance.now() - started) / 1000;
  await db.execute(sql.raw(`update ${MARKER} set complete = true, seconds = ${seconds} where id = 1`));
  return { events: options.events, seconds, total: await auditTotal(db) };
}
