import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { type ImportRunFile, accounts, importColumnMappings, importRuns, importValueMappings } from "../../db/schema";
import { csvText } from "../../lib/csv";
import { logError } from "../../lib/log-error";
import type { FileStorage } from "../../storage/file-storage";
import { recordAuditEvent } from "../audit/record-event";
import { keptCoverageUpToDate } from "../kept-coverage/readers";
import { DomainError } from "../errors";
import type { ImportKind, ImportPlan, ImportSettings, PlannedChange, RowProblem, ValueGroup } from "./kind";
import { importProgress, withImportProgress } from "./progress";
import { type ColumnUse, type ReadCsv, detectEncoding, readCsv } from "./read-csv";
import { importKind } from "./registry";
import {
  IMPORT_KIND_LABELS,
  type ImportCounts,
  type ImportKindKey,
  type ImportStatus,
  MAX_IMPORT_BYTES,
} from "./values";

/**
 * The one flow every import goes through: upload (files kept, named by checksum) → preview (read,
 * checked, what would change) → confirm → applied in one transaction → kept in the history.
 * A kind (roster, schools, training records) supplies the fields and the rules; this file the rest.
 */

export interface UploadedFile {
  role: string;
  name: string;
  bytes: Uint8Array;
}

/** What the preview page shows; kept on the run as JSON. */
export interface ImportPreview {
  files: Array<{
    role: string;
    label: string;
    name: string;
    encoding: string;
    headers: string[];
    used: ColumnUse[];
    ignored: string[];
    missing: Array<{ field: string; label: string }>;
    rows: number;
  }>;
  /** False while a needed column has no header: nothing else is worked out until it is mapped. */
  planned: boolean;
  counts: ImportCounts;
  problems: RowProblem[];
  /** The first changes of each action (the counts are exact). */
  changes: PlannedChange[];
  notes: string[];
  valueGroups: ValueGroup[];
  /** An earlier run of the same files that was applied. */
  sameFilesApplied: { runId: number; appliedAt: string } | null;
}

export interface ImportRunContext {
  today: string;
  settings: ImportSettings;
}

/** How many changes of each action the preview keeps to show. */
const CHANGES_SHOWN = 200;

function kindOf(key: ImportKindKey): ImportKind {
  const kind = importKind(key);
  if (!kind) throw new DomainError("This kind of import is not available.", "kind");
  return kind;
}

function fieldName(role: string): string {
  return `file-${role}`;
}

