import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";

export type SessionFigures = {
  booked: number;
  attended: number;
  /** Marked absent. */
  noShows: number;
  waiting: number;
  cancelled: number;
  /** Cancelled after the cut-off. */
  lateCancellations: number;
  /** Places handed to a colleague (the original bookings, cancelled). */
  handedOver: number;
  /** Charges for the no-shows and late cancellations, in pence. */
  chargedPence: number;
};

/** A session's figures: who is booked, came, did not come, is waiting, cancelled (late), and what it charged. */
export async function sessionFigures(db: Database, sessionId: number): Promise<SessionFigures> {
  const row = await queryOne<SessionFigures>(
    db,
    sql`select count(*) filter (where status = 'booked')::int as booked,
          count(*) filter (where status = 'attended')::int as attended,
          count(*) filter (where status = 'absent')::int as "noShows",
          count(*) filter (where status = 'waitlisted')::int as waiting,
          count(*) filter (where status = 'cancelled')::int as cancelled,
          count(*) filter (where status = 'cancelled' and late_cancellation)::int as "lateCancellations",
          count(*) filter (where status = 'cancelled' and exists (
            select 1 from bookings s where s.substitutes_booking_id = bookings.id))::int as "handedOver",
          coalesce(sum(charge_pence) filter (where status = 'absent' or (status = 'cancelled' and late_cancellation)), 0)::int
            as "chargedPence"
        from bookings where session_id = ${sessionId}`,
  );
  return row!;
}
