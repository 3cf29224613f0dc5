import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../../db/database";
import { SECTORS, type Sector } from "../../lib/values";
import { recordAuditEvent } from "../audit/record-event";

export type ChargeRate = {
  sector: Sector;
  noShowPence: number;
  lateCancellationPence: number;
  updatedAt: string | null;
};

/** Each sector's rates, in SECTORS order; a sector with no row charges nothing. */
export async function listChargeRates(db: Database): Promise<ChargeRate[]> {
  const rows = await queryRows<{ sector: Sector; no_show: number; late: number; updated_at: string }>(
    db,
    sql`select sector::text as sector, no_show_pence as no_show, late_cancellation_pence as late, updated_at::text
        from charge_rates`,
  );
  return SECTORS.map((sector) => {
    const row = rows.find((r) => r.sector === sector);
    return {
      sector,
      noShowPence: row?.no_show ?? 0,
      lateCancellationPence: row?.late ?? 0,
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/**
 * Sets the rates (pence, 0 for none) for every sector at once; audited with the rates before and
 * after. Charges already made keep their amount: a rate applies from the next no-show or late
 * cancellation.
 */
export async function updateChargeRates(
  db: Database,
  input: {
    rates: Record<Sector, { noShowPence: number; lateCancellationPence: number }>;
    actorAccountId: string;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await listChargeRates(tx);
    for (const sector of SECTORS) {
      const rate = input.rates[sector];
      await tx.execute(
        sql`insert into charge_rates (sector, no_show_pence, late_cancellation_pence, updated_at, updated_by_account_id)
            values (${sector}, ${rate.noShowPence}, ${rate.lateCancellationPence}, now(), ${input.actorAccountId})
            on conflict (sector) do update set no_show_pence = excluded.no_show_pence,
              late_cancellation_pence = excluded.late_cancellation_pence,
              updated_at = now(), updated_by_account_id = excluded.updated_by_account_id`,
      );
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "charge-rates.update",
      entityType: "charge_rates",
      entityId: "all",
      before: Object.fromEntries(
        before.map((r) => [r.sector, { noShow: r.noShowPence, late: r.lateCancellationPence }]),
      ),
      after: Object.fromEntries(
        SECTORS.map((s) => [s, { noShow: input.rates[s].noShowPence, late: input.rates[s].lateCancellationPence }]),
      ),
    });
  });
}
