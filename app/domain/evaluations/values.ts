/**
 * What evaluation pages show, with no database import (pages use it in the browser): the default
 * Prevent set, the before/after pairs whose shift the results show, and the words on the scale.
 */
import type { EvaluationQuestionKind, EvaluationStage } from "../../lib/values";

export interface DefaultEvaluationQuestion {
  key: string;
  stage: EvaluationStage;
  kind: EvaluationQuestionKind;
  text: string;
  hint: string | null;
  required: boolean;
  position: number;
}

/** The default set asked on every course (course_id null), before a course's own questions. */
export const DEFAULT_EVALUATION_QUESTIONS: readonly DefaultEvaluationQuestion[] = [
  {
    key: "confidence_recognising_before",
    stage: "after",
    kind: "scale",
    text: "Before the training, how confident were you in recognising concerns about radicalisation?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    position: 10,
  },
  {
    key: "confidence_recognising_after",
    stage: "after",
    kind: "scale",
    text: "After the training, how confident are you in recognising concerns about radicalisation?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    position: 20,
  },
  {
    key: "confidence_referring_before",
    stage: "after",
    kind: "scale",
    text: "Before the training, how confident were you in referring a concern?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    position: 30,
  },
  {
    key: "confidence_referring_after",
    stage: "after",
    kind: "scale",
    text: "After the training, how confident are you in referring a concern?",
    hint: "1 is not at all confident, 5 is very confident.",
    required: true,
    position: 40,
  },
  {
    key: "most_useful",
    stage: "after",
    kind: "text",
    text: "What was most useful?",
    hint: null,
    required: false,
    position: 50,
  },
  {
    key: "what_to_change",
    stage: "after",
    kind: "text",
    text: "What would you change?",
    hint: null,
    required: false,
    position: 60,
  },
  {
    key: "follow_up_changed_practice",
    stage: "follow_up",
    kind: "scale",
    text: "How much has the training changed your practice?",
    hint: "1 is not at all, 5 is a great deal.",
    required: true,
    position: 10,
  },
  {
    key: "follow_up_example",
    stage: "follow_up",
    kind: "text",
    text: "Tell us how, if it has: for example a concern you noticed or referred.",
    hint: "Do not name anyone.",
    required: false,
    position: 20,
  },
];

/** The before/after pairs of the default set: the results show the shift (mean after − mean before). */
export const CONFIDENCE_SHIFTS = [
  {
    key: "recognising",
    label: "Confidence in recognising concerns",
    before: "confidence_recognising_before",
    after: "confidence_recognising_after",
  },
  {
    key: "referring",
    label: "Confidence in referring concerns",
    before: "confidence_referring_before",
    after: "confidence_referring_after",
  },
] as const;

export const SCALE_SCORES = [1, 2, 3, 4, 5] as const;

/** The follow-up is asked this many months after the session. */
export const FOLLOW_UP_AFTER_MONTHS = 3;

/** What a page says where a certificate waits for its evaluation. */
export const COMPLETE_EVALUATION_TO_GET_CERTIFICATE = "Complete the evaluation to get your certificate";

export const EVALUATION_STAGE_LABELS: Record<EvaluationStage, string> = {
  after: "After the session",
  follow_up: "Follow-up",
};

/** The longest answer in words that is kept. */
export const MAX_TEXT_ANSWER = 2000;
