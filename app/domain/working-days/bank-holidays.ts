import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows, sqlTextArray } from "../../db/database";
import { isRealIsoDate } from "../../lib/dates";
import { recordAuditEvent } from "../audit/record-event";
import { DomainError } from "../errors";
import { SHIPPED_BANK_HOLIDAYS } from "./shipped-bank-holidays";
import type { HolidaySet } from "./working-days";

export type BankHoliday = {
  day: string;
  title: string;
  /** "shipped" with the app, or the account that added it. */
  addedBy: string;
};

/**
 * Puts the shipped England and Wales bank holidays in the table (insert … on conflict do nothing),
 * run at start-up. A shipped day the coordinator removed stays removed (its last audit event is
 * "bank-holiday.remove"); days the coordinator added are kept. Returns how many it added.
 */
export async function ensureShippedBankHolidays(db: Database): Promise<number> {
  const inserted = await queryRows<{ day: string }>(
    db,
    sql`insert into bank_holidays (day, title, added_by)
        select x.d::date, x.t, 'shipped'
        from unnest(${sqlTextArray(SHIPPED_BANK_HOLIDAYS.map((h) => h.day))},
                    ${sqlTextArray(SHIPPED_BANK_HOLIDAYS.map((h) => h.title))}) as x(d, t)
        where coalesce((select e.action from audit_events e
                        where e.entity_type = 'bank_holiday' and e.entity_id = x.d
                        order by e.id desc limit 1), '') <> 'bank-holiday.remove'
        on conflict (day) do nothing
        returning day::text`,
  );
  return inserted.length;
}

/** Every bank holiday, earliest first. */
export async function listBankHolidays(db: Database): Promise<BankHoliday[]> {
  return queryRows<BankHoliday>(
    db,
    sql`select day::text as day, title, added_by as "addedBy" from bank_holidays order by day`,
  );
}

/** The bank holidays as a set of dates, for the working-day arithmetic. */
export async function bankHolidaySet(db: Database): Promise<HolidaySet> {
  const rows = await queryRows<{ day: string }>(db, sql`select day::text as day from bank_holidays`);
  return new Set(rows.map((r) => r.day));
}

/** Adds a bank holiday (a day the government announces, e.g. for a coronation); audited. */
export async function addBankHoliday(
  db: Database,
  input: { day: string; title: string; actorAccountId: string },
): Promise<void> {
  const title = input.title.trim();
  if (!isRealIsoDate(input.day)) throw new DomainError("Enter a real date.", "day");
  if (!title) throw new DomainError("Enter the bank holiday’s name.", "title");
  await db.transaction(async (tx) => {
    const added = await queryOne<{ day: string }>(
      tx,
      sql`insert into bank_holidays (day, title, added_by) values (${input.day}::date, ${title}, ${input.actorAccountId})
          on conflict (day) do nothing returning day::text`,
    );
    if (!added) throw new DomainError("That day is already a bank holiday.", "day", "duplicate");
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "bank-holiday.add",
      entityType: "bank_holiday",
      entityId: input.day,
      after: { day: input.day, title },
    });
  });
}

/** Removes a bank holiday (one the government moved or cancelled); audited. */
export async function removeBankHoliday(db: Database, input: { day: string; actorAccountId: string }): Promise<void> {
  if (!isRealIsoDate(input.day)) throw new DomainError("That day is not a bank holiday.", "day", "not-found");
  await db.transaction(async (tx) => {
    const removed = await queryOne<BankHoliday>(
      tx,
      sql`delete from bank_holidays where day = ${input.day}::date
          returning day::text as day, title, added_by as "addedBy"`,
    );
    if (!removed) throw new DomainError("That day is not a bank holiday.", "day", "not-found");
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "bank-holiday.remove",
      entityType: "bank_holiday",
      entityId: input.day,
      before: removed,
    });
  });
}
