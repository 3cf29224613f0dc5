import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../db/database";

/**
 * The demo's past no-shows and late cancellations charged as the service would have charged them
 * (the migration's rates: partners and contractors £50, council and schools nothing), to the
 * organisation under the sector's root that holds the person, so the charges report has figures on
 * day one. Returns how many bookings were charged.
 */
export async function writeDemoCharges(tx: Database): Promise<number> {
  const row = await queryOne<{ n: number }>(
    tx,
    sql`with charged as (
          update bookings b set
            charge_pence = case when b.status = 'absent' then r.no_show_pence else r.late_cancellation_pence end,
            charge_organisation_id =
              coalesce(nullif(split_part(o.path, '.', 2), '')::int, split_part(o.path, '.', 1)::int)
          from people p, organisations o, charge_rates r
          where p.id = b.person_id and o.id = p.organisation_id and r.sector = o.sector::text::charge_sector
            and (b.status = 'absent' or (b.status = 'cancelled' and b.late_cancellation))
            and (case when b.status = 'absent' then r.no_show_pence else r.late_cancellation_pence end) > 0
          returning b.id)
        select count(*)::int as n from charged`,
  );
  return row?.n ?? 0;
}
