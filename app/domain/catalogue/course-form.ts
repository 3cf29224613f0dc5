import { z } from "zod";
import { COURSE_CATEGORIES, DELIVERY_MODES, ELEARNING_COMPLETION_RULES } from "../../db/schema";

/** What a form says about a whole number that is missing, not a number, or out of range. */
export interface WholeNumberMessages {
  required: string;
  notNumber: string;
  min: [number, string];
  max: [number, string];
}

/** A whole number typed into a form; with `optional`, an empty field is null. */
export function wholeNumberField(
  messages: WholeNumberMessages,
  options: { optional: true },
): z.ZodType<number | null, string | undefined>;
export function wholeNumberField(
  messages: WholeNumberMessages,
  options?: { optional?: false },
): z.ZodType<number, string | undefined>;
export function wholeNumberField(
  messages: WholeNumberMessages,
  options: { optional?: boolean } = {},
): z.ZodType<number | null, string | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = (raw ?? "").trim();
      if (value === "") {
        if (options.optional) return null;
        ctx.addIssue({ code: "custom", message: messages.required });
        return z.NEVER;
      }
      if (!/^\d+$/.test(value)) {
        ctx.addIssue({ code: "custom", message: messages.notNumber });
        return z.NEVER;
      }
      const number = Number(value);
      if (number < messages.min[0]) {
        ctx.addIssue({ code: "custom", message: messages.min[1] });
        return z.NEVER;
      }
      if (number > messages.max[0]) {
        ctx.addIssue({ code: "custom", message: messages.max[1] });
        return z.NEVER;
      }
      return number;
    });
}

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value.length > 0 : value === "yes"));

/**
 * A catalogue entry as the coordinator types it: the form's strings in, the course's columns out.
 * The code's uniqueness needs the database: createCourse and updateCourse check it.
 */
export const CourseForm = z
  .object({
    code: z
      .string({ error: "Enter a course code" })
      .trim()
      .min(1, "Enter a course code")
      .max(30, "The course code must be 30 characters or fewer")
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "The course code can only contain letters, numbers and hyphens"),
    title: z
      .string({ error: "Enter a title" })
      .trim()
      .min(1, "Enter a title")
      .max(200, "The title must be 200 characters or fewer"),
    summary: z.string().trim().max(2000, "The summary must be 2000 characters or fewer").optional().default(""),
    category: z.enum(COURSE_CATEGORIES, { error: "Select a category" }),
    deliveryMode: z.enum(DELIVERY_MODES, { error: "Select how the course is delivered" }),
    durationMinutes: wholeNumberField({
      required: "Enter how long the course lasts, in minutes",
      notNumber: "The length must be a whole number of minutes, like 90",
      min: [1, "The length must be at least 1 minute"],
      max: [10080, "The length must be 10080 minutes (one week) or less"],
    }),
    validityMonths: wholeNumberField(
      {
        required: "",
        notNumber: "Validity must be a whole number of months, like 36, or empty if it never expires",
        min: [1, "Validity must be at least 1 month, or empty if it never expires"],
        max: [240, "Validity must be 240 months (20 years) or less"],
      },
      { optional: true },
    ),
    externalUrl: z
      .string()
      .trim()
      .max(2000, "The web address must be 2000 characters or fewer")
      .optional()
      .transform((value) => (value ? value : null))
      .refine(
        (value) => value === null || isHttpsUrl(value),
        "Enter a web address that starts with https://, like https://www.gov.uk/prevent",
      ),
    audienceNote: z
      .string()
      .trim()
      .max(500, "Who the course is for must be 500 characters or fewer")
      .optional()
      .transform((value) => (value ? value : null)),
    bookable: checkbox,
    issuesCertificate: checkbox,
    /** Hosted e-learning: what the package must report (kept for other courses, where it does nothing). */
    elearningCompletesWhen: z
      .enum(ELEARNING_COMPLETION_RULES, { error: "Select what the e-learning must report for it to count" })
      .optional()
      .default("completed"),
    managersMayVerifyEvidence: checkbox,
    acceptsManagerConfirmation: checkbox,
    /** The certificate of an attended session is released once its evaluation is done. */
    certificateAfterEvaluation: checkbox,
    /** A follow-up evaluation about 3 months after the session. */
    followUpEvaluation: checkbox,
    /** Booking closes, and self-cancellation ends, this many working days before a session (3 when not sent). */
    bookingClosesWorkingDays: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return 3;
        const value = raw.trim();
        if (value === "") {
          ctx.addIssue({ code: "custom", message: "Enter how many working days before a session booking closes" });
          return z.NEVER;
        }
        if (!/^\d+$/.test(value) || Number(value) > 30) {
          ctx.addIssue({
            code: "custom",
            message: "Booking closes must be a whole number of working days from 0 to 30, like 3",
          });
          return z.NEVER;
        }
        return Number(value);
      }),
  })
  .superRefine((course, ctx) => {
    if (course.deliveryMode === "external_elearning" && course.externalUrl === null) {
      ctx.addIssue({
        code: "custom",
        path: ["externalUrl"],
        message: "Enter the web address where learners take this e-learning",
      });
    }
  });

export type CourseInput = z.output<typeof CourseForm>;

/** The form's field names in page order, for the error summary. */
export const COURSE_FIELDS = [
  "code",
  "title",
  "summary",
  "category",
  "deliveryMode",
  "durationMinutes",
  "validityMonths",
  "externalUrl",
  "bookingClosesWorkingDays",
  "audienceNote",
  "elearningCompletesWhen",
  "bookable",
  "issuesCertificate",
  "managersMayVerifyEvidence",
  "acceptsManagerConfirmation",
  "certificateAfterEvaluation",
  "followUpEvaluation",
] as const;

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".");
  } catch {
    return false;
  }
}
