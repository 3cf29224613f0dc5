/**
 * The roster's plan: every row checked on its own (required values, formulas, e-mails, dates,
 * flags), then against the other rows and the records (repeated numbers and e-mails, e-mails held
 * by someone not in the file, managers who exist nowhere, management loops), then compared with
 * the records in memory: people are loaded once, in one row of JSON, since PGlite hands many rows
 * to JavaScript slowly.
 */
import type { Database } from "../../../db/database";
import { readTypedDate } from "../../../lib/dates";
import type { EmploymentType } from "../../../lib/values";
import { DomainError } from "../../errors";
import { type RosterOrganisation, organisationsForRoster } from "../../organisations/roster-organisations";
import { datesProblem, emailKey, emailProblem, formulaProblem, managementLoops } from "../../people/person-rules";
import { type RosterPerson, peopleForRoster } from "../../people/roster-people";
import type { ImportPlan, PlanContext, PlannedChange, RowProblem, SourceRow } from "../kind";
import { yieldToOthers } from "../read-csv";
import {
  EMPLOYMENT_TYPE_WORDS,
  FIELD_LABEL,
  ROSTER_FIELDS,
  type RosterFieldKey,
  readEmploymentType,
  readFlag,
  readTags,
} from "./roster-fields";

export interface RosterOptions {
  /** The contractor whose staff list this is; null for the council's own roster. */
  organisationId: number | null;
  /** A full roster: people of the organisation with an employee number who are not in the file leave today. */
  markLeavers: boolean;
}

/** A person's values as the import compares and writes them. */
export interface PersonValues {
  externalRef: string;
  givenName: string;
  familyName: string;
  email: string | null;
  jobTitle: string | null;
  /** "id:12" for an organisation that exists, "new:…" for one the import creates. */
  organisationKey: string;
  /** The line manager's employee number. */
  managerNumber: string | null;
  profileTags: string[];
  employmentType: EmploymentType;
  startDate: string;
  leavingDate: string | null;
}

export interface NewOrganisationPlan {
  key: string;
  parentKey: string;
  kind: "directorate" | "service";
  name: string;
}

/** A line manager who exists (by id), or one the import creates (by employee number). */
export type ManagerRef = { id: number } | { number: string } | null;

export interface RosterWork {
  rootId: number;
  /** Parents before children. */
  newOrganisations: NewOrganisationPlan[];
  creates: Array<{ values: PersonValues; manager: ManagerRef; after: Record<string, unknown> }>;
  updates: Array<{
    id: number;
    values: PersonValues;
    manager: ManagerRef;
    emailChanges: boolean;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  }>;
  leavers: Array<{ id: number }>;
}

type Existing = RosterPerson;
type Org = RosterOrganisation;

/** One row as read, before it is checked against the others. */
interface Candidate {
  line: number;
  number: string;
  emailKey: string | null;
  values: Omit<PersonValues, "organisationKey" | "profileTags" | "employmentType"> & {
    frontline: boolean | null;
    tags: string[] | null;
    employmentType: EmploymentType | null;
    directorate: string;
    service: string;
  };
  existing: Existing | null;
  /** Matched by e-mail: a person kept by hand, with no employee number yet. */
  adopted: boolean;
}

/** Rows between yields to other requests (about 10 ms of work each on this machine). */
const BATCH = 1000;

const collapse = (name: string) => name.trim().replace(/\s+/g, " ");
const nameKey = (name: string) => collapse(name).toLowerCase();

