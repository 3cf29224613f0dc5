import type { Database } from "../../../db/database";
import { recordCompletions } from "../../completions/record-completion";
import type { ApplyContext, ImportPlan } from "../kind";
import { yieldToOthers } from "../read-csv";
import type { TrainingRecordsWork } from "./plan-training-records";

const BATCH = 2000;

/** Records each new completion of the plan (source "import"), audited, in the flow's transaction. */
export async function applyTrainingRecords(
  tx: Database,
  plan: ImportPlan<TrainingRecordsWork>,
  context: ApplyContext,
): Promise<void> {
  const { records } = plan.work;
  for (let start = 0; start < records.length; start += BATCH) {
    await recordCompletions(
      tx,
      records.slice(start, start + BATCH).map((r) => ({
        personId: r.personId,
        courseId: r.courseId,
        completedOn: r.completedOn,
        expiresOn: r.expiresOn,
        source: "import" as const,
        sessionId: null,
        bookingId: null,
        actorAccountId: context.actorAccountId,
        evidenceNote: r.evidenceNote,
      })),
    );
    context.progress(Math.min(start + BATCH, records.length));
    await yieldToOthers();
  }
}
