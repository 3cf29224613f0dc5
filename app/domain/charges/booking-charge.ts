import { sql } from "drizzle-orm";
import { type Database, queryOne } from "../../db/database";
import { recordAuditEvent } from "../audit/record-event";

export type ChargeKind = "no_show" | "late_cancellation";

/**
 * Charges a no-show or a late cancellation at the rate for the person's sector now
 * (charge_rates), to the organisation the invoice goes to: the organisation directly under the
 * sector's root that holds the person (the school, the company, the partner agency; a council
 * directorate), or the root itself for someone filed at the root. A rate of 0 charges nothing
 * (charge_pence stays null). Run in the transaction that records the no-show or the cancellation.
 */
export async function chargeBooking(
  db: Database,
  input: { bookingId: number; kind: ChargeKind; actorAccountId: string | null },
): Promise<{ pence: number; organisationId: number } | null> {
  const rate = input.kind === "no_show" ? sql`r.no_show_pence` : sql`r.late_cancellation_pence`;
  const charged = await queryOne<{ pence: number; organisation_id: number; person_id: number }>(
    db,
    sql`update bookings b set charge_pence = x.pence, charge_organisation_id = x.organisation_id, updated_at = now()
        from (
          select b2.id, ${rate} as pence, p.id as person_id,
            coalesce(nullif(split_part(o.path, '.', 2), '')::int, split_part(o.path, '.', 1)::int) as organisation_id
          from bookings b2
          join people p on p.id = b2.person_id
          join organisations o on o.id = p.organisation_id
          join charge_rates r on r.sector = o.sector::text::charge_sector
          where b2.id = ${input.bookingId} and ${rate} > 0
        ) x
        where b.id = x.id
        returning x.pence, x.organisation_id, x.person_id`,
  );
  if (!charged) return null;
  await recordAuditEvent(db, {
    actorAccountId: input.actorAccountId,
    action: "booking.charge",
    entityType: "booking",
    entityId: input.bookingId,
    subjectPersonId: charged.person_id,
    after: { kind: input.kind, chargePence: charged.pence, chargeOrganisationId: charged.organisation_id },
  });
  return { pence: charged.pence, organisationId: charged.organisation_id };
}

/** Undoes a booking's charge (a no-show corrected to attended); audited when there was one. */
export async function clearCharge(db: Database, input: { bookingId: number; actorAccountId: string | null }) {
  const cleared = await queryOne<{ pence: number; organisation_id: number; person_id: number }>(
    db,
    sql`update bookings b set charge_pence = null, charge_organisation_id = null, updated_at = now()
        from (select id, charge_pence, charge_organisation_id from bookings where id = ${input.bookingId}) old
        where b.id = old.id and old.charge_pence is not null
        returning old.charge_pence as pence, old.charge_organisation_id as organisation_id, b.person_id`,
  );
  if (!cleared) return;
  await recordAuditEvent(db, {
    actorAccountId: input.actorAccountId,
    action: "booking.charge-undone",
    entityType: "booking",
    entityId: input.bookingId,
    subjectPersonId: cleared.person_id,
    before: { chargePence: cleared.pence, chargeOrganisationId: cleared.organisation_id },
    after: { chargePence: null, chargeOrganisationId: null },
  });
}
