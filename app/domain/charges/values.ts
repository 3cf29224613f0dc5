/** What a page about charges shows, with no database import (pages use it in the browser). */

/** £50.00; £1,234.56. */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const CHARGE_KIND_LABELS = { no_show: "No-show", late_cancellation: "Late cancellation" } as const;
