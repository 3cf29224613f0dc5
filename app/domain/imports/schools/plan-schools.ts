import type { Database } from "../../../db/database";
import { readTypedDate } from "../../../lib/dates";
import {
  type HeldSchool,
  type RegisterSchoolFields,
  schoolsHeldByUrn,
  schoolsRoot,
} from "../../organisations/register-schools";
import type { ImportPlan, PlanContext, PlannedChange, RowProblem, SourceRow } from "../kind";
import { NO_COUNTS } from "../values";
import { REGISTER_STATUSES } from "./fields";

export interface SchoolCreate {
  line: number;
  urn: number;
  fields: RegisterSchoolFields;
}

export interface SchoolUpdate {
  line: number;
  id: number;
  urn: number;
  action: "update" | "close";
  before: RegisterSchoolFields;
  after: RegisterSchoolFields;
}

export interface SchoolConversion {
  line: number;
  id: number;
  oldUrn: number;
  newUrn: number;
  before: RegisterSchoolFields;
  after: RegisterSchoolFields;
}

export interface SchoolsWork {
  /** The root new schools go under; null when there is none yet (apply creates "Schools"). */
  rootId: number | null;
  creates: SchoolCreate[];
  updates: SchoolUpdate[];
  conversions: SchoolConversion[];
}

interface RegisterRow {
  line: number;
  urn: number;
  fields: RegisterSchoolFields;
  openDate: string | null;
}

const MAX_INT = 2_147_483_647;
const FIELD_LABELS: Record<keyof RegisterSchoolFields, string> = {
  name: "Name",
  schoolPhase: "Phase",
  schoolType: "Type",
  schoolStatus: "Status",
  closedOn: "Closed on",
  pupilCount: "Pupils",
};

function readUrn(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const urn = Number(text);
  return urn >= 1 && urn <= MAX_INT ? urn : null;
}

function sameLa(value: string, setting: string): boolean {
  const a = value.trim();
  const b = setting.trim();
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) === Number(b);
  return a.toLowerCase() === b.toLowerCase();
}

const isClosed = (status: string) => status.toLowerCase().startsWith("closed");

function fieldsOf(school: HeldSchool): RegisterSchoolFields {
  return {
    name: school.name,
    schoolPhase: school.schoolPhase,
    schoolType: school.schoolType,
    schoolStatus: school.schoolStatus,
    closedOn: school.closedOn,
    pupilCount: school.pupilCount,
  };
}

const shown = (value: string | number | null) => (value === null || value === "" ? null : String(value));