export async function planRoster(
  db: Database,
  rows: SourceRow[],
  options: RosterOptions,
  context: PlanContext,
): Promise<ImportPlan<RosterWork>> {
  const headerOf = (field: RosterFieldKey) => context.headers?.[field] ?? FIELD_LABEL[field];
  const problems: RowProblem[] = [];
  const bad = new Set<number>();
  const fail = (line: number, field: RosterFieldKey | "", reason: string) => {
    problems.push({ line, column: field === "" ? "" : headerOf(field), reason });
    bad.add(line);
  };

  // Which optional columns the file has: from the flow when it says, else any row with a value.
  // Everyone in a roster is on the staff unless their row gives an end date: a file without the
  // column brings back a leaver it lists.
  const present = (field: RosterFieldKey): boolean =>
    field === "leavingDate" ||
    (context.headers ? context.headers[field] !== undefined : rows.some((r) => (r.values[field] ?? "") !== ""));
  const has = Object.fromEntries(ROSTER_FIELDS.map((f) => [f.key, present(f.key)])) as Record<RosterFieldKey, boolean>;

  // The organisation tree the list belongs to.
  const orgs = await organisationsForRoster(db);
  const root = findRoot(orgs, options.organisationId);
  const tree = new OrgTree(orgs, root);

  const existing = await peopleForRoster(db);
  const byId = new Map(existing.map((p) => [p.id, p]));
  const byRef = new Map<string, Existing>();
  const byEmail = new Map<string, Existing>();
  for (const p of existing) {
    if (p.ref !== null) byRef.set(p.ref, p);
    if (p.email !== null) byEmail.set(emailKey(p.email), p);
  }
  await yieldToOthers();

  // 1. Each row on its own.
  const candidates: Candidate[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const candidate = readRow(row, has, (field, reason) => fail(row.line, field, reason));
    if (candidate) candidates.push(candidate);
    if ((i + 1) % BATCH === 0) {
      context.progress(i + 1);
      await yieldToOthers();
    }
  }

  // 2. Repeats within the file: every line of a repeat is reported.
  repeats(
    candidates,
    (c) => c.number,
    (c, others) => fail(c.line, "employeeNumber", `Employee number ${c.number} is also on ${linesWord(others)}`),
  );
  repeats(
    candidates.filter((c) => c.emailKey !== null),
    (c) => c.emailKey!,
    (c, others) => fail(c.line, "email", `The e-mail address ${c.values.email} is also on ${linesWord(others)}`),
  );
  const fileNumbers = new Set(rows.map((r) => r.values.employeeNumber ?? "").filter((n) => n !== ""));
  await yieldToOthers();

  // 3. Who each row is in the records.
  for (const c of candidates) {
    const found = byRef.get(c.number);
    if (found) {
      if (found.rootId !== root.id) {
        fail(
          c.line,
          "employeeNumber",
          `Employee number ${c.number} belongs to ${found.givenName} ${found.familyName} of ${tree.rootName(found.rootId)}, not ${root.name}: this list changes only ${root.name}'s people`,
        );
        continue;
      }
      c.existing = found;
    } else if (c.emailKey !== null) {
      const holder = byEmail.get(c.emailKey);
      if (holder && holder.ref === null && holder.rootId === root.id) {
        c.existing = holder;
        c.adopted = true;
      }
    }
  }

  // 4. Checks that depend on which rows are good, until no more rows drop out.
  const managerColumn = has.managerNumber;
  const lineOf = new Map(rows.map((r) => [r.values.employeeNumber ?? "", r.line]));
  for (let round = 0; ; round++) {
    await yieldToOthers();
    const before = bad.size;
    const good = candidates.filter((c) => !bad.has(c.line));
    const goodByNumber = new Map(good.map((c) => [c.number, c]));
    const goodIds = new Set(good.flatMap((c) => (c.existing ? [c.existing.id] : [])));
    for (const c of good) {
      if (c.emailKey !== null) {
        const holder = byEmail.get(c.emailKey);
        if (holder && holder.id !== c.existing?.id && !goodIds.has(holder.id)) {
          fail(
            c.line,
            "email",
            `The e-mail address ${c.values.email} is already used by ${holder.givenName} ${holder.familyName}${holder.ref ? ` (employee number ${holder.ref})` : ""}, who is not in this file`,
          );
          continue;
        }
      }
      const manager = c.values.managerNumber;
      if (manager !== null && !goodByNumber.has(manager) && !byRef.has(manager)) {
        const line = lineOf.get(manager);
        fail(
          c.line,
          "managerNumber",
          line !== undefined
            ? `The line manager ${manager} is on line ${line}, which cannot be imported`
            : `No one has the employee number ${manager}, neither in this file nor in the records`,
        );
      }
    }
    // Management loops, with the file's managers over the records' ones.
    const keyOf = (p: Existing) => p.ref ?? `#${p.id}`;
    const managerOf = new Map<string, string | null>();
    for (const p of existing) {
      const m = p.managerId === null ? undefined : byId.get(p.managerId);
      managerOf.set(keyOf(p), m ? keyOf(m) : null);
    }
    const stillGood = good.filter((c) => !bad.has(c.line));
    for (const c of stillGood) {
      if (c.adopted) managerOf.delete(`#${c.existing!.id}`);
      if (managerColumn) managerOf.set(c.number, c.values.managerNumber);
      else if (!c.existing) managerOf.set(c.number, null);
      else if (c.adopted) {
        const m = c.existing.managerId === null ? undefined : byId.get(c.existing.managerId);
        managerOf.set(c.number, m ? keyOf(m) : null);
      }
    }
    await yieldToOthers();
    const goodLine = new Map(stillGood.map((c) => [c.number, c.line]));
    for (const loop of managementLoops(managerOf)) {
      const words = [...loop, loop[0]].join(" → ");
      for (const key of loop) {
        const line = goodLine.get(key);
        if (line !== undefined) fail(line, "managerNumber", `Line managers go round in a loop: ${words}`);
      }
    }
    if (bad.size === before || round > 50) break;
  }

  await yieldToOthers();
  // 5. What each good row would do.
  const changes: PlannedChange[] = [];
  const work: RosterWork = {
    rootId: root.id,
    newOrganisations: [],
    creates: [],
    updates: [],
    leavers: [],
  };
  let unchanged = 0;
  const good = candidates.filter((c) => !bad.has(c.line));
  const adoptedIds = new Map(good.flatMap((c) => (c.adopted ? [[c.number, c.existing!.id] as const] : [])));
  const managerRef = (number: string | null): ManagerRef => {
    if (number === null) return null;
    const id = byRef.get(number)?.id ?? adoptedIds.get(number);
    return id === undefined ? { number } : { id };
  };
  const managerKey = (p: Existing): string | null => {
    const m = p.managerId === null ? undefined : byId.get(p.managerId);
    return m ? (m.ref ?? `${m.givenName} ${m.familyName}`) : null;
  };
  const defaultType: EmploymentType = root.kind === "contractor" ? "contractor" : "permanent";
  for (let i = 0; i < good.length; i++) {
    const c = good[i]!;
    const e = c.existing;
    const v = c.values;
    const resolved =
      has.directorate || has.service
        ? tree.resolve(v.directorate, v.service)
        : e
          ? `id:${e.organisationId}`
          : `id:${root.id}`;
    const organisationKey = e && tree.keepsTeam(e.organisationId, resolved) ? `id:${e.organisationId}` : resolved;
    const oldTags = e ? e.tags : [];
    let tags = has.tags ? (v.tags ?? []) : oldTags.filter((t) => t !== "frontline");
    if (!has.tags && oldTags.includes("frontline")) tags = [...tags, "frontline"];
    if (has.frontline)
      tags = v.frontline
        ? [...tags.filter((t) => t !== "frontline"), "frontline"]
        : tags.filter((t) => t !== "frontline");
    tags = [...new Set(tags)].sort();
    const after: PersonValues = {
      externalRef: c.number,
      givenName: v.givenName,
      familyName: v.familyName,
      email: has.email ? v.email : (e?.email ?? null),
      jobTitle: has.jobTitle ? v.jobTitle : (e?.jobTitle ?? null),
      organisationKey,
      managerNumber: managerColumn ? v.managerNumber : e ? managerKey(e) : null,
      profileTags: tags,
      employmentType: v.employmentType ?? e?.employmentType ?? defaultType,
      startDate: v.startDate,
      leavingDate: has.leavingDate ? v.leavingDate : (e?.leavingDate ?? null),
    };
    const label = `${v.givenName} ${v.familyName} (${c.number})`;
    if (!e) {
      const shown = display(after, tree);
      changes.push({ action: "create", line: c.line, label, after: shown });
      work.creates.push({ values: after, manager: managerRef(after.managerNumber), after: auditValues(after, tree) });
    } else {
      const current: PersonValues = {
        externalRef: e.ref ?? "",
        givenName: e.givenName,
        familyName: e.familyName,
        email: e.email,
        jobTitle: e.jobTitle,
        organisationKey: `id:${e.organisationId}`,
        managerNumber: managerKey(e),
        profileTags: [...e.tags].sort(),
        employmentType: e.employmentType,
        startDate: e.startDate,
        leavingDate: e.leavingDate,
      };
      const differing = (Object.keys(after) as Array<keyof PersonValues>).filter(
        (k) => JSON.stringify(after[k]) !== JSON.stringify(current[k]),
      );
      if (differing.length === 0) {
        unchanged++;
      } else {
        const shownBefore = display(current, tree);
        const shownAfter = display(after, tree);
        const auditBefore = auditValues(current, tree);
        const auditAfter = auditValues(after, tree);
        changes.push({
          action: "change",
          line: c.line,
          label,
          before: pick(shownBefore, differing.map(displayKey)),
          after: pick(shownAfter, differing.map(displayKey)),
        });
        work.updates.push({
          id: e.id,
          values: after,
          manager: differing.includes("managerNumber")
            ? managerRef(after.managerNumber)
            : e.managerId === null
              ? null
              : { id: e.managerId },
          emailChanges: differing.includes("email") && e.email !== null,
          before: pick(auditBefore, differing.map(auditKey)),
          after: pick(auditAfter, differing.map(auditKey)),
        });
      }
    }
    if ((i + 1) % BATCH === 0) {
      context.progress(rows.length);
      await yieldToOthers();
    }
  }
  work.newOrganisations = tree.created;

  // 6. Leavers: people of the organisation with an employee number, still there, not in the file.
  const notes: string[] = [];
  if (options.markLeavers) {
    for (const p of existing) {
      if (p.rootId === root.id && p.ref !== null && p.leavingDate === null && !fileNumbers.has(p.ref)) {
        work.leavers.push({ id: p.id });
        changes.push({
          action: "end",
          line: null,
          label: `${p.givenName} ${p.familyName} (${p.ref})`,
          before: { "End date": null },
          after: { "End date": laterOf(p.startDate, context.today) },
        });
      }
    }
    notes.push(
      work.leavers.length === 0
        ? `Everyone of ${root.name} with an employee number is in this file: no one will be marked as a leaver.`
        : `${countWords(work.leavers.length, "person", "people")} of ${root.name} with an employee number ${work.leavers.length === 1 ? "is" : "are"} not in this file and will be marked as ${work.leavers.length === 1 ? "a leaver" : "leavers"} today.`,
    );
  }
  if (tree.created.length > 0) {
    notes.push(
      `New organisations will be created under ${root.name}: ${tree.created.map((o) => `${tree.labelOf(o.key)} (${o.kind})`).join("; ")}.`,
    );
  }
  const adopted = good.filter((c) => c.adopted).length;
  if (adopted > 0) {
    notes.push(
      `${countWords(adopted, "person", "people")} kept by hand without an employee number ${adopted === 1 ? "is" : "are"} matched by e-mail address and will be given the file's employee number.`,
    );
  }
  context.progress(rows.length);

  problems.sort((a, b) => a.line - b.line);
  return {
    problems,
    changes,
    counts: {
      created: work.creates.length,
      changed: work.updates.length,
      unchanged,
      ended: work.leavers.length,
      skipped: bad.size,
    },
    notes,
    valueGroups: [],
    work,
  };
}

