import type { ImportFile } from "../kind";

/** The one file of a training-records import: a row per completion, as people kept them. */
export const TRAINING_RECORDS_FILES: readonly ImportFile[] = [
  {
    role: "records",
    label: "Training records",
    fields: [
      {
        key: "employeeNumber",
        label: "Employee number",
        required: false,
        synonyms: [
          "Employee No",
          "Employee No.",
          "EmployeeNumber",
          "Emp No",
          "Employee ID",
          "Staff ID",
          "Staff number",
          "Staff No",
          "Payroll number",
          "Payroll No",
          "Person number",
          "HR number",
        ],
      },
      {
        key: "email",
        label: "E-mail",
        required: false,
        synonyms: ["Email", "E-mail address", "Email address", "Work email", "Work e-mail"],
      },
      {
        key: "course",
        label: "Course",
        required: true,
        synonyms: [
          "Course name",
          "Course title",
          "Training",
          "Training course",
          "Training name",
          "Module",
          "Learning item",
          "Activity",
        ],
      },
      {
        key: "completedOn",
        label: "Completion date",
        required: true,
        synonyms: [
          "Completed",
          "Completed on",
          "Date completed",
          "Completion",
          "Date",
          "Training date",
          "Date of training",
          "Date attended",
          "Attended on",
        ],
      },
      {
        key: "provider",
        label: "Provider",
        required: false,
        synonyms: ["Training provider", "Trainer", "Delivered by", "Facilitator"],
      },
      { key: "notes", label: "Notes", required: false, synonyms: ["Note", "Comments", "Comment"] },
    ],
  },
];

/** The labels the kind names columns by in its problems (the flow shows the file's own header). */
export const COLUMN = {
  employeeNumber: "Employee number",
  email: "E-mail",
  course: "Course",
  completedOn: "Completion date",
} as const;
