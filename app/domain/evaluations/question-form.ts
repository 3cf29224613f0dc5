import { z } from "zod";
import { EVALUATION_QUESTION_KINDS, EVALUATION_STAGES } from "../../lib/values";

/** The coordinator's form adding one of a course's own evaluation questions. */
export const addQuestionSchema = z.object({
  stage: z.enum(EVALUATION_STAGES, { error: "Select when the question is asked" }),
  kind: z.enum(EVALUATION_QUESTION_KINDS, { error: "Select how it is answered" }),
  text: z
    .string({ error: "Enter the question" })
    .trim()
    .min(1, "Enter the question")
    .max(300, "The question must be 300 characters or fewer"),
  hint: z
    .string()
    .trim()
    .max(300, "The hint must be 300 characters or fewer")
    .optional()
    .transform((v) => (v ? v : null)),
  required: z.enum(["yes", "no"], { error: "Select whether an answer is needed" }).transform((v) => v === "yes"),
});

export const retireQuestionSchema = z.object({
  questionId: z.coerce.number().int().positive().max(2_147_483_647),
});