function readRow(
  row: SourceRow,
  has: Record<RosterFieldKey, boolean>,
  fail: (field: RosterFieldKey, reason: string) => void,
): Candidate | null {
  const value = (field: RosterFieldKey) => row.values[field] ?? "";
  let ok = true;
  const problem = (field: RosterFieldKey, reason: string) => {
    fail(field, reason);
    ok = false;
  };
  for (const field of ROSTER_FIELDS) {
    const formula = formulaProblem(value(field.key));
    if (formula) problem(field.key, formula);
  }
  if (!ok) return null;
  const missing = (field: RosterFieldKey, what: string) => {
    if (value(field) === "") problem(field, `The ${what} is missing`);
  };
  missing("employeeNumber", "employee number");
  missing("givenName", "first name");
  missing("familyName", "last name");
  missing("startDate", "start date");
  const email = value("email");
  if (email !== "") {
    const reason = emailProblem(email);
    if (reason) problem("email", reason);
  }
  const startText = value("startDate");
  const leavingText = value("leavingDate");
  const startDate = readTypedDate(startText);
  const leavingDate = leavingText === "" ? null : readTypedDate(leavingText);
  if (startText !== "") {
    const dates = datesProblem(startDate ?? "", leavingText === "" ? null : (leavingDate ?? ""));
    if (dates) {
      const field = dates.field === "startDate" ? "startDate" : "leavingDate";
      const typed = field === "startDate" ? startText : leavingText;
      problem(
        field,
        field === "leavingDate" && leavingDate !== null ? dates.reason : `${dates.reason}: "${typed}" is not one`,
      );
    }
  } else if (leavingText !== "" && leavingDate === null) {
    problem("leavingDate", `The leaving date must be a real date: "${leavingText}" is not one`);
  }
  const frontline = has.frontline ? readFlag(value("frontline")) : null;
  if (has.frontline && frontline === null) {
    problem("frontline", `Frontline must be Yes or No (Y, N, TRUE, FALSE, 1 or 0), not "${value("frontline")}"`);
  }
  const typeText = value("employmentType");
  const employmentType = typeText === "" ? null : readEmploymentType(typeText);
  if (typeText !== "" && employmentType === null) {
    problem("employmentType", `The employment type must be one of: ${EMPLOYMENT_TYPE_WORDS}; "${typeText}" is not one`);
  }
  const number = value("employeeNumber");
  const managerNumber = value("managerNumber") === "" ? null : value("managerNumber");
  if (managerNumber !== null && managerNumber === number) {
    problem("managerNumber", "Someone cannot be their own line manager");
  }
  if (!ok) return null;
  return {
    line: row.line,
    number,
    emailKey: email === "" ? null : emailKey(email),
    values: {
      externalRef: number,
      givenName: value("givenName"),
      familyName: value("familyName"),
      email: email === "" ? null : email,
      jobTitle: value("jobTitle") === "" ? null : value("jobTitle"),
      managerNumber,
      startDate: startDate!,
      leavingDate,
      frontline,
      tags: has.tags ? readTags(value("tags")) : null,
      employmentType,
      directorate: collapse(value("directorate")),
      service: collapse(value("service")),
    },
    existing: null,
    adopted: false,
  };
}

