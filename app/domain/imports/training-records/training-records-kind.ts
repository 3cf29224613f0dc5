/**
 * Historical training records (old WRAP registers, e-learning reports kept in spreadsheets): a
 * completion a row, the person by employee number or e-mail, the course by its name as people
 * typed it, mapped once by the coordinator and remembered.
 */
import { z } from "zod";
import { listCoursesForRecords } from "../../catalogue/courses-for-records";
import type { ImportKind } from "../kind";
import { applyTrainingRecords } from "./apply-training-records";
import { COURSE_FIELD, type TrainingRecordsWork, planTrainingRecords } from "./plan-training-records";
import { TRAINING_RECORDS_FILES } from "./training-records-fields";

// biome-ignore lint/complexity/noBannedTypes: the kind has no options.
export type TrainingRecordsOptions = {};

export const trainingRecordsImport: ImportKind<TrainingRecordsOptions, TrainingRecordsWork> = {
  key: "training-records",
  files: TRAINING_RECORDS_FILES,
  async optionFields() {
    return [];
  },
  options: z.object({}),
  async valueChoices(db) {
    const courses = await listCoursesForRecords(db);
    return {
      [COURSE_FIELD]: courses.map((c) => ({
        value: String(c.id),
        label: `${c.title} (${c.code})${c.retired ? ", retired" : !c.bookable ? ", no longer booked" : ""}`,
      })),
    };
  },
  plan(db, rows, _options, context) {
    return planTrainingRecords(db, rows.records ?? [], context);
  },
  apply(tx, plan, _options, context) {
    return applyTrainingRecords(tx, plan, context);
  },
};
