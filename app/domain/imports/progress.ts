/**
 * The progress of imports being previewed or applied by this server, for the page that watches
 * them. Kept in memory: the work runs here and its transaction cannot report through the
 * database (PGlite has one connection, held by the transaction until it ends). A run whose
 * status says it is under way but that no server here is working on was interrupted (a restart).
 */
export interface ImportProgress {
  phase: "previewing" | "applying";
  rowsDone: number;
  startedAt: Date;
}

const running = new Map<number, ImportProgress>();

export function importProgress(runId: number): ImportProgress | null {
  return running.get(runId) ?? null;
}

/** Runs an import's long step, keeping its progress while it runs. */
export async function withImportProgress<T>(
  runId: number,
  phase: ImportProgress["phase"],
  work: (progress: (rowsDone: number) => void) => Promise<T>,
): Promise<T> {
  const state: ImportProgress = { phase, rowsDone: 0, startedAt: new Date() };
  running.set(runId, state);
  try {
    return await work((rowsDone) => {
      state.rowsDone = rowsDone;
    });
  } finally {
    if (running.get(runId) === state) running.delete(runId);
  }
}
