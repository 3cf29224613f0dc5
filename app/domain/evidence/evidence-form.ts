/**
 * The evidence forms: what a learner sends (course, date, what they send, who provided it, a note)
 * and what a verifier decides. The file itself is read by the route and checked by content in
 * submitEvidence (storeEvidenceFile).
 */
import { z } from "zod";
import { idSchema } from "../../lib/request";
import { EVIDENCE_KINDS } from "../../lib/values";
import { readDateFields } from "../people/person-form";
import { MAX_NOTE_LENGTH, MAX_PROVIDER_LENGTH, MAX_REASON_LENGTH } from "./values";

/** A text field: trimmed, at most `max` characters; empty is null. */
function optionalText(label: string, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = (raw ?? "").trim();
      if (value === "") return null;
      if (value.length > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be ${max} characters or fewer` });
        return z.NEVER;
      }
      return value;
    });
}

/** The date input's three fields (completedOn-day, -month, -year) gathered into completedOn. */
function withCompletedOn(raw: unknown) {
  if (!raw || typeof raw !== "object") return raw;
  const values = raw as Record<string, unknown>;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  return {
    ...values,
    completedOn: [text("completedOn-day"), text("completedOn-month"), text("completedOn-year")],
  };
}

export const SubmitEvidenceForm = z.preprocess(
  withCompletedOn,
  z.object({
    courseId: z
      .string({ error: "Select the course you completed" })
      .trim()
      .min(1, "Select the course you completed")
      .pipe(idSchema),
    completedOn: z.array(z.string()).transform((parts, ctx) => {
      const read = readDateFields(parts[0], parts[1], parts[2], "The date you completed it");
      if ("problem" in read || read.date === null) {
        ctx.addIssue({
          code: "custom",
          message: "problem" in read ? read.problem : "Enter the date you completed the course",
        });
        return z.NEVER;
      }
      return read.date;
    }),
    kind: z.enum(EVIDENCE_KINDS, { error: "Select what you are sending as evidence" }),
    provider: optionalText("Who provided the training", MAX_PROVIDER_LENGTH),
    note: optionalText("Anything else", MAX_NOTE_LENGTH),
  }),
);

/** Where the error summary links for fields that are not one input. */
export const SUBMIT_EVIDENCE_FIELD_IDS = { completedOn: "completedOn-day", kind: "kind" };

/** A verifier's decision, or the learner withdrawing their own evidence. */
export const EvidenceDecisionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({
    intent: z.literal("reject"),
    reason: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const value = (raw ?? "").trim();
        if (value === "") {
          ctx.addIssue({ code: "custom", message: "Enter why the evidence is not accepted" });
          return z.NEVER;
        }
        if (value.length > MAX_REASON_LENGTH) {
          ctx.addIssue({ code: "custom", message: `The reason must be ${MAX_REASON_LENGTH} characters or fewer` });
          return z.NEVER;
        }
        return value;
      }),
  }),
  z.object({ intent: z.literal("withdraw") }),
]);
