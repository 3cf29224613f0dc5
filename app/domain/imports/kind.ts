import type { z } from "zod";
import type { Database } from "../../db/database";
import type { ImportCounts, ImportKindKey } from "./values";

/**
 * What one kind of import (an HR roster, the DfE schools register, historical training records)
 * gives the shared flow in import-runs.ts: upload → preview → confirm → applied in one
 * transaction → kept in the history. The flow reads the file(s), finds the columns by their
 * headers and hands the kind rows by field; the kind checks them against the records, says what
 * would change, and later applies exactly the good rows of that plan.
 */

/** A value the kind needs from a file, found by its header (never by position). */
export interface ImportField {
  key: string;
  /** As the preview shows it, e.g. "Employee number". */
  label: string;
  required: boolean;
  /**
   * Header spellings recognised without asking, compared after normalising (lower case, letters
   * and digits only): "Employee No", "EmployeeNumber", "Emp No", "Staff ID".
   */
  synonyms: readonly string[];
}

/** One file of an import (the schools register has two: establishments and links). */
export interface ImportFile {
  role: string;
  label: string;
  optional?: boolean;
  fields: readonly ImportField[];
}

/** A data row of a file: its line number in the file (the header is line 1) and its values by field key, trimmed ("" when empty or the column is absent). */
export interface SourceRow {
  line: number;
  values: Record<string, string>;
}

/** A bad row: where, and why in plain words. */
export interface RowProblem {
  /** The file's role, when the kind has more than one file. */
  file?: string;
  line: number;
  /** The header of the column at fault as the file spells it, or "" for the whole row. */
  column: string;
  reason: string;
}

/** One thing the import would do, for the preview. */
export interface PlannedChange {
  action: "create" | "change" | "end";
  line: number | null;
  /** Who or what: "Priya Shah (00123)", "Hendon School (URN 101234)". */
  label: string;
  /** The fields that change, before and after (only those that differ). */
  before?: Record<string, string | null>;
  after?: Record<string, string | null>;
}

/**
 * A value the coordinator maps once and the service remembers for the next file of the kind
 * (the course names people typed: "Wrap 3" → WRAP). Kept in import_value_mappings.
 */
export interface ValueGroup {
  field: string;
  /** The normalised key the mapping is remembered by. */
  key: string;
  /** The spellings found in this file, and how many rows each. */
  spellings: Array<{ text: string; rows: number }>;
  /** The remembered or suggested choice: a target's id as text, "ignore", or null (not chosen yet). */
  choice: string | null;
  /** Whether the choice was remembered from an earlier file (rather than suggested or missing). */
  remembered: boolean;
}

/** The council's settings an import needs (from the environment, passed in by the route). */
export interface ImportSettings {
  /** The DfE's number for the council's local authority (Barnet is 302): only its schools are imported. */
  localAuthorityCode: string | null;
}

export interface PlanContext {
  /** The council's today, YYYY-MM-DD. */
  today: string;
  settings: ImportSettings;
  /**
   * The columns the file has: field key → the header as the file spells it (of the first file when
   * the kind has several; fields of the other files under `<role>.<field>`). A field not here has
   * no column, which is not the same as a column left empty.
   */
  headers: Partial<Record<string, string>>;
  /** Remembered value mappings of this kind: field → normalised key → choice. */
  valueMappings: Record<string, Record<string, string>>;
  /** Called now and then with rows worked through, for the progress shown on the page. */
  progress: (rowsDone: number) => void;
}

export interface ImportPlan<Work = unknown> {
  problems: RowProblem[];
  /** Every change (the flow keeps a sample of each action for the preview, and the exact counts). */
  changes: PlannedChange[];
  counts: ImportCounts;
  /** Things the coordinator should read before confirming, in plain words. */
  notes: string[];
  /** Values that need (or have) a mapping; an unmapped one blocks the apply. */
  valueGroups: ValueGroup[];
  /** What apply needs: built only from good rows. Not kept; the plan is made again at apply time. */
  work: Work;
}

export interface ApplyContext {
  actorAccountId: string;
  importRunId: number;
  today: string;
  progress: (rowsDone: number) => void;
}

/** A choice of the kind's, asked on the upload form and again on the preview (e.g. mark leavers, the contractor). */
export interface ImportOptionField {
  /** The form field's name and the options object's key. */
  name: string;
  type: "checkbox" | "select";
  label: string;
  hint?: string;
  /** For a select: its options ("" for none). */
  choices?: Array<{ value: string; label: string }>;
}

export interface ImportKind<Options = unknown, Work = unknown> {
  key: ImportKindKey;
  files: readonly ImportFile[];
  /** The form fields for the kind's options, with their choices as the records stand. */
  optionFields(db: Database): Promise<ImportOptionField[]>;
  /**
   * The kind's options from the form's values (a checkbox not ticked is absent; a select's ""
   * is none). A safeParse failure is shown on the form.
   */
  options: z.ZodType<Options>;
  /** For each field with value groups, what a value may be mapped to (besides "ignore"). */
  valueChoices?(db: Database): Promise<Record<string, Array<{ value: string; label: string }>>>;
  plan(
    db: Database,
    rows: Record<string, SourceRow[]>,
    options: Options,
    context: PlanContext,
  ): Promise<ImportPlan<Work>>;
  /** Applies a plan made in the same transaction; writes its own audit events per record. */
  apply(tx: Database, plan: ImportPlan<Work>, options: Options, context: ApplyContext): Promise<void>;
}
