/**
 * The forms that add and change a person by hand, and mark them as a leaver: the form's strings in,
 * the person's columns out. Each text is checked with the roster import's rules (person-rules.ts),
 * so the screens and the import refuse the same things in the same words. Uniqueness of e-mail
 * and employee number, the line manager and loops need the database: the verbs check those.
 */
import { z } from "zod";
import { isRealIsoDate } from "../../lib/dates";
import { EMPLOYMENT_TYPES, KNOWN_PROFILE_TAGS } from "../../lib/values";
import { emailProblem, formulaProblem } from "./person-rules";

/** A text field: trimmed, at most `max` characters, nothing a spreadsheet would run as a formula. */
function textField(label: string, max: number, options: { required?: string } = {}) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = (raw ?? "").trim();
      if (value === "") {
        if (options.required) {
          ctx.addIssue({ code: "custom", message: options.required });
          return z.NEVER;
        }
        return null;
      }
      if (value.length > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be ${max} characters or fewer` });
        return z.NEVER;
      }
      const formula = formulaProblem(value);
      if (formula) {
        ctx.addIssue({ code: "custom", message: `${label}: ${formula}` });
        return z.NEVER;
      }
      return value;
    });
}

/** Day, month and year typed into a GOV.UK date input, as YYYY-MM-DD, or what is wrong with them. */
export function readDateFields(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
  what: string,
): { date: string | null } | { problem: string } {
  const parts = [day, month, year].map((p) => (p ?? "").trim());
  if (parts.every((p) => p === "")) return { date: null };
  const missing = (["day", "month", "year"] as const).filter((_, i) => parts[i] === "");
  if (missing.length > 0) return { problem: `${what} must include a ${missing.join(" and a ")}` };
  if (!parts.every((p) => /^\d{1,4}$/.test(p)) || parts[2]!.length !== 4) {
    return { problem: `${what} must be a real date, with a 4-digit year` };
  }
  const iso = `${parts[2]}-${parts[1]!.padStart(2, "0")}-${parts[0]!.padStart(2, "0")}`;
  if (!isRealIsoDate(iso) || iso < "1900-01-01") return { problem: `${what} must be a real date` };
  return { date: iso };
}

const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** "Frontline, Early help team" → ["frontline", "early_help_team"]: a council's own tags, as stored. */
function otherTags(raw: string): { tags: string[] } | { problem: string } {
  const tags: string[] = [];
  for (const part of raw.split(",")) {
    const tag = part.trim().toLowerCase().replace(/\s+/g, "_");
    if (tag === "") continue;
    if (!TAG_PATTERN.test(tag)) {
      return {
        problem: `"${part.trim().slice(0, 40)}" is not a tag: use letters, numbers, spaces, hyphens and underscores, up to 40 characters`,
      };
    }
    tags.push(tag);
  }
  return { tags };
}

const checkedValues = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/**
 * A GOV.UK date input's three fields (`${prefix}-day`, `-month`, `-year`) gathered into one value,
 * `prefix`, before the object is checked, so its message comes with the other fields' and in order.
 */
function withDateParts(prefixes: string[]) {
  return (raw: unknown) => {
    if (!raw || typeof raw !== "object") return raw;
    const values = raw as Record<string, unknown>;
    const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
    const gathered = { ...values };
    for (const prefix of prefixes) {
      gathered[prefix] = [text(`${prefix}-day`), text(`${prefix}-month`), text(`${prefix}-year`)];
    }
    return gathered;
  };
}

/** A date gathered by withDateParts: YYYY-MM-DD, required. */
function dateField(what: string, missing: string) {
  return z.array(z.string()).transform((parts, ctx) => {
    const read = readDateFields(parts[0], parts[1], parts[2], what);
    if ("problem" in read || read.date === null) {
      ctx.addIssue({ code: "custom", message: "problem" in read ? read.problem : missing });
      return z.NEVER;
    }
    return read.date;
  });
}

/**
 * The person form: what adding a person asks, and what changing one shows, in page order. Output:
 * the person's columns as `details`, and `placement` with the line manager as typed (an employee
 * number or an e-mail address) for the verb to find.
 */
export const PersonForm = z.preprocess(
  withDateParts(["startDate"]),
  z
    .object({
      givenName: textField("Given name", 100, { required: "Enter their given name" }),
      familyName: textField("Family name", 100, { required: "Enter their family name" }),
      email: textField("E-mail address", 254).superRefine((value, ctx) => {
        const problem = value === null ? null : emailProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      externalRef: textField("Employee number", 50),
      jobTitle: textField("Job title", 200),
      employmentType: z.enum(EMPLOYMENT_TYPES, { error: "Select their type of employment" }),
      organisationId: z
        .string({ error: "Select their organisation" })
        .trim()
        .regex(/^[1-9]\d{0,9}$/, "Select their organisation")
        .transform(Number)
        .refine((n) => n <= 2_147_483_647, "Select their organisation"),
      lineManager: textField("Line manager", 254),
      /** Keep the line manager they have when none is typed (one with no employee number or e-mail to type). */
      keepLineManager: z
        .string()
        .optional()
        .transform((value) => value === "yes"),
      startDate: dateField("The start date", "Enter the date they started"),
      profileTags: checkedValues.refine(
        (tags) => tags.every((tag) => (KNOWN_PROFILE_TAGS as readonly string[]).includes(tag)),
        "Select tags from the list",
      ),
      otherTags: z
        .string()
        .max(500, "Other tags must be 500 characters or fewer")
        .optional()
        .transform((raw, ctx) => {
          const read = otherTags(raw ?? "");
          if ("problem" in read) {
            ctx.addIssue({ code: "custom", message: read.problem });
            return z.NEVER;
          }
          return read.tags;
        }),
    })
    .transform((form) => ({
      details: {
        givenName: form.givenName!,
        familyName: form.familyName!,
        email: form.email,
        jobTitle: form.jobTitle,
        employmentType: form.employmentType,
        profileTags: [...new Set([...form.profileTags, ...form.otherTags])],
        startDate: form.startDate,
        externalRef: form.externalRef,
      },
      placement: {
        organisationId: form.organisationId,
        lineManager: form.lineManager,
        keepLineManager: form.keepLineManager,
      },
    })),
);

export type PersonInput = z.output<typeof PersonForm>;
export type PersonDetails = PersonInput["details"];
export type PersonPlacement = PersonInput["placement"];

/** Fields in page order, with the element each error summary link goes to. */
export const PERSON_FIELD_IDS: Record<string, string> = {
  givenName: "givenName",
  familyName: "familyName",
  email: "email",
  externalRef: "externalRef",
  jobTitle: "jobTitle",
  employmentType: "employmentType",
  organisationId: "organisationId",
  lineManager: "lineManager",
  startDate: "startDate-day",
  profileTags: "profileTags",
  otherTags: "otherTags",
};

/** The leaving date, on the page that marks someone as a leaver. */
export const LeaverForm = z.preprocess(
  withDateParts(["leavingDate"]),
  z.object({ leavingDate: dateField("The leaving date", "Enter the date they leave, or left") }),
);
