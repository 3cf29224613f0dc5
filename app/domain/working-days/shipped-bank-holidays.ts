import englandAndWales from "./england-and-wales.json";

export interface ShippedBankHoliday {
  day: string;
  title: string;
}

/**
 * England and Wales bank holidays shipped with the app: GOV.UK's bank-holidays.json
 * (https://www.gov.uk/bank-holidays.json, division "england-and-wales"), substitute days
 * included, e.g. 27 and 28 December 2027 for a Christmas on a Saturday. A substitute day keeps
 * the holiday's name with "(substitute day)".
 */
export const SHIPPED_BANK_HOLIDAYS: readonly ShippedBankHoliday[] = englandAndWales.events.map((e) => ({
  day: e.date,
  title: e.notes ? `${e.title} (${e.notes.toLowerCase()})` : e.title,
}));
