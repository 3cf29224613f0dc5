import { type CourseForRecords, listCoursesForRecords } from "../../catalogue/courses-for-records";
import { completionExpiresOn } from "../../completions/expiry";
import { completionKey, heldCompletions } from "../../completions/held-completions";
import { type PersonByReference, findPeopleByReference } from "../../people/find-people-by-reference";
import { formatDate as formatDateSlowly, readTypedDate } from "../../../lib/dates";
import type { Database } from "../../../db/database";
import type { ImportPlan, PlanContext, PlannedChange, RowProblem, SourceRow, ValueGroup } from "../kind";
import { yieldToOthers } from "../read-csv";
import { courseNameKey, suggestCourse } from "./course-names";
import { COLUMN } from "./training-records-fields";

/** A course with no introduced_on is taken to have existed from this date (before it, a record is suspect). */
export const EARLIEST_COURSE_DATE = "2006-01-01";

/** The value-group field of the course names. */
export const COURSE_FIELD = "course";

export interface TrainingRecord {
  line: number;
  personId: number;
  courseId: number;
  completedOn: string;
  expiresOn: string | null;
  evidenceNote: string | null;
}

export interface TrainingRecordsWork {
  records: TrainingRecord[];
}

interface ReadRow {
  line: number;
  person: PersonByReference;
  /** How the file named them, for the preview: "00123", "a@b.test". */
  reference: string;
  courseKey: string;
  completedOn: string;
  evidenceNote: string | null;
}

/** formatDate, remembered: a file's rows share few dates, and formatting one costs tens of microseconds. */
const formatted = new Map<string, string>();
function formatDate(isoDate: string): string {
  let text = formatted.get(isoDate);
  if (text === undefined) {
    text = formatDateSlowly(isoDate);
    if (formatted.size > 50_000) formatted.clear();
    formatted.set(isoDate, text);
  }
  return text;
}

const rowsText = (n: number) => `${n.toLocaleString("en-GB")} ${n === 1 ? "row" : "rows"}`;

/**
 * Works out what a file of old training records would do: each row's person (by employee number,
 * with leading zeros a spreadsheet dropped put back when only one person fits, or by e-mail), its
 * course (by the coordinator's mapping of the name as typed, grouped), its date (as people write
 * them, UK day first). Completions already held are left alone; the rest are created.
 */
