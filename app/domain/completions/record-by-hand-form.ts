/**
 * The form that records completions by hand: the form's strings in, the details out. The people
 * (a list, or one person chosen on their record), the evidence file and the rules that need the
 * database are checked by record-by-hand.ts.
 */
import { z } from "zod";
import { idSchema } from "../../lib/request";
import { readDateFields } from "../people/person-form";
import { MAX_EVIDENCE_NOTE_LENGTH, MAX_LIST_LINES, MAX_PROVIDER_LENGTH } from "./record-by-hand";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v.length <= max, `${label} must be ${max} characters or fewer`);

export const HandRecordForm = z
  .object({
    personId: z.union([z.literal(""), idSchema]).optional(),
    people: z
      .string()
      .optional()
      .transform((v) => v ?? "")
      .refine((v) => v.length <= MAX_LIST_LINES * 120, "The list is too long: record at most 500 people at once"),
    courseId: z
      .string()
      .optional()
      .transform((v) => v ?? "")
      .pipe(z.union([z.literal("").transform(() => null), idSchema])),
    "completedOn-day": z.string().optional(),
    "completedOn-month": z.string().optional(),
    "completedOn-year": z.string().optional(),
    provider: optionalText(MAX_PROVIDER_LENGTH, "Who provided the training"),
    evidenceNote: optionalText(MAX_EVIDENCE_NOTE_LENGTH, "Where the evidence is kept"),
    evidenceFileKey: z.string().optional(),
  })
  .transform((form, ctx) => {
    if (form.courseId === null) ctx.addIssue({ code: "custom", path: ["courseId"], message: "Select the course" });
    const date = readDateFields(
      form["completedOn-day"],
      form["completedOn-month"],
      form["completedOn-year"],
      "The date of the training",
    );
    if ("problem" in date) ctx.addIssue({ code: "custom", path: ["completedOn"], message: date.problem });
    else if (date.date === null) {
      ctx.addIssue({ code: "custom", path: ["completedOn"], message: "Enter the date of the training" });
    }
    if (form.provider === "") {
      ctx.addIssue({ code: "custom", path: ["provider"], message: "Enter who provided the training" });
    }
    const personId = typeof form.personId === "number" ? form.personId : null;
    if (personId === null && form.people.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["people"],
        message: "Enter the employee numbers or e-mail addresses, one a line",
      });
    }
    return {
      personId,
      people: form.people,
      courseId: form.courseId ?? 0,
      completedOn: "date" in date ? (date.date ?? "") : "",
      provider: form.provider,
      evidenceNote: form.evidenceNote === "" ? null : form.evidenceNote,
      evidenceFileKey: form.evidenceFileKey ? form.evidenceFileKey : null,
    };
  });
