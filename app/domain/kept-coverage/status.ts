import { type SQL, sql } from "drizzle-orm";

export const COMPLIANCE_STATUSES = ["current", "expiring", "expired", "missing", "not_yet_due"] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/**
 * How bad a status is, for sorting and "worst status" (higher is worse): someone who never held
 * the training is worse off than someone whose training lapsed.
 */
export const STATUS_SEVERITY: Record<ComplianceStatus, number> = {
  current: 1,
  not_yet_due: 2,
  expiring: 3,
  expired: 4,
  missing: 5,
};

/** A status as one bit, by severity (current 1, not yet due 2, expiring 4, expired 8, missing 16). */
export function statusBit(status: ComplianceStatus): number {
  return 1 << (STATUS_SEVERITY[status] - 1);
}

/** Bits of the statuses that count as current (current, expiring). */
export const CURRENT_BITS = statusBit("current") | statusBit("expiring");
/** Bits of the statuses that do not. */
export const NOT_CURRENT_BITS = statusBit("not_yet_due") | statusBit("expired") | statusBit("missing");

/** A status column as its bit: a person's bit_or then says which statuses they have. */
export function statusBitSql(status: SQL): SQL {
  const cases = Object.entries(STATUS_SEVERITY).map(([name, severity]) =>
    sql.raw(`when '${name}' then ${1 << (severity - 1)}`),
  );
  return sql`(case ${status} ${sql.join(cases, sql` `)} end)`;
}

/** The worst status's severity (1 to 5) in a set of status bits: its highest bit. */
export function worstOfBitsSql(bits: SQL): SQL {
  const severities = Object.values(STATUS_SEVERITY).sort((a, b) => b - a);
  const cases = severities.map(
    (severity) => sql`when ${bits} >= ${sql.raw(`${1 << (severity - 1)} then ${severity}`)}`,
  );
  return sql`(case ${sql.join(cases, sql` `)} end)`;
}

/** The same ranking in SQL, for a status column. */
export function statusSeveritySql(status: SQL): SQL {
  return sql`(case ${status} when 'current' then 1 when 'not_yet_due' then 2 when 'expiring' then 3
    when 'expired' then 4 when 'missing' then 5 end)`;
}

/**
 * When completion `c` stops counting for requirement `r` (aliases): completed_on plus the
 * requirement's renewal months, or the course's own expiry when the requirement has none; null
 * when it never expires. Expiry is counted from the completion date, so each completion starts a
 * new cycle. The one rule every compliance and coverage query uses.
 */
export function completionValidUntilSql(completion: string, requirement: string): SQL {
  const c = sql.raw(completion);
  const r = sql.raw(requirement);
  return sql`(case when ${r}.renewal_months is not null
    then (${c}.completed_on + make_interval(months => ${r}.renewal_months))::date
    else ${c}.expires_on end)`;
}

/** What the rule for a status needs of one person × requirement on one date, as SQL expressions. */
export interface StandingColumns {
  /** The date asked about (a date expression). */
  onDate: SQL;
  /** Boolean: a completion counts on that date. */
  holds: SQL;
  /** The date the requirement is first due: their start date plus the days it allows. */
  dueOn: SQL;
}

/**
 * The one definition of where someone stands, as booleans for counting: current when a completion
 * counts on the date; not yet due when it does not and the date is before the due date (a new
 * starter inside their days, left out of a share); applicable otherwise (due, or already held).
 */
export function standingSql(c: StandingColumns): { current: SQL; applicable: SQL; notYetDue: SQL } {
  return {
    current: sql`(${c.holds})`,
    applicable: sql`(${c.holds} or ${c.dueOn} <= ${c.onDate})`,
    notYetDue: sql`(not (${c.holds}) and ${c.onDate} < ${c.dueOn})`,
  };
}

/**
 * The status (current, expiring, not_yet_due, expired, missing) and its due_on, as SQL over the
 * columns a query has, by the rule of standingSql: current, or expiring once the reminder window
 * before validUntil has begun; not_yet_due; expired when one counted before; else missing. due_on
 * is when a held completion stops counting (null: never), when it expired, or the due date.
 */
export function statusSql(
  c: StandingColumns & {
    /** When the completion that counts (the one valid longest) stops counting; null when never. */
    validUntil: SQL;
    /** Boolean: a completion counted at some point by the date. */
    heldBefore: SQL;
    reminderDays: SQL;
  },
): { status: SQL; dueOn: SQL } {
  return {
    status: sql`case
        when ${c.holds} then
          case when ${c.validUntil} is not null and ${c.validUntil} <= ${c.onDate} + ${c.reminderDays}
               then 'expiring' else 'current' end
        when ${c.onDate} < ${c.dueOn} then 'not_yet_due'
        when ${c.heldBefore} then 'expired'
        else 'missing'
      end`,
    dueOn: sql`case
        when ${c.holds} then ${c.validUntil}
        when ${c.heldBefore} and ${c.onDate} >= ${c.dueOn} then ${c.validUntil}
        else ${c.dueOn}
      end`,
  };
}
