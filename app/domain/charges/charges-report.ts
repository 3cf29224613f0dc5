import { type SQL, sql } from "drizzle-orm";
import { readInBatches } from "../../db/batches";
import { type Database, queryRows } from "../../db/database";
import type { Sector } from "../../lib/values";

export { CHARGE_KIND_LABELS, formatPence } from "./values";

export type ChargeLine = {
  bookingId: number;
  organisationId: number;
  organisationName: string;
  sector: Sector;
  personName: string;
  employeeNumber: string | null;
  email: string | null;
  courseCode: string;
  courseTitle: string;
  sessionId: number;
  /** The session's start, "YYYY-MM-DD HH:MM" in London. */
  sessionStartsAt: string;
  /** The same instant as an ISO timestamp, for formatDateTime. */
  sessionStartsAtIso: string;
  kind: "no_show" | "late_cancellation";
  /** When the person was marked absent or cancelled, "YYYY-MM-DD HH:MM" in London. */
  happenedAt: string | null;
  pence: number;
};

export type OrganisationCharges = {
  organisationId: number;
  organisationName: string;
  sector: Sector;
  noShows: number;
  lateCancellations: number;
  pence: number;
};

type ChargeSqlRow = {
  booking_id: number;
  organisation_id: number;
  organisation_name: string;
  sector: Sector;
  person_name: string;
  employee_number: string | null;
  email: string | null;
  course_code: string;
  course_title: string;
  session_id: number;
  session_starts_at: string;
  session_starts_at_iso: string;
  kind: "no_show" | "late_cancellation";
  happened_at: string | null;
  pence: number;
};

/** The bookings charged for sessions held between two London dates, as the lines' columns. */
function chargesSql(period: { start: string; end: string }): { select: SQL } {
  const from = sql`from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        join people p on p.id = b.person_id
        join organisations o on o.id = b.charge_organisation_id
        where b.charge_pence > 0
          and (b.status = 'absent' or (b.status = 'cancelled' and b.late_cancellation))
          and (s.starts_at at time zone 'Europe/London')::date between ${period.start}::date and ${period.end}::date`;
  const select = sql`select b.id as booking_id, o.id as organisation_id, o.name as organisation_name, o.sector::text as sector,
          p.given_name || ' ' || p.family_name as person_name, p.external_ref as employee_number, p.email,
          c.code as course_code, c.title as course_title, s.id as session_id,
          to_char(s.starts_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as session_starts_at,
          to_char(s.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as session_starts_at_iso,
          case when b.status = 'absent' then 'no_show' else 'late_cancellation' end as kind,
          to_char(coalesce(case when b.status = 'absent' then b.attendance_marked_at else b.cancelled_at end)
            at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as happened_at,
          b.charge_pence as pence
        ${from}`;
  return { select };
}

/** By the organisation the charge goes to, then the session, then the person. */
const CHARGES_ORDER = sql`o.name, o.id, s.starts_at, p.family_name, p.given_name, b.id`;

function chargeLine(r: ChargeSqlRow): ChargeLine {
  return {
    bookingId: r.booking_id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    sector: r.sector,
    personName: r.person_name,
    employeeNumber: r.employee_number,
    email: r.email,
    courseCode: r.course_code,
    courseTitle: r.course_title,
    sessionId: r.session_id,
    sessionStartsAt: r.session_starts_at,
    sessionStartsAtIso: r.session_starts_at_iso,
    kind: r.kind,
    happenedAt: r.happened_at,
    pence: r.pence,
  };
}

/**
 * The charges for sessions held between two London dates (a quarter, for invoicing): every booking
 * with a charge, by the organisation it goes to, then the person. A session's date puts its
 * charges in a quarter, whether a no-show or a late cancellation.
 */
export async function listCharges(db: Database, period: { start: string; end: string }): Promise<ChargeLine[]> {
  const { select } = chargesSql(period);
  const rows = await queryRows<ChargeSqlRow>(db, sql`${select} order by ${CHARGES_ORDER}`);
  return rows.map(chargeLine);
}

/**
 * listCharges' lines a batch at a time, for the CSV (readInBatches: a cursor over one snapshot on
 * PostgreSQL; on PGlite pages by offset, as a quarter's charges number hundreds or thousands, and
 * the order's keyset would need the session's instant carried in every row).
 */
export function chargesExportPages(
  db: Database,
  period: { start: string; end: string },
  pageSize = 2000,
): AsyncGenerator<ChargeLine[]> {
  const { select } = chargesSql(period);
  return readInBatches<ChargeSqlRow, ChargeLine>(
    db,
    (page) => sql`${select} order by ${CHARGES_ORDER} ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
    { batchSize: pageSize, expand: async (_db, rows) => rows.map(chargeLine) },
  );
}

/** The lines added up per organisation, in the lines' order. */
export function chargesByOrganisation(lines: readonly ChargeLine[]): OrganisationCharges[] {
  const byId = new Map<number, OrganisationCharges>();
  for (const line of lines) {
    let org = byId.get(line.organisationId);
    if (!org) {
      org = {
        organisationId: line.organisationId,
        organisationName: line.organisationName,
        sector: line.sector,
        noShows: 0,
        lateCancellations: 0,
        pence: 0,
      };
      byId.set(line.organisationId, org);
    }
    if (line.kind === "no_show") org.noShows++;
    else org.lateCancellations++;
    org.pence += line.pence;
  }
  return [...byId.values()];
}