function repeats<T extends { line: number }>(
  items: T[],
  key: (item: T) => string,
  report: (item: T, others: number[]) => void,
) {
  const lines = new Map<string, number[]>();
  for (const item of items) {
    const k = key(item);
    const list = lines.get(k);
    if (list) list.push(item.line);
    else lines.set(k, [item.line]);
  }
  for (const item of items) {
    const list = lines.get(key(item))!;
    if (list.length > 1)
      report(
        item,
        list.filter((l) => l !== item.line),
      );
  }
}

function linesWord(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(", ")} and ${lines.at(-1)}`;
}

/** The later of two YYYY-MM-DD dates. */
function laterOf(a: string, b: string): string {
  return a < b ? b : a;
}

function countWords(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

const DISPLAY_KEYS: Record<keyof PersonValues, string> = {
  externalRef: "Employee number",
  givenName: "First name",
  familyName: "Last name",
  email: "E-mail",
  jobTitle: "Job title",
  organisationKey: "Organisation",
  managerNumber: "Line manager",
  profileTags: "Tags",
  employmentType: "Employment type",
  startDate: "Start date",
  leavingDate: "End date",
};
const displayKey = (k: keyof PersonValues) => DISPLAY_KEYS[k];

function display(v: PersonValues, tree: OrgTree): Record<string, string | null> {
  return {
    "Employee number": v.externalRef || null,
    "First name": v.givenName,
    "Last name": v.familyName,
    "E-mail": v.email,
    "Job title": v.jobTitle,
    Organisation: tree.labelOf(v.organisationKey),
    "Line manager": v.managerNumber,
    Tags: v.profileTags.length === 0 ? null : v.profileTags.join("; "),
    "Employment type": v.employmentType.replace("_", " "),
    "Start date": v.startDate,
    "End date": v.leavingDate,
  };
}

const auditKey = (k: keyof PersonValues) =>
  k === "organisationKey" ? "organisation" : k === "managerNumber" ? "lineManagerEmployeeNumber" : k;

function auditValues(v: PersonValues, tree: OrgTree): Record<string, unknown> {
  return {
    externalRef: v.externalRef || null,
    givenName: v.givenName,
    familyName: v.familyName,
    email: v.email,
    jobTitle: v.jobTitle,
    organisation: tree.labelOf(v.organisationKey),
    lineManagerEmployeeNumber: v.managerNumber,
    profileTags: v.profileTags,
    employmentType: v.employmentType,
    startDate: v.startDate,
    leavingDate: v.leavingDate,
  };
}

function pick<V>(record: Record<string, V>, keys: string[]): Record<string, V> {
  return Object.fromEntries(keys.map((k) => [k, record[k]!]));
}

function findRoot(orgs: Org[], organisationId: number | null): Org {
  if (organisationId !== null) {
    const chosen = orgs.find((o) => o.id === organisationId && o.kind === "contractor");
    if (!chosen) throw new DomainError("Choose a contractor from the list", "organisationId");
    return chosen;
  }
  const council = orgs.find((o) => o.kind === "council" && o.parentId === null);
  if (!council)
    throw new DomainError(
      "The council's organisation is not set up yet, so its staff cannot be imported",
      "organisationId",
    );
  return council;
}

/** The organisation tree under the list's root: directorates and services found by name, or planned. */
class OrgTree {
  readonly created: NewOrganisationPlan[] = [];
  private readonly byId: Map<number, Org>;
  private readonly children = new Map<number, Map<string, Org>>();
  private readonly newLabels = new Map<string, string>();

  constructor(
    orgs: Org[],
    private readonly root: Org,
  ) {
    this.byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) {
      if (o.parentId === null) continue;
      let named = this.children.get(o.parentId);
      if (!named) {
        named = new Map();
        this.children.set(o.parentId, named);
      }
      if (!named.has(nameKey(o.name))) named.set(nameKey(o.name), o);
    }
  }

  rootName(rootId: number): string {
    return this.byId.get(rootId)?.name ?? "another organisation";
  }

  /** The organisation a directorate and service name (either may be "") stand for, created when new. */
  resolve(directorate: string, service: string): string {
    let key = `id:${this.root.id}`;
    let parent: Org | null = this.root;
    for (const [name, kind] of [
      [directorate, "directorate"],
      [service, "service"],
    ] as const) {
      if (name === "") continue;
      const found: Org | undefined = parent ? this.children.get(parent.id)?.get(nameKey(name)) : undefined;
      if (found) {
        key = `id:${found.id}`;
        parent = found;
        continue;
      }
      const newKey = `new:${key}/${nameKey(name)}`;
      if (!this.newLabels.has(newKey)) {
        this.created.push({ key: newKey, parentKey: key, kind, name });
        this.newLabels.set(newKey, `${key === `id:${this.root.id}` ? "" : `${this.labelOf(key)} › `}${name}`);
      }
      key = newKey;
      parent = null;
    }
    return key;
  }

  /** A team under the organisation the file names is kept (the roster names directorates and services only). */
  keepsTeam(currentId: number, resolvedKey: string): boolean {
    const current = this.byId.get(currentId);
    return current?.kind === "team" && resolvedKey === `id:${current.parentId}`;
  }

  /** "Adults › Adult Social Care"; the root by its name. */
  labelOf(key: string): string {
    const fresh = this.newLabels.get(key);
    if (fresh !== undefined) return fresh;
    const org = this.byId.get(Number(key.slice(3)));
    if (!org) return key;
    const chain = org.path
      .split(".")
      .filter((s) => s !== "")
      .map((s) => this.byId.get(Number(s)));
    const names = chain.slice(1).map((o) => o?.name ?? "?");
    return names.length === 0 ? org.name : names.join(" › ");
  }
}