export async function planTrainingRecords(
  db: Database,
  rows: readonly SourceRow[],
  context: PlanContext,
): Promise<ImportPlan<TrainingRecordsWork>> {
  const problems: RowProblem[] = [];
  const notes: string[] = [];
  const courses = await listCoursesForRecords(db);
  const courseById = new Map(courses.map((c) => [String(c.id), c]));

  // The course names, grouped by key, with the remembered or suggested choice.
  const groups = new Map<string, { spellings: Map<string, number>; choice: string | null; remembered: boolean }>();
  const remembered = context.valueMappings[COURSE_FIELD] ?? {};
  for (const row of rows) {
    const text = row.values.course ?? "";
    const key = courseNameKey(text);
    if (key === "") continue;
    let group = groups.get(key);
    if (!group) {
      const known = remembered[key];
      const stillValid = known !== undefined && (known === "ignore" || courseById.has(known));
      const suggested = stillValid ? null : suggestCourse(key, courses);
      group = {
        spellings: new Map(),
        choice: stillValid ? known! : suggested ? String(suggested.id) : null,
        remembered: stillValid,
      };
      groups.set(key, group);
    }
    group.spellings.set(text, (group.spellings.get(text) ?? 0) + 1);
  }

  // Who each row means.
  const employeeNumbers = new Set<string>();
  const emails = new Set<string>();
  for (const row of rows) {
    if (row.values.employeeNumber) employeeNumbers.add(row.values.employeeNumber);
    if (row.values.email) emails.add(row.values.email.toLowerCase());
  }
  const people = await findPeopleByReference(db, { employeeNumbers: [...employeeNumbers], emails: [...emails] });
  const finder = personFinder(people);

  let zerosRestored = 0;
  let byEmailInstead = 0;
  const read: ReadRow[] = [];
  for (const [index, row] of rows.entries()) {
    if (index > 0 && index % 2000 === 0) {
      context.progress(index);
      await yieldToOthers();
    }
    const found: RowProblem[] = [];
    const number = row.values.employeeNumber ?? "";
    const email = row.values.email ?? "";
    const courseText = row.values.course ?? "";
    const dateText = row.values.completedOn ?? "";

    let person: PersonByReference | null = null;
    if (number === "" && email === "") {
      found.push({
        line: row.line,
        column: COLUMN.employeeNumber,
        reason: "Give the person's employee number or e-mail address",
      });
    } else {
      const match = finder(number, email);
      if (match.kind === "found") {
        person = match.person;
        if (match.zerosRestored) zerosRestored++;
        if (match.byEmailInstead) byEmailInstead++;
      } else {
        found.push({ line: row.line, column: match.column, reason: match.reason });
      }
    }

    if (courseNameKey(courseText) === "") {
      found.push({ line: row.line, column: COLUMN.course, reason: "Give the name of the course" });
    }

    const completedOn = readTypedDate(dateText);
    if (dateText === "") {
      found.push({ line: row.line, column: COLUMN.completedOn, reason: "Give the date the course was completed" });
    } else if (completedOn === null) {
      found.push({
        line: row.line,
        column: COLUMN.completedOn,
        reason: `"${dateText.slice(0, 40)}" is not a date that can be read: write it like 3 April 2019, 03/04/2019 (day first) or 2019-04-03`,
      });
    } else if (completedOn > context.today) {
      found.push({
        line: row.line,
        column: COLUMN.completedOn,
        reason: `${formatDate(completedOn)} is in the future: a completion cannot be recorded before it happens`,
      });
    }

    if (found.length > 0 || person === null || completedOn === null) {
      problems.push(...found);
      continue;
    }
    const provider = row.values.provider ?? "";
    const note = row.values.notes ?? "";
    read.push({
      line: row.line,
      person,
      reference: number || email,
      courseKey: courseNameKey(courseText),
      completedOn,
      evidenceNote:
        [provider && `Provider: ${provider}`, note && `Notes: ${note}`].filter(Boolean).join(". ").slice(0, 2000) ||
        null,
    });
  }

  // The rows whose course is chosen: checked against the course, the file and the records.
  let waiting = 0;
  let ignored = 0;
  const firstLine = new Map<string, number>();
  const candidates: Array<ReadRow & { course: CourseForRecords; key: string }> = [];
  for (const row of read) {
    const choice = groups.get(row.courseKey)?.choice ?? null;
    if (choice === null) {
      waiting++;
      continue;
    }
    if (choice === "ignore") {
      ignored++;
      continue;
    }
    const course = courseById.get(choice)!;
    const earliest = course.introducedOn ?? EARLIEST_COURSE_DATE;
    if (row.completedOn < earliest) {
      problems.push({
        line: row.line,
        column: COLUMN.completedOn,
        reason:
          course.introducedOn === null
            ? `${formatDate(row.completedOn)} is before 1 January 2006: the catalogue gives no date when ${course.title} began, so records from before 2006 are taken to be mistakes`
            : `${formatDate(row.completedOn)} is before ${course.title} began, on ${formatDate(course.introducedOn)}`,
      });
      continue;
    }
    const key = completionKey({ personId: row.person.id, courseId: course.id, completedOn: row.completedOn });
    const first = firstLine.get(key);
    if (first !== undefined) {
      problems.push({
        line: row.line,
        column: "",
        reason: `The same completion as line ${first}: ${personName(row.person)}, ${course.title}, ${formatDate(row.completedOn)}`,
      });
      continue;
    }
    firstLine.set(key, row.line);
    candidates.push({ ...row, course, key });
  }

  const held = await heldCompletions(
    db,
    candidates.map((c) => ({ personId: c.person.id, courseId: c.course.id, completedOn: c.completedOn })),
  );
  const changes: PlannedChange[] = [];
  const records: TrainingRecord[] = [];
  let unchanged = 0;
  for (const c of candidates) {
    if (held.has(c.key)) {
      unchanged++;
      continue;
    }
    const expiresOn = completionExpiresOn(c.completedOn, c.course.validityMonths);
    records.push({
      line: c.line,
      personId: c.person.id,
      courseId: c.course.id,
      completedOn: c.completedOn,
      expiresOn,
      evidenceNote: c.evidenceNote,
    });
    changes.push({
      action: "create",
      line: c.line,
      label: `${personName(c.person)} (${c.reference}): ${c.course.title}`,
      after: {
        course: c.course.title,
        completedOn: formatDate(c.completedOn),
        expiresOn: expiresOn === null ? "Never" : formatDate(expiresOn),
        ...(c.evidenceNote ? { note: c.evidenceNote } : {}),
      },
    });
  }
  context.progress(rows.length);

  if (zerosRestored > 0) {
    notes.push(
      `${rowsText(zerosRestored)} gave an employee number without its leading zeros (like 123 for 000123), as a spreadsheet writes it: ${zerosRestored === 1 ? "it was" : "they were"} matched to the one person whose number it is with the zeros put back.`,
    );
  }
  if (byEmailInstead > 0) {
    notes.push(
      `${rowsText(byEmailInstead)} had an employee number nobody has, and ${byEmailInstead === 1 ? "was" : "were"} matched by e-mail address instead.`,
    );
  }
  if (unchanged > 0) {
    notes.push(
      `${rowsText(unchanged)} ${unchanged === 1 ? "is a completion" : "are completions"} already recorded: left as ${unchanged === 1 ? "it is" : "they are"}, not added twice.`,
    );
  }
  if (ignored > 0) notes.push(`${rowsText(ignored)} of course names you chose to ignore will not be imported.`);
  if (waiting > 0) {
    notes.push(
      `${rowsText(waiting)} wait for their course name to be matched to a catalogue course (or ignored) before they can be checked.`,
    );
  }

  const valueGroups: ValueGroup[] = [...groups.entries()]
    .map(([key, g]) => ({
      field: COURSE_FIELD,
      key,
      spellings: [...g.spellings.entries()].map(([text, n]) => ({ text, rows: n })).sort((a, b) => b.rows - a.rows),
      choice: g.choice,
      remembered: g.remembered,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

  return {
    problems,
    changes,
    counts: {
      created: records.length,
      changed: 0,
      unchanged,
      ended: 0,
      skipped: new Set(problems.map((p) => p.line)).size,
    },
    notes,
    valueGroups,
    work: { records },
  };
}

function personName(person: PersonByReference): string {
  return `${person.givenName} ${person.familyName}`;
}

type Match =
  | { kind: "found"; person: PersonByReference; zerosRestored: boolean; byEmailInstead: boolean }
  | { kind: "problem"; column: string; reason: string };

/** Finds the person a row means, from the people its numbers and e-mails could be. */
function personFinder(people: readonly PersonByReference[]) {
  const byNumber = new Map<string, PersonByReference>();
  const byUnpadded = new Map<string, PersonByReference[]>();
  const byEmail = new Map<string, PersonByReference>();
  for (const p of people) {
    if (p.externalRef !== null) {
      byNumber.set(p.externalRef, p);
      if (/^\d+$/.test(p.externalRef)) {
        const unpadded = p.externalRef.replace(/^0+/, "");
        byUnpadded.set(unpadded, [...(byUnpadded.get(unpadded) ?? []), p]);
      }
    }
    if (p.email !== null) byEmail.set(p.email.toLowerCase(), p);
  }

  return (number: string, email: string): Match => {
    const byMail = email === "" ? undefined : byEmail.get(email.toLowerCase());
    let byNum: PersonByReference | undefined;
    let zerosRestored = false;
    if (number !== "") {
      byNum = byNumber.get(number);
      if (!byNum && /^\d+$/.test(number)) {
        const fits = (byUnpadded.get(number.replace(/^0+/, "")) ?? []).filter((p) => p.externalRef !== number);
        if (fits.length === 1) {
          byNum = fits[0];
          zerosRestored = true;
        } else if (fits.length > 1) {
          const chosen = byMail && fits.includes(byMail) ? byMail : undefined;
          if (!chosen) {
            return {
              kind: "problem",
              column: COLUMN.employeeNumber,
              reason: `Employee number ${number} could be ${fits
                .map((p) => `${p.externalRef} (${personName(p)})`)
                .join(
                  " or ",
                )} once its leading zeros are put back: give the full number${email === "" ? " or the e-mail address" : ""}`,
            };
          }
          byNum = chosen;
          zerosRestored = true;
        }
      }
    }
    if (byNum && byMail && byNum.id !== byMail.id) {
      return {
        kind: "problem",
        column: COLUMN.email,
        reason: `Employee number ${number} is ${personName(byNum)}'s, but ${email} is ${personName(byMail)}'s`,
      };
    }
    if (byNum) return { kind: "found", person: byNum, zerosRestored, byEmailInstead: false };
    if (byMail) return { kind: "found", person: byMail, zerosRestored: false, byEmailInstead: number !== "" };
    const said = [number && `employee number ${number}`, email && `e-mail ${email}`].filter(Boolean).join(" or ");
    return {
      kind: "problem",
      column: number !== "" ? COLUMN.employeeNumber : COLUMN.email,
      reason: `No one with ${said}: add them (or correct the row) and upload the skipped rows again`,
    };
  };
}