/** The fields that differ, before and after, as the preview shows them. */
function difference(before: RegisterSchoolFields, after: RegisterSchoolFields) {
  const b: Record<string, string | null> = {};
  const a: Record<string, string | null> = {};
  for (const key of Object.keys(FIELD_LABELS) as Array<keyof RegisterSchoolFields>) {
    if (shown(before[key]) !== shown(after[key])) {
      b[FIELD_LABELS[key]] = shown(before[key]);
      a[FIELD_LABELS[key]] = shown(after[key]);
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}

/** Reads the establishments file: only the council's rows, each checked. */
function readEstablishments(rows: SourceRow[], laCode: string, problems: RowProblem[]) {
  const ours: RegisterRow[] = [];
  const notOurs = new Map<number, string>();
  const seen = new Map<number, number>();
  for (const row of rows) {
    const v = row.values;
    const problem = (column: string, reason: string) =>
      problems.push({ file: "establishments", line: row.line, column, reason });
    if (!sameLa(v.laCode ?? "", laCode)) {
      const urn = readUrn(v.urn ?? "");
      if (urn !== null) notOurs.set(urn, v.laCode ?? "");
      continue;
    }
    const urn = readUrn(v.urn ?? "");
    if (urn === null) {
      problem("URN", v.urn ? `"${v.urn}" is not a URN (a whole number)` : "The URN is missing");
      continue;
    }
    if (seen.has(urn)) {
      problem("URN", `URN ${urn} is also on line ${seen.get(urn)}`);
      continue;
    }
    seen.set(urn, row.line);
    const name = (v.name ?? "").replace(/\s+/g, " ");
    if (name === "") {
      problem("EstablishmentName", "The school's name is missing");
      continue;
    }
    const status = REGISTER_STATUSES.find((s) => s.toLowerCase() === (v.status ?? "").toLowerCase());
    if (!status) {
      problem(
        "EstablishmentStatus (name)",
        v.status
          ? `"${v.status}" is not a status of the register (${REGISTER_STATUSES.join("; ")})`
          : "The status is missing",
      );
      continue;
    }
    let pupilCount: number | null = null;
    const pupils = (v.pupils ?? "").replace(/,/g, "");
    if (pupils !== "") {
      if (!/^\d{1,7}$/.test(pupils)) {
        problem("NumberOfPupils", `"${v.pupils}" is not a number of pupils`);
        continue;
      }
      pupilCount = Number(pupils);
    }
    let closedOn: string | null = null;
    if (v.closeDate) {
      const date = readTypedDate(v.closeDate);
      if (date === null) {
        problem("CloseDate", `"${v.closeDate}" is not a date (the register writes 31-08-2024)`);
        continue;
      }
      if (isClosed(status)) closedOn = date;
    }
    const openDate = v.openDate ? readTypedDate(v.openDate) : null;
    ours.push({
      line: row.line,
      urn,
      openDate,
      fields: {
        name,
        schoolPhase: v.phase || null,
        schoolType: v.type || null,
        schoolStatus: status,
        closedOn,
        pupilCount,
      },
    });
  }
  return { ours, notOurs };
}

/**
 * The links file's one-to-one successions (an academy conversion): old URN → new URN. A school
 * that split or merged ("Successor - merged", "- amalgamated", "- split") is not one school
 * carried on, so it is only reported.
 */
function readLinks(rows: SourceRow[], problems: RowProblem[]) {
  const successors = new Map<number, Set<number>>();
  const predecessors = new Map<number, Set<number>>();
  const otherLinks = new Map<number, string[]>();
  const add = (map: Map<number, Set<number>>, key: number, value: number) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(value);
  };
  for (const row of rows) {
    const urn = readUrn(row.values.urn ?? "");
    const link = readUrn(row.values.linkUrn ?? "");
    if (urn === null || link === null) {
      problems.push({
        file: "links",
        line: row.line,
        column: urn === null ? "URN" : "LinkURN",
        reason: `"${urn === null ? row.values.urn : row.values.linkUrn}" is not a URN (a whole number)`,
      });
      continue;
    }
    const type = (row.values.linkType ?? "").trim().toLowerCase();
    if (type === "successor") {
      add(successors, urn, link);
      add(predecessors, link, urn);
    } else if (type === "predecessor") {
      add(predecessors, urn, link);
      add(successors, link, urn);
    } else if (type.startsWith("successor")) {
      otherLinks.set(urn, [...(otherLinks.get(urn) ?? []), `${row.values.linkType} ${link}`]);
    }
  }
  /** The one successor of `urn` whose one predecessor is `urn`, if so. */
  return (urn: number): number | null => {
    const next = successors.get(urn);
    if (next?.size !== 1) return null;
    const [successor] = [...next];
    const back = predecessors.get(successor!);
    return back && back.size === 1 ? successor! : null;
  };
}

/** Plans the register's import: which of the council's schools to add, change, close or carry over to a new URN. */
export async function planSchools(
  db: Database,
  files: Record<string, SourceRow[]>,
  context: PlanContext,
): Promise<ImportPlan<SchoolsWork>> {
  const problems: RowProblem[] = [];
  const changes: PlannedChange[] = [];
  const notes: string[] = [];
  const counts = { ...NO_COUNTS };
  const work: SchoolsWork = { rootId: null, creates: [], updates: [], conversions: [] };
  const establishments = files.establishments ?? [];
  const laCode = context.settings.localAuthorityCode?.trim() ?? "";
  if (laCode === "") {
    problems.push({
      file: "establishments",
      line: 1,
      column: "LA (code)",
      reason:
        "The council's local authority code is not set, so the service cannot tell the council's schools from the rest of the register. Set it (Barnet is 302) and upload the file again.",
    });
    return { problems, changes, counts, notes, valueGroups: [], work };
  }

  const { ours, notOurs } = readEstablishments(establishments, laCode, problems);
  const successorOf = readLinks(files.links ?? [], problems);
  context.progress(establishments.length);
  const held = await schoolsHeldByUrn(db);
  const byUrn = new Map(held.filter((s) => s.urn !== null).map((s) => [s.urn!, s]));
  const byPredecessor = new Map(held.filter((s) => s.predecessorUrn !== null).map((s) => [s.predecessorUrn!, s]));
  const rowByUrn = new Map(ours.map((r) => [r.urn, r]));
  const badLines = new Set(problems.filter((p) => p.file === "establishments").map((p) => p.line));
  work.rootId = (await schoolsRoot(db))?.id ?? null;

  counts.skipped += establishments.length - ours.length - badLines.size;
  if (notOurs.size > 0) {
    notes.push(
      `${notOurs.size} ${notOurs.size === 1 ? "row is" : "rows are"} of other local authorities than ${laCode} and ${notOurs.size === 1 ? "was" : "were"} left out.`,
    );
  }
  for (const school of held) {
    if (school.urn !== null && notOurs.has(school.urn)) {
      notes.push(
        `${school.name} (URN ${school.urn}) is held by the service but the register now places it in local authority ${notOurs.get(school.urn)}: it is left as it is.`,
      );
    }
  }

  // Academy conversions first: they take the new URN's row and the old one's.
  const consumed = new Set<number>();
  for (const row of ours) {
    const school = byUrn.get(row.urn);
    if (!school || !isClosed(row.fields.schoolStatus)) continue;
    const newUrn = successorOf(row.urn);
    if (newUrn === null) continue;
    const successor = rowByUrn.get(newUrn);
    if (!successor || isClosed(successor.fields.schoolStatus)) continue;
    if (byUrn.has(newUrn) || byPredecessor.has(newUrn)) {
      if (isClosed(school.schoolStatus)) {
        notes.push(
          `${school.name} (URN ${row.urn}) closed and became URN ${newUrn}, which the service holds as a school of its own: people still recorded at the closed school are not carried over by the import; move them by hand.`,
        );
        continue;
      }
      problems.push({
        file: "establishments",
        line: row.line,
        column: "URN",
        reason: `${school.name} (URN ${row.urn}) became URN ${newUrn}, which the service already holds as a school of its own, so its people and declared figures cannot be carried over by the import: move them to the new school by hand, then upload the file again.`,
      });
      // A bad row: the old school is neither closed nor converted until the coordinator has moved its people.
      consumed.add(row.urn);
      continue;
    }
    const before = fieldsOf(school);
    const diff = difference(before, successor.fields);
    changes.push({
      action: "change",
      line: successor.line,
      label: `${school.name}: URN ${row.urn} → ${newUrn} (academy conversion)`,
      before: { URN: String(row.urn), ...diff.before },
      after: { URN: String(newUrn), ...diff.after },
    });
    notes.push(
      `Academy conversion: ${school.name} (URN ${row.urn}) closed${row.fields.closedOn ? ` on ${row.fields.closedOn}` : ""} and reopened as ${successor.fields.name} (URN ${newUrn}${successor.openDate ? `, opened ${successor.openDate}` : ""}). The school keeps its record in the service with the new URN, so its people, declared figures and training history carry over. Check this before confirming.`,
    );
    work.conversions.push({
      line: successor.line,
      id: school.id,
      oldUrn: row.urn,
      newUrn,
      before,
      after: successor.fields,
    });
    counts.changed += 1;
    consumed.add(row.urn).add(newUrn);
  }

  let closedNotHeld = 0;
  for (const row of ours) {
    if (consumed.has(row.urn)) continue;
    const school = byUrn.get(row.urn);
    if (!school) {
      if (byPredecessor.has(row.urn)) {
        // Converted by an earlier import: the school carries on under its new URN.
        counts.unchanged += 1;
      } else if (isClosed(row.fields.schoolStatus)) {
        closedNotHeld += 1;
        counts.skipped += 1;
      } else {
        changes.push({
          action: "create",
          line: row.line,
          label: `${row.fields.name} (URN ${row.urn})`,
          after: Object.fromEntries(
            (Object.keys(FIELD_LABELS) as Array<keyof RegisterSchoolFields>).map((k) => [
              FIELD_LABELS[k],
              shown(row.fields[k]),
            ]),
          ),
        });
        work.creates.push({ line: row.line, urn: row.urn, fields: row.fields });
        counts.created += 1;
      }
      continue;
    }
    const before = fieldsOf(school);
    const diff = difference(before, row.fields);
    if (!diff.changed) {
      counts.unchanged += 1;
      continue;
    }
    const closing = isClosed(row.fields.schoolStatus) && !isClosed(school.schoolStatus);
    changes.push({
      action: closing ? "end" : "change",
      line: row.line,
      label: `${school.name} (URN ${row.urn})`,
      before: diff.before,
      after: diff.after,
    });
    work.updates.push({
      line: row.line,
      id: school.id,
      urn: row.urn,
      action: closing ? "close" : "update",
      before,
      after: row.fields,
    });
    if (closing) counts.ended += 1;
    else counts.changed += 1;
  }
  if (closedNotHeld > 0) {
    notes.push(
      `${closedNotHeld} closed ${closedNotHeld === 1 ? "school" : "schools"} of the council that the service never held ${closedNotHeld === 1 ? "was" : "were"} not added.`,
    );
  }
  const ended = work.updates.filter((u) => u.action === "close").length;
  if (ended > 0) {
    notes.push(
      `${ended} ${ended === 1 ? "school closes" : "schools close"}: ${ended === 1 ? "it leaves" : "they leave"} coverage, and ${ended === 1 ? "its" : "their"} people and training history are kept.`,
    );
  }
  if (work.creates.length > 0 && work.rootId === null) {
    notes.push('The service has no "Schools" organisation yet: one is created to hold the new schools.');
  }
  return { problems, changes, counts, notes, valueGroups: [], work };
}
