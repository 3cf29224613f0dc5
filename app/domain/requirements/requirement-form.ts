import { z } from "zod";
import { EMPLOYMENT_TYPES, SECTORS } from "../../lib/values";

/*
 * The requirement form's rules (add and edit pages): the zod schema, its preview variant and the
 * renewal period's check, which depends on another field. The route reads the form with them.
 */

const wholeNumber = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .regex(/^\d+$/, `${what[0]!.toUpperCase()}${what.slice(1)} must be a whole number, like 90`)
    .transform(Number)
    .pipe(z.number().max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} or fewer`));

/** The form, field by field in the order they appear on the page (for the error summary). */
export const RequirementForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the requirement")
    .max(150, "The name must be 150 characters or fewer"),
  description: z.string().trim().max(2000, "The description must be 2000 characters or fewer"),
  courseIds: z
    .array(z.string().regex(/^\d+$/, "Select courses from the list").transform(Number))
    .min(1, "Select at least one course that satisfies the requirement"),
  audienceSectors: z.array(z.enum(SECTORS, { message: "Select sectors from the list" })),
  audienceOrganisationIds: z.array(z.string().regex(/^\d+$/, "Select organisations from the list").transform(Number)),
  audienceTags: z.array(z.string().trim().max(40, "Select profile tags from the list")),
  otherTags: z
    .string()
    .trim()
    .max(300, "Other profile tags must be 300 characters or fewer")
    .regex(
      /^[a-zA-Z0-9_,\s-]*$/,
      "Other profile tags can only include letters, numbers, hyphens and underscores, separated by commas",
    ),
  audienceEmploymentTypes: z.array(z.enum(EMPLOYMENT_TYPES, { message: "Select employment types from the list" })),
  dueWithinDays: wholeNumber("the number of days a new starter has", 3650),
  renewal: z.enum(["months", "course"], { message: "Select how often it must be renewed" }),
  renewalMonths: z.string().trim(),
  reminderDays: wholeNumber("the number of days before expiry to remind people", 730),
  source: z.string().trim().max(2000, "The source must be 2000 characters or fewer"),
});

/** Months between renewals, checked only when the renewal is "every set number of months". */
export function renewalMonthsError(values: Record<string, unknown>): string | undefined {
  if (values.renewal !== "months") return undefined;
  const months = typeof values.renewalMonths === "string" ? values.renewalMonths.trim() : "";
  if (!months) return "Enter how many months until it must be renewed";
  if (!/^\d+$/.test(months)) return "The renewal period must be a whole number of months, like 36";
  if (Number(months) < 1 || Number(months) > 240) return "The renewal period must be between 1 and 240 months";
  return undefined;
}

/** Previewing needs no name. */
export const RequirementPreviewForm = RequirementForm.extend({
  name: z.string().trim().max(150, "The name must be 150 characters or fewer"),
});
/** The fields in page order, for the error summary. */
export const REQUIREMENT_FIELD_ORDER = Object.keys(RequirementForm.shape);
