/**
 * The KPIs the Prevent strategy is measured by. The formula is code (compute-kpi-figures.ts);
 * these defaults seed kpi_definitions, where the name, target and owner can be changed.
 */

export const KPI_KEYS = [
  "people_trained",
  "sessions_delivered",
  "attendance_rate",
  "no_show_rate",
  "evaluation_mean_score",
  "coverage_council_frontline",
  "coverage_contractors",
  "coverage_school_staff",
  "schools_with_trained_dsl",
  "schools_trained_last_year",
  "completions_expiring_next_quarter",
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** "score": a mean on the evaluations' 1 to 5 scale. */
export type KpiUnit = "percent" | "count" | "score";

/** Whether a higher figure is better (most) or worse (no-shows). Neutral figures have no status. */
export type KpiDirection = "higher" | "lower" | "neutral";

export interface KpiDefault {
  key: KpiKey;
  name: string;
  formula: string;
  target: number | null;
  unit: KpiUnit;
  owner: string;
  direction: KpiDirection;
}

export const KPI_DEFAULTS: readonly KpiDefault[] = [
  {
    key: "people_trained",
    name: "People trained",
    formula:
      "The number of different people with a completion of any course dated in the quarter, " +
      "shown by sector and by course. Revoked completions are left out.",
    target: null,
    unit: "count",
    owner: "Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "sessions_delivered",
    name: "Sessions delivered",
    formula: "The number of sessions marked as delivered whose start date falls in the quarter.",
    target: 12,
    unit: "count",
    owner: "Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "attendance_rate",
    name: "Attendance rate",
    formula:
      "Of the registrations for sessions starting in the quarter whose attendance was taken, the " +
      "share marked attended: attended ÷ (attended + absent).",
    target: 90,
    unit: "percent",
    owner: "Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "no_show_rate",
    name: "No-show rate",
    formula:
      "Of the registrations for sessions starting in the quarter whose attendance was taken, the " +
      "share marked absent: absent ÷ (attended + absent).",
    target: 10,
    unit: "percent",
    owner: "Prevent Coordinator",
    direction: "lower",
  },
  {
    key: "evaluation_mean_score",
    name: "Mean evaluation score",
    formula:
      "Of the evaluations learners gave after sessions starting in the quarter, the mean of every " +
      "answer on the 1 to 5 scale (confidence after the training, and each course's own scored " +
      "questions). The questions about confidence before the training are left out: they measure " +
      "where people started, not the training.",
    target: 4,
    unit: "score",
    owner: "Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "coverage_council_frontline",
    name: "Frontline council staff with current Prevent awareness",
    formula:
      "On the last day of the quarter: the training of council staff in post who are covered by " +
      "the live Prevent awareness requirements for frontline council staff. Of those people, the " +
      "share holding a current completion for every one of those requirements that applies to them. " +
      "Each person is counted once, however many of the requirements cover them. New starters " +
      "still inside the time allowed to complete it are left out.",
    target: 95,
    unit: "percent",
    owner: "Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "coverage_contractors",
    name: "Contractors' staff with current Prevent awareness",
    formula:
      "On the last day of the quarter: the training of contractor companies' staff in post, " +
      "counted over the live Prevent awareness requirements for contractors (all their staff, or " +
      "their frontline staff). Of those people, the share holding a current completion for every " +
      "one of those requirements that applies to them. Each person is counted once, however many " +
      "of the requirements cover them. New starters still inside the time allowed are left out.",
    target: 90,
    unit: "percent",
    owner: "Contract managers, with the Prevent Coordinator",
    direction: "higher",
  },
  {
    key: "coverage_school_staff",
    name: "School staff with current Prevent awareness",
    formula:
      "On the last day of the quarter: the training of school staff and governors in post, " +
      "counted over the live Prevent awareness requirements for schools (other than ones only for " +
      "designated safeguarding leads or managers). Of those people, the share holding a current " +
      "completion for every one of those requirements that applies to them. Each person is counted " +
      "once, however many of the requirements cover them. New starters still inside the time " +
      "allowed are left out.",
    target: 90,
    unit: "percent",
    owner: "Prevent Education Officer",
    direction: "higher",
  },
  {
    key: "schools_with_trained_dsl",
    name: "Schools with a trained designated safeguarding lead",
    formula:
      "On the last day of the quarter: of the open schools, the share where at least one " +
      "designated safeguarding lead or deputy holds current Prevent awareness and current DSL training.",
    target: 100,
    unit: "percent",
    owner: "Prevent Education Officer",
    direction: "higher",
  },
  {
    key: "schools_trained_last_year",
    name: "Schools with any training in the last year",
    formula:
      "On the last day of the quarter: of the open schools, the share where a member of staff " +
      "completed any course, or the school had a session delivered for it, in the 12 months before.",
    target: 100,
    unit: "percent",
    owner: "Prevent Education Officer",
    direction: "higher",
  },
  {
    key: "completions_expiring_next_quarter",
    name: "Training running out next quarter",
    formula:
      "The number of requirements, counted once per person, that people in post meet on the last " +
      "day of the quarter with training that stops counting during the next quarter.",
    target: null,
    unit: "count",
    owner: "Prevent Coordinator",
    direction: "neutral",
  },
];

export function kpiDefault(key: KpiKey): KpiDefault {
  return KPI_DEFAULTS.find((k) => k.key === key)!;
}

export function isKpiKey(value: string): value is KpiKey {
  return (KPI_KEYS as readonly string[]).includes(value);
}
