import { z } from "zod";
import { SECTORS, type Sector } from "../../lib/values";

/** The form's field for a sector's rate: "contractor-noShow", "contractor-late". */
export const rateField = (sector: Sector, kind: "noShow" | "late") => `${sector}-${kind}`;

const pounds = (label: string) =>
  z
    .string()
    .trim()
    .transform((value) => value.replace(/^£/, "").replace(/,/g, ""))
    .refine((value) => value !== "", `Enter ${label}, or 0 for no charge`)
    .refine(
      (value) => /^\d{1,5}(\.\d{1,2})?$/.test(value),
      `${label[0]!.toUpperCase()}${label.slice(1)} must be an amount in pounds, like 50 or 37.50`,
    )
    .transform((value) => Math.round(Number(value) * 100))
    .refine((pence) => pence <= 1_000_000, `${label[0]!.toUpperCase()}${label.slice(1)} must be £10,000 or less`);

const SECTOR_WORDS: Record<Sector, string> = {
  council: "council staff",
  contractor: "contractors",
  school: "schools",
  partner: "partners",
};

/** Every sector's two rates in pounds, read as pence. */
export const ChargeRatesForm = z
  .object(
    Object.fromEntries(
      SECTORS.flatMap((sector) => [
        [rateField(sector, "noShow"), pounds(`the charge for a no-show by ${SECTOR_WORDS[sector]}`)],
        [rateField(sector, "late"), pounds(`the charge for a late cancellation by ${SECTOR_WORDS[sector]}`)],
      ]),
    ) as Record<string, ReturnType<typeof pounds>>,
  )
  .transform(
    (form) =>
      Object.fromEntries(
        SECTORS.map((sector) => [
          sector,
          {
            noShowPence: form[rateField(sector, "noShow")] as number,
            lateCancellationPence: form[rateField(sector, "late")] as number,
          },
        ]),
      ) as Record<Sector, { noShowPence: number; lateCancellationPence: number }>,
  );

/** Pence as the form shows pounds: 5000 → "50.00". */
export function penceAsPounds(pence: number): string {
  return (pence / 100).toFixed(2);
}
