/**
 * The roster's columns (found by their headers, with the spellings HR systems use) and the
 * reading of its values that are not plain text: the frontline flag, tags and employment type.
 */
import { EMPLOYMENT_TYPES, type EmploymentType } from "../../../lib/values";
import type { ImportField, ImportFile } from "../kind";

export const ROSTER_FIELDS = [
  {
    key: "employeeNumber",
    label: "Employee number",
    required: true,
    synonyms: [
      "Employee No",
      "Employee No.",
      "EmployeeNumber",
      "Employee Num",
      "Employee ID",
      "Employee Ref",
      "Employee Reference",
      "Emp No",
      "Emp Num",
      "Emp ID",
      "Emp Ref",
      "EmpNo",
      "Staff ID",
      "Staff No",
      "Staff Number",
      "Staff Ref",
      "Payroll Number",
      "Payroll No",
      "Payroll ID",
      "Payroll Ref",
      "Person Number",
      "Person No",
      "Person ID",
      "Assignment Number",
      "HR Number",
      "Worker ID",
      "Worker Number",
    ],
  },
  {
    key: "givenName",
    label: "First name",
    required: true,
    synonyms: ["Forename", "Forenames", "Given name", "Given names", "Firstname", "First names"],
  },
  {
    key: "familyName",
    label: "Last name",
    required: true,
    synonyms: ["Surname", "Family name", "Lastname", "Last Name"],
  },
  {
    key: "email",
    label: "E-mail",
    required: false,
    synonyms: ["Email", "Email address", "E-mail address", "Work email", "Work e-mail", "Email Address (Work)"],
  },
  {
    key: "jobTitle",
    label: "Job title",
    required: false,
    synonyms: ["Job", "Position", "Post", "Post title", "Role", "Job role", "Position title"],
  },
  {
    key: "directorate",
    label: "Directorate",
    required: false,
    synonyms: ["Department", "Dept", "Division", "Directorate name"],
  },
  {
    key: "service",
    label: "Service",
    required: false,
    synonyms: ["Service area", "Service name", "Section", "Unit", "Business unit"],
  },
  {
    key: "managerNumber",
    label: "Line manager's employee number",
    required: false,
    synonyms: [
      "Line manager employee number",
      "Line manager number",
      "Line manager no",
      "Line manager ID",
      "Manager employee number",
      "Manager number",
      "Manager No",
      "Manager ID",
      "Manager Emp No",
      "Manager staff ID",
      "Manager payroll number",
      "Reports to",
      "LM Emp No",
      "LM Number",
    ],
  },
  {
    key: "startDate",
    label: "Start date",
    required: true,
    synonyms: ["Started", "Start", "Date started", "Date of joining", "Joined", "Join date", "Employment start date"],
  },
  {
    key: "leavingDate",
    label: "End date",
    required: false,
    synonyms: [
      "Leaving date",
      "Leave date",
      "Left",
      "Date left",
      "End",
      "Termination date",
      "Employment end date",
      "Contract end date",
    ],
  },
  {
    key: "frontline",
    label: "Frontline",
    required: false,
    synonyms: ["Frontline flag", "Front line", "Frontline worker", "Frontline staff", "Is frontline"],
  },
  {
    key: "tags",
    label: "Tags",
    required: false,
    synonyms: ["Profile tags", "Tag", "Groups"],
  },
  {
    key: "employmentType",
    label: "Employment type",
    required: false,
    synonyms: ["Contract type", "Employment status", "Contract", "Worker type", "Type of employment"],
  },
] as const satisfies readonly ImportField[];

export type RosterFieldKey = (typeof ROSTER_FIELDS)[number]["key"];

export const ROSTER_FILES: readonly ImportFile[] = [{ role: "roster", label: "Staff roster", fields: ROSTER_FIELDS }];

export const FIELD_LABEL: Record<RosterFieldKey, string> = Object.fromEntries(
  ROSTER_FIELDS.map((f) => [f.key, f.label]),
) as Record<RosterFieldKey, string>;

const YES = new Set(["y", "yes", "true", "t", "1", "frontline", "x"]);
const NO = new Set(["", "n", "no", "false", "f", "0", "-"]);

/** The frontline flag as people type it (Y, Yes, TRUE, 1 / N, No, FALSE, 0, or blank), or null when it is neither. */
export function readFlag(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** A tag as stored: lower case, words joined by underscores ("Deputy DSL" → deputy_dsl). */
export function normaliseTag(tag: string): string {
  return tag
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Tags separated by ; or , (each normalised, without repeats). */
export function readTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[;,]/)
        .map(normaliseTag)
        .filter((t) => t !== ""),
    ),
  ];
}

const EMPLOYMENT_SPELLINGS: Record<string, EmploymentType> = {
  permanent: "permanent",
  perm: "permanent",
  substantive: "permanent",
  fixedterm: "fixed_term",
  fixed: "fixed_term",
  temporary: "fixed_term",
  temp: "fixed_term",
  ftc: "fixed_term",
  agency: "agency",
  agencyworker: "agency",
  contractor: "contractor",
  contract: "contractor",
  volunteer: "volunteer",
  voluntary: "volunteer",
};

/** An employment type as people type it ("Fixed term", "fixed-term", "Temp"), or null. */
export function readEmploymentType(value: string): EmploymentType | null {
  const key = value.toLowerCase().replace(/[^a-z]/g, "");
  return EMPLOYMENT_SPELLINGS[key] ?? null;
}

export const EMPLOYMENT_TYPE_WORDS = EMPLOYMENT_TYPES.map((t) => t.replace("_", " ")).join(", ");
