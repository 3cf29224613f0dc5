import type { Database } from "./db/database";
import { prepareDatabase } from "./demo/prepare-database.server";
import { ensureDefaultEvaluationQuestions } from "./domain/evaluations/questions";
import { prepareKpis } from "./domain/kpis/prepare-kpis";
import { ensureShippedBankHolidays } from "./domain/working-days/bank-holidays";
import { env } from "./env.server";
import { todayInLondon } from "./lib/dates";

/**
 * The service's own start-up work once its database is open and migrated, so that no page load
 * writes: the England and Wales bank holidays shipped with the app, the default Prevent evaluation
 * questions, the demo council when asked for (and the refusal of its accounts in production), then
 * KPI definitions and the quarter that ended frozen as the service. entry.server runs it for the
 * app; scripts that open the app's database (CI's check of a freshly seeded demo council) run it too.
 */
export async function prepareService(db: Database): Promise<void> {
  await ensureShippedBankHolidays(db);
  await ensureDefaultEvaluationQuestions(db);
  await prepareDatabase(db, env());
  await prepareKpis(db, todayInLondon());
}
