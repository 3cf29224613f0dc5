import { z } from "zod";

const whole = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .regex(/^\d+$/, `Enter the ${what} as a whole number, like 24`)
    .transform(Number)
    .pipe(z.number().max(100_000, `Enter a ${what} of 100,000 or fewer`));

/** A school's declared headcount, as the education officer types it (declare-school-headcount.ts checks the rest). */
export const DeclarationForm = z.object({
  headcount: whole("headcount"),
  declaredTrained: whole("number of staff trained"),
  note: z.string().trim().max(500, "The note must be 500 characters or fewer").optional(),
});