/** Refuses what is not a CSV file before keeping it. */
function checkFile(file: UploadedFile, label: string): void {
  const field = fieldName(file.role);
  if (file.bytes.length === 0) throw new DomainError(`The selected ${label} is empty`, field);
  if (file.bytes.length > MAX_IMPORT_BYTES) {
    throw new DomainError(`The selected ${label} must be smaller than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, field);
  }
  // A spreadsheet saved as .xlsx is a zip ("PK"); other binary files hold NUL bytes (UTF-16 text aside).
  const start = file.bytes.subarray(0, 8192);
  const utf16 = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
  if ((start[0] === 0x50 && start[1] === 0x4b) || (!utf16 && start.includes(0))) {
    throw new DomainError(
      `The selected ${label} must be a CSV file: in Excel, choose File, Save As, and "CSV UTF-8 (Comma delimited)"`,
      field,
    );
  }
}

/** Keeps the files and opens a run; its preview is made next (previewImport). */
export async function uploadImport(
  db: Database,
  storage: FileStorage,
  input: {
    kind: ImportKindKey;
    files: UploadedFile[];
    options: Record<string, string>;
    actorAccountId: string;
  },
): Promise<number> {
  const kind = kindOf(input.kind);
  const files: ImportRunFile[] = [];
  for (const spec of kind.files) {
    const file = input.files.find((f) => f.role === spec.role && (f.bytes.length > 0 || f.name !== ""));
    if (!file) {
      if (spec.optional) continue;
      throw new DomainError(`Select the ${spec.label.toLowerCase()}`, fieldName(spec.role));
    }
    // A file chosen but holding nothing (GOV.UK's wording for an empty upload).
    if (file.bytes.length === 0) {
      throw new DomainError(`The selected ${spec.label.toLowerCase()} is empty`, fieldName(spec.role));
    }
    checkFile(file, spec.label.toLowerCase());
    const checksum = createHash("sha256").update(file.bytes).digest("hex");
    const storageKey = `imports/${checksum}.csv`;
    await storage.put(storageKey, file.bytes);
    files.push({
      role: spec.role,
      name: file.name.slice(0, 200) || `${spec.role}.csv`,
      checksum,
      bytes: file.bytes.length,
      encoding: detectEncoding(file.bytes.subarray(0, 4)).encoding,
      storageKey,
    });
  }
  const options = parseOptions(kind, input.options);
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(importRuns)
      .values({ kind: input.kind, files, options, uploadedByAccountId: input.actorAccountId })
      .returning({ id: importRuns.id });
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "import.upload",
      entityType: "import_run",
      entityId: run!.id,
      after: {
        kind: input.kind,
        files: files.map(({ role, name, checksum, bytes }) => ({ role, name, checksum, bytes })),
      },
    });
    return run!.id;
  });
}

function parseOptions(kind: ImportKind, values: Record<string, unknown>): Record<string, unknown> {
  const parsed = kind.options.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(issue.message, String(issue.path[0] ?? "options"));
  }
  return parsed.data as Record<string, unknown>;
}

async function loadRun(db: Database, runId: number) {
  const [run] = await db.select().from(importRuns).where(eq(importRuns.id, runId));
  if (!run) throw new DomainError("There is no such import.", undefined, "not-found");
  return run;
}

async function readFiles(
  db: Database,
  storage: FileStorage,
  run: typeof importRuns.$inferSelect,
  progress: (n: number) => void,
) {
  const kind = kindOf(run.kind);
  const remembered = await db.select().from(importColumnMappings).where(eq(importColumnMappings.kind, run.kind));
  const reads: Array<{ file: ImportRunFile; read: ReadCsv; label: string }> = [];
  for (const spec of kind.files) {
    const file = run.files.find((f) => f.role === spec.role);
    if (!file) continue;
    const bytes = await storage.get(file.storageKey);
    if (!bytes) throw new Error(`The kept file ${file.storageKey} of import ${run.id} is missing from storage`);
    const mapping = Object.fromEntries(
      remembered.filter((m) => m.fileRole === spec.role).map((m) => [m.fieldKey, m.header]),
    );
    reads.push({ file, label: spec.label, read: await readCsv(bytes, spec.fields, mapping, progress) });
  }
  return { kind, reads };
}

async function planRun(
  db: Database,
  storage: FileStorage,
  run: typeof importRuns.$inferSelect,
  context: ImportRunContext,
  progress: (n: number) => void,
): Promise<{ preview: ImportPreview; plan: ImportPlan | null; kind: ImportKind }> {
  const { kind, reads } = await readFiles(db, storage, run, progress);
  const files = reads.map(({ file, read, label }) => ({
    role: file.role,
    label,
    name: file.name,
    encoding: read.encoding,
    headers: read.headers,
    used: read.used,
    ignored: read.ignored,
    missing: read.missing,
    rows: read.rows.length + read.problems.length,
  }));
  const several = reads.length > 1;
  const readerProblems = reads.flatMap(({ file, read }) =>
    read.problems.map((p) => ({ ...p, ...(several ? { file: file.role } : {}) })),
  );
  const sameFilesApplied = await sameFilesAppliedBefore(db, run);
  const empty = {
    created: 0,
    changed: 0,
    unchanged: 0,
    ended: 0,
    skipped: new Set(readerProblems.map(problemRow)).size,
  };
  if (files.some((f) => f.missing.length > 0)) {
    const preview: ImportPreview = {
      files,
      planned: false,
      counts: empty,
      problems: readerProblems,
      changes: [],
      notes: [],
      valueGroups: [],
      sameFilesApplied,
    };
    return { preview, plan: null, kind };
  }
  const mappings = await db.select().from(importValueMappings).where(eq(importValueMappings.kind, run.kind));
  const valueMappings: Record<string, Record<string, string>> = {};
  for (const m of mappings) {
    valueMappings[m.fieldKey] = { ...valueMappings[m.fieldKey], [m.valueKey]: m.choice };
  }
  const plan = await kind.plan(
    db,
    Object.fromEntries(reads.map(({ file, read }) => [file.role, read.rows])),
    run.options,
    { today: context.today, settings: context.settings, headers: columnHeaders(reads), valueMappings, progress },
  );
  // Kinds name a column by its field's label; the preview names it as the file spells it.
  const headerOf = new Map(
    reads.flatMap(({ read }) => read.used.flatMap((u) => [[u.label, u.header] as const, [u.field, u.header] as const])),
  );
  const problems = [
    ...readerProblems,
    ...plan.problems.map((p) => ({ ...p, column: headerOf.get(p.column) ?? p.column })),
  ].sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || a.line - b.line);
  const shown: PlannedChange[] = [];
  for (const action of ["create", "change", "end"] as const) {
    shown.push(...plan.changes.filter((c) => c.action === action).slice(0, CHANGES_SHOWN));
  }
  const preview: ImportPreview = {
    files,
    planned: true,
    counts: { ...plan.counts, skipped: new Set(problems.map(problemRow)).size },
    problems,
    changes: shown,
    notes: plan.notes,
    valueGroups: plan.valueGroups,
    sameFilesApplied,
  };
  return { preview, plan, kind };
}

function columnHeaders(reads: Array<{ file: ImportRunFile; read: ReadCsv }>): Partial<Record<string, string>> {
  return Object.fromEntries(
    reads.flatMap(({ read }, index) =>
      read.used.map((u) => [index === 0 ? u.field : `${reads[index]!.file.role}.${u.field}`, u.header]),
    ),
  );
}

function problemRow(problem: RowProblem): string {
  return `${problem.file ?? ""}:${problem.line}`;
}

async function sameFilesAppliedBefore(db: Database, run: typeof importRuns.$inferSelect) {
  const checksums = run.files.map((f) => f.checksum).sort();
  const applied = await db
    .select({ id: importRuns.id, files: importRuns.files, appliedAt: importRuns.appliedAt })
    .from(importRuns)
    .where(and(eq(importRuns.kind, run.kind), eq(importRuns.status, "applied")))
    .orderBy(desc(importRuns.appliedAt))
    .limit(50);
  const same = applied.find(
    (r) => r.id !== run.id && JSON.stringify(r.files.map((f) => f.checksum).sort()) === JSON.stringify(checksums),
  );
  return same?.appliedAt ? { runId: same.id, appliedAt: same.appliedAt.toISOString() } : null;
}

/** Reads and checks the files and keeps what applying them would do. */
export async function previewImport(
  db: Database,
  storage: FileStorage,
  runId: number,
  context: ImportRunContext,
): Promise<ImportPreview> {
  return withImportProgress(runId, "previewing", async (progress) => {
    const run = await loadRun(db, runId);
    if (run.status === "applied" || run.status === "discarded" || run.status === "applying") {
      throw new DomainError("This import can no longer be previewed.", undefined, "not-previewable");
    }
    try {
      const { preview } = await planRun(db, storage, run, context, progress);
      await db
        .update(importRuns)
        .set({ status: "previewed", preview: { ...preview }, counts: preview.counts, failure: null })
        .where(eq(importRuns.id, runId));
      return preview;
    } catch (error) {
      await db
        .update(importRuns)
        .set({ status: "failed", failure: failureText(error, "previewing") })
        .where(eq(importRuns.id, runId));
      throw error;
    }
  });
}

function failureText(error: unknown, phase: "previewing" | "applying"): string {
  if (error instanceof DomainError) return error.message;
  return phase === "previewing"
    ? "The file could not be read. Check it is a CSV file with a header row, and upload it again."
    : "Applying the import failed and nothing was changed. Try again; if it fails again, contact the service's support team.";
}

type ApplyInput = ImportRunContext & { actorAccountId: string; skipBadRows: boolean };

/**
 * Checks a previewed import can be applied as the coordinator chose (bad rows skipped, values
 * mapped) and marks it as being applied, so no second apply starts; applyClaimedImport does it.
 */
async function claimForApply(db: Database, runId: number, input: ApplyInput) {
  const run = await loadRun(db, runId);
  if (run.status === "applied") throw new DomainError("This import has already been applied.", undefined, "not-ready");
  const preview = run.preview as ImportPreview | null;
  if (run.status !== "previewed" || !preview) {
    throw new DomainError("This import is not ready to apply.", undefined, "not-ready");
  }
  if (!preview.planned) throw new DomainError("Choose a column for each field the import needs.", "columns");
  const unmapped = preview.valueGroups.filter((g) => g.choice === null).length;
  if (unmapped > 0) {
    throw new DomainError(
      `Choose what ${unmapped === 1 ? "1 value" : `${unmapped} values`} in the file stand for, or to ignore them.`,
      "values",
    );
  }
  const bad = preview.counts.skipped;
  if (bad > 0 && !input.skipBadRows) {
    throw new DomainError(
      `${rowsText(bad)} in the file ${bad === 1 ? "has" : "have"} problems. Choose to skip ${bad === 1 ? "it" : "them"}, or fix the file and upload it again.`,
      "skipBadRows",
    );
  }
  const [claimed] = await db
    .update(importRuns)
    .set({ status: "applying", failure: null })
    .where(and(eq(importRuns.id, runId), eq(importRuns.status, "previewed")))
    .returning();
  if (!claimed) throw new DomainError("This import is already being applied.", undefined, "not-ready");
  return claimed;
}

/**
 * Applies a claimed import in one transaction: the files are read and checked again against the
 * records as they are now, and applied only if that gives what the coordinator saw.
 */
async function applyClaimedImport(
  db: Database,
  storage: FileStorage,
  claimed: typeof importRuns.$inferSelect,
  input: ApplyInput,
): Promise<ImportCounts> {
  const runId = claimed.id;
  return withImportProgress(runId, "applying", async (progress) => {
    try {
      const counts = await db.transaction(async (tx) => {
        const { preview, plan, kind } = await planRun(tx, storage, claimed, input, progress);
        const seen = claimed.preview as unknown as ImportPreview;
        if (!plan || !sameCounts(seen.counts, preview.counts) || plan.valueGroups.some((g) => g.choice === null)) {
          throw new DomainError(
            "The records have changed since this preview was made. Check the new preview, then apply it.",
            undefined,
            "stale-preview",
          );
        }
        await kind.apply(tx, plan, claimed.options, {
          actorAccountId: input.actorAccountId,
          importRunId: runId,
          today: input.today,
          progress,
        });
        await tx
          .update(importRuns)
          .set({
            status: "applied",
            counts: preview.counts,
            preview: { ...preview },
            options: { ...claimed.options, skipBadRows: input.skipBadRows },
            appliedByAccountId: input.actorAccountId,
            appliedAt: new Date(),
          })
          .where(eq(importRuns.id, runId));
        await recordAuditEvent(tx, {
          actorAccountId: input.actorAccountId,
          action: "import.apply",
          entityType: "import_run",
          entityId: runId,
          after: { kind: claimed.kind, counts: preview.counts, skipBadRows: input.skipBadRows },
        });
        return preview.counts;
      });
      // Bring the kept coverage of everyone the import touched up to date now, rather than on the
      // first page someone opens after it (5 s for a 50,000-row roster). The import stands either
      // way: a failure here leaves the refresh to the next reader.
      await keptCoverageUpToDate(db).catch((error) => logError(`Kept coverage after import ${runId}`, error));
      return counts;
    } catch (error) {
      // Nothing was applied (the transaction rolled back): the run goes back to its preview,
      // made again when the records moved on, so the page shows what applying would now do.
      await db
        .update(importRuns)
        .set({ status: "previewed", failure: failureText(error, "applying") })
        .where(eq(importRuns.id, runId));
      if (error instanceof DomainError && error.code === "stale-preview") {
        await previewImport(db, storage, runId, input);
      }
      throw error;
    }
  });
}

/** Applies a previewed import and waits for it (tests, scripts). */
export async function applyImport(
  db: Database,
  storage: FileStorage,
  runId: number,
  input: ApplyInput,
): Promise<ImportCounts> {
  const claimed = await claimForApply(db, runId, input);
  return applyClaimedImport(db, storage, claimed, input);
}

/**
 * Checks and claims an import, then applies it without waiting (a 50,000-row roster takes a while):
 * the page shows its progress, and the outcome is kept on the run. A broken rule found before
 * starting is thrown here, for the form.
 */
export async function startApplyImport(
  db: Database,
  storage: FileStorage,
  runId: number,
  input: ApplyInput,
): Promise<void> {
  const claimed = await claimForApply(db, runId, input);
  void applyClaimedImport(db, storage, claimed, input).catch((error) => {
    if (!(error instanceof DomainError)) logError(`Applying import ${runId}`, error);
  });
}

/** Makes the preview without waiting for it; its outcome is kept on the run. */
export function startPreviewImport(db: Database, storage: FileStorage, runId: number, context: ImportRunContext): void {
  void previewImport(db, storage, runId, context).catch((error) => {
    if (!(error instanceof DomainError)) logError(`Previewing import ${runId}`, error);
  });
}

function sameCounts(a: ImportCounts, b: ImportCounts): boolean {
  return (Object.keys(b) as Array<keyof ImportCounts>).every((key) => a[key] === b[key]);
}

function rowsText(n: number): string {
  return n === 1 ? "1 row" : `${n.toLocaleString("en-GB")} rows`;
}

/** The coordinator's choices change only an import waiting for them: not one applied, discarded or under way. */
function refuseUnlessWaiting(run: typeof importRuns.$inferSelect): void {
  if (run.status !== "previewed" && run.status !== "failed") {
    throw new DomainError("This import cannot be changed now.", undefined, "not-previewable");
  }
}

/** Remembers which header stands for a field in this kind's file, then previews again. */
export async function saveColumnMappings(
  db: Database,
  runId: number,
  input: { role: string; headers: Record<string, string>; actorAccountId: string },
): Promise<void> {
  const run = await loadRun(db, runId);
  refuseUnlessWaiting(run);
  const preview = run.preview as ImportPreview | null;
  const file = preview?.files.find((f) => f.role === input.role);
  const spec = kindOf(run.kind).files.find((f) => f.role === input.role);
  if (!file || !spec) throw new DomainError("There is no such file in this import.", "role");
  await db.transaction(async (tx) => {
    for (const [fieldKey, header] of Object.entries(input.headers)) {
      if (header === "") continue;
      if (!spec.fields.some((f) => f.key === fieldKey))
        throw new DomainError("Choose a column from the list.", fieldKey);
      if (!file.headers.includes(header)) throw new DomainError("Choose a column from the file.", fieldKey);
      await tx
        .insert(importColumnMappings)
        .values({ kind: run.kind, fileRole: input.role, fieldKey, header })
        .onConflictDoUpdate({
          target: [importColumnMappings.kind, importColumnMappings.fileRole, importColumnMappings.fieldKey],
          set: { header, updatedAt: new Date() },
        });
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "import.map-columns",
      entityType: "import_run",
      entityId: runId,
      after: { kind: run.kind, role: input.role, headers: input.headers },
    });
    await tx.update(importRuns).set({ status: "previewing" }).where(eq(importRuns.id, runId));
  });
}

/** Remembers what values stand for (a course name → a course, or ignore), then previews again. */
export async function saveValueMappings(
  db: Database,
  runId: number,
  input: { choices: Array<{ field: string; key: string; choice: string }>; actorAccountId: string },
): Promise<void> {
  const run = await loadRun(db, runId);
  refuseUnlessWaiting(run);
  const kind = kindOf(run.kind);
  const allowed = (await kind.valueChoices?.(db)) ?? {};
  const groups = (run.preview as ImportPreview | null)?.valueGroups ?? [];
  await db.transaction(async (tx) => {
    for (const { field, key, choice } of input.choices) {
      if (choice === "") continue;
      if (!groups.some((g) => g.field === field && g.key === key)) {
        throw new DomainError("That value is not in this file.", `value-${key}`);
      }
      if (choice !== "ignore" && !(allowed[field] ?? []).some((c) => c.value === choice)) {
        throw new DomainError("Choose one of the options.", `value-${key}`);
      }
      await tx
        .insert(importValueMappings)
        .values({ kind: run.kind, fieldKey: field, valueKey: key, choice })
        .onConflictDoUpdate({
          target: [importValueMappings.kind, importValueMappings.fieldKey, importValueMappings.valueKey],
          set: { choice, updatedAt: new Date() },
        });
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "import.map-values",
      entityType: "import_run",
      entityId: runId,
      after: { kind: run.kind, choices: input.choices },
    });
    await tx.update(importRuns).set({ status: "previewing" }).where(eq(importRuns.id, runId));
  });
}

/** Changes the kind's options (the contractor, mark leavers), then previews again. */
export async function updateImportOptions(
  db: Database,
  runId: number,
  input: { options: Record<string, string>; actorAccountId: string },
): Promise<void> {
  const run = await loadRun(db, runId);
  refuseUnlessWaiting(run);
  const options = parseOptions(kindOf(run.kind), input.options);
  await db.transaction(async (tx) => {
    await tx.update(importRuns).set({ options, status: "previewing" }).where(eq(importRuns.id, runId));
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "import.options",
      entityType: "import_run",
      entityId: runId,
      before: run.options,
      after: options,
    });
  });
}

/** Sets an import aside without applying it. */
export async function discardImport(db: Database, runId: number, actorAccountId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [run] = await tx
      .update(importRuns)
      .set({ status: "discarded" })
      .where(and(eq(importRuns.id, runId), sql`${importRuns.status} in ('previewed', 'failed')`))
      .returning({ id: importRuns.id });
    if (!run)
      throw new DomainError("Only an import that has not been applied can be discarded.", undefined, "not-ready");
    await recordAuditEvent(tx, {
      actorAccountId,
      action: "import.discard",
      entityType: "import_run",
      entityId: runId,
    });
  });
}

export interface ImportRunView {
  id: number;
  kind: ImportKindKey;
  kindLabel: string;
  status: ImportStatus;
  /** Under way according to its status, but no server here is working on it (a restart). */
  interrupted: boolean;
  progress: { phase: "previewing" | "applying"; rowsDone: number } | null;
  files: ImportRunFile[];
  options: Record<string, unknown>;
  preview: ImportPreview | null;
  counts: ImportCounts | null;
  failure: string | null;
  uploadedBy: string;
  uploadedAt: string;
  appliedBy: string | null;
  appliedAt: string | null;
}

function runView(
  run: typeof importRuns.$inferSelect,
  uploadedBy: string | null,
  appliedBy: string | null,
): ImportRunView {
  const progress = importProgress(run.id);
  return {
    id: run.id,
    kind: run.kind,
    kindLabel: IMPORT_KIND_LABELS[run.kind],
    status: run.status,
    interrupted: (run.status === "previewing" || run.status === "applying") && !progress,
    progress: progress ? { phase: progress.phase, rowsDone: progress.rowsDone } : null,
    files: run.files,
    options: run.options,
    preview: (run.preview as ImportPreview | null) ?? null,
    counts: run.counts ?? null,
    failure: run.failure,
    uploadedBy: uploadedBy ?? "Someone no longer here",
    uploadedAt: run.uploadedAt.toISOString(),
    appliedBy,
    appliedAt: run.appliedAt?.toISOString() ?? null,
  };
}

export async function getImportRun(db: Database, runId: number): Promise<ImportRunView | null> {
  const [row] = await db
    .select({
      run: importRuns,
      uploadedBy: sql<
        string | null
      >`(select display_name from ${accounts} where id = ${importRuns.uploadedByAccountId})`,
      appliedBy: sql<string | null>`(select display_name from ${accounts} where id = ${importRuns.appliedByAccountId})`,
    })
    .from(importRuns)
    .where(eq(importRuns.id, runId));
  return row ? runView(row.run, row.uploadedBy, row.appliedBy) : null;
}

/** The history, newest first, without the previews' detail. */
export async function listImportRuns(
  db: Database,
  page: { offset: number; limit: number },
): Promise<{ runs: Array<Omit<ImportRunView, "preview"> & { problems: number }>; total: number }> {
  const rows = await db
    .select({
      run: { ...importRuns, preview: sql<null>`null` },
      problems: sql<number>`coalesce(jsonb_array_length(${importRuns.preview} -> 'problems'), 0)::int`,
      uploadedBy: sql<
        string | null
      >`(select display_name from ${accounts} where id = ${importRuns.uploadedByAccountId})`,
      appliedBy: sql<string | null>`(select display_name from ${accounts} where id = ${importRuns.appliedByAccountId})`,
    })
    .from(importRuns)
    .orderBy(desc(importRuns.uploadedAt), desc(importRuns.id))
    .offset(page.offset)
    .limit(page.limit);
  const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(importRuns)) as [{ total: number }];
  return {
    runs: rows.map((r) => {
      const { preview: _preview, ...view } = runView(
        r.run as typeof importRuns.$inferSelect,
        r.uploadedBy,
        r.appliedBy,
      );
      return { ...view, problems: r.problems };
    }),
    total,
  };
}

/**
 * The rows of a file that have problems, as the file had them, with the line and the reasons
 * added: to fix and upload again.
 */
export async function skippedRowsCsv(
  db: Database,
  storage: FileStorage,
  runId: number,
  role: string,
): Promise<{ text: string; rows: number; fileName: string } | null> {
  const run = await loadRun(db, runId);
  const preview = run.preview as ImportPreview | null;
  const several = run.files.length > 1;
  const problems = (preview?.problems ?? []).filter((p) => !several || (p.file ?? run.files[0]!.role) === role);
  const { reads } = await readFiles(db, storage, run, () => {});
  const read = reads.find((r) => r.file.role === role);
  if (!read) return null;
  const reasons = new Map<number, string[]>();
  for (const p of problems) {
    const reason = p.column ? `${p.column}: ${p.reason}` : p.reason;
    reasons.set(p.line, [...(reasons.get(p.line) ?? []), reason]);
  }
  const lines = [...reasons.keys()].sort((a, b) => a - b);
  // The problem and line first, then the row's own cells as they were (all of them, extra ones too).
  const rows = lines.map((line) => [reasons.get(line)!.join("; "), line, ...(read.read.cells.get(line) ?? [])]);
  const base = read.file.name.replace(/\.csv$/i, "");
  return {
    text: csvText(["Problem", "Line in the original file", ...read.read.headers], rows),
    rows: rows.length,
    fileName: `${base}-rows-to-fix.csv`,
  };
}

/** The original file of an import, as uploaded. */
export async function importFile(
  db: Database,
  storage: FileStorage,
  runId: number,
  role: string,
): Promise<{ bytes: Uint8Array; name: string } | null> {
  const run = await loadRun(db, runId);
  const file = run.files.find((f) => f.role === role);
  if (!file) return null;
  const bytes = await storage.get(file.storageKey);
  return bytes ? { bytes, name: file.name } : null;
}
