import type { EmploymentType, Sector } from "../db/schema";
import { COURSE_CODES, type CourseCode } from "./catalogue";

/**
 * A requirement as seeded. Organisations are named by their `external_ref` (the demo council's
 * cost-centre codes, see names.ts) and courses by `code`; the seed turns both into ids.
 */
export interface RequirementSeed {
  key: string;
  name: string;
  description: string;
  audienceSectors: Sector[];
  audienceOrganisationRefs: string[];
  audienceTags: string[];
  audienceEmploymentTypes: EmploymentType[];
  dueWithinDays: number;
  /** Null: follow the completed course's own validity. */
  renewalMonths: number | null;
  reminderDays: number;
  source: string;
  /** Equivalent courses: any one satisfies the requirement. */
  courseCodes: CourseCode[];
}

const PREVENT_AWARENESS: CourseCode[] = [
  COURSE_CODES.wrap,
  COURSE_CODES.preventAwareness,
  COURSE_CODES.preventWorkshop,
];

const PREVENT_DUTY_GUIDANCE = "Prevent duty guidance: for England and Wales (Home Office, 2023, updated 2024)";
const KCSIE = "Keeping children safe in education 2025 (Department for Education)";

export const REQUIREMENTS: readonly RequirementSeed[] = [
  {
    key: "council-frontline-prevent",
    name: "Prevent awareness: council frontline staff",
    description:
      "Frontline council staff hold Prevent awareness (the Home Office e-learning, the council's " +
      "workshop, or a WRAP record that has not yet expired) within 90 days of starting, and " +
      "renew it every three years.",
    audienceSectors: ["council"],
    audienceOrganisationRefs: [],
    audienceTags: ["frontline"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 36,
    reminderDays: 60,
    source:
      `${PREVENT_DUTY_GUIDANCE}, local authorities: frontline staff should understand Prevent, ` +
      "be trained to recognise when someone may be susceptible to radicalisation and know where " +
      "to refer. The guidance sets no refresh period: Northbridge's Prevent strategy (Action 4) " +
      "sets three years.",
    courseCodes: PREVENT_AWARENESS,
  },
  {
    key: "contractor-frontline-prevent",
    name: "Prevent awareness: contractors' frontline staff",
    description:
      "Frontline staff of the council's contractors hold Prevent awareness within 90 days of " +
      "starting on the contract, renewed every three years.",
    audienceSectors: ["contractor"],
    audienceOrganisationRefs: [],
    audienceTags: ["frontline"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 36,
    reminderDays: 60,
    source:
      `${PREVENT_DUTY_GUIDANCE}, local authorities: the duty extends to services the council ` +
      "contracts out, so contractors' frontline staff are trained too. Northbridge's Prevent " +
      "strategy (Action 4) asks for a fully trained workforce including those contracted by the council.",
    courseCodes: PREVENT_AWARENESS,
  },
  {
    key: "school-staff-prevent",
    name: "Prevent awareness: school staff and governors",
    description:
      "Staff and governors of Northbridge schools hold Prevent awareness: the Home Office " +
      "e-learning, the council's workshop, Prevent for school staff or a current WRAP record. " +
      "Each counts for as long as the course's own validity.",
    audienceSectors: ["school"],
    audienceOrganisationRefs: [],
    audienceTags: ["school_staff", "governor"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: null,
    reminderDays: 60,
    source:
      `${PREVENT_DUTY_GUIDANCE}, schools; and ${KCSIE}, Part two: schools should make sure staff ` +
      "have training that gives them the knowledge and confidence to identify children at risk " +
      "of being drawn into terrorism and to challenge extremist ideas.",
    courseCodes: [...PREVENT_AWARENESS, COURSE_CODES.preventSchools],
  },
  {
    key: "school-dsl-training",
    name: "Designated safeguarding lead training",
    description:
      "Designated safeguarding leads and their deputies complete DSL training, renewed at least " + "every two years.",
    audienceSectors: ["school"],
    audienceOrganisationRefs: [],
    audienceTags: ["dsl", "deputy_dsl"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 24,
    reminderDays: 60,
    source:
      `${KCSIE}, Annex C: the designated safeguarding lead (and any deputies) should undergo ` +
      "training to provide them with the knowledge and skills required to carry out the role, " +
      "updated at least every two years.",
    courseCodes: [COURSE_CODES.dslTraining],
  },
  {
    key: "school-dsl-update",
    name: "DSL annual update",
    description:
      "Designated safeguarding leads and deputies refresh their knowledge at least once a year: " +
      "the DSL annual update, or the full DSL training taken in the last 12 months.",
    audienceSectors: ["school"],
    audienceOrganisationRefs: [],
    audienceTags: ["dsl", "deputy_dsl"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 12,
    reminderDays: 60,
    source:
      `${KCSIE}, Annex C: in addition to formal training, the DSL's knowledge and skills should ` +
      "be refreshed at regular intervals, and at least annually.",
    courseCodes: [COURSE_CODES.dslUpdate, COURSE_CODES.dslTraining],
  },
  {
    key: "school-staff-safeguarding",
    name: "Safeguarding children: all school staff",
    description:
      "All school staff and governors are trained in safeguarding and child protection at " +
      "induction and updated every year (level 1, 2 or 3).",
    audienceSectors: ["school"],
    audienceOrganisationRefs: [],
    audienceTags: ["school_staff", "governor"],
    audienceEmploymentTypes: [],
    dueWithinDays: 30,
    renewalMonths: 12,
    reminderDays: 60,
    source:
      `${KCSIE}, Part two: all staff should receive appropriate safeguarding and child ` +
      "protection training (including online safety) at induction, regularly updated, and " +
      "at least annually; governors and trustees receive training at induction, updated regularly.",
    courseCodes: [
      COURSE_CODES.safeguardingChildren1,
      COURSE_CODES.safeguardingChildren2,
      COURSE_CODES.safeguardingChildren3,
    ],
  },
  {
    key: "council-managers-referrals",
    name: "Prevent referrals: council managers",
    description:
      "Council managers complete the Home Office Prevent referrals course, so they can support " +
      "staff who raise a concern, renewed every three years.",
    audienceSectors: ["council"],
    audienceOrganisationRefs: [],
    audienceTags: ["manager"],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: 36,
    reminderDays: 60,
    source:
      "Home Office GOV.UK Prevent training: the Prevent referrals course is for those who make or " +
      "support referrals, after Prevent awareness. Northbridge's Prevent strategy (Action 4) asks " +
      "every manager to hold it.",
    courseCodes: [COURSE_CODES.preventReferrals],
  },
  {
    key: "children-families-safeguarding-l2",
    name: "Safeguarding children level 2: Children and Families",
    description:
      "Staff of the Children and Families directorate hold safeguarding children at level 2 or " +
      "above, renewed as the course's validity requires.",
    audienceSectors: ["council"],
    audienceOrganisationRefs: ["LBN-CF"],
    audienceTags: [],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: null,
    reminderDays: 60,
    source:
      "Working together to safeguard children 2023 (Department for Education): organisations " +
      "make sure staff are trained to the level their role requires; Northbridge Safeguarding " +
      "Children Partnership's training framework sets level 2 for the directorate.",
    courseCodes: [COURSE_CODES.safeguardingChildren2, COURSE_CODES.safeguardingChildren3],
  },
  {
    key: "adults-health-safeguarding-l2",
    name: "Safeguarding adults level 2: Adults and Health",
    description:
      "Staff of the Adults and Health directorate hold safeguarding adults at level 2, renewed " + "every two years.",
    audienceSectors: ["council"],
    audienceOrganisationRefs: ["LBN-AH"],
    audienceTags: [],
    audienceEmploymentTypes: [],
    dueWithinDays: 90,
    renewalMonths: null,
    reminderDays: 60,
    source:
      "Care and support statutory guidance (Department of Health and Social Care), chapter 14: " +
      "staff working with adults at risk are trained to the level their role requires; the " +
      "Northbridge Safeguarding Adults Board's framework sets level 2 for the directorate.",
    courseCodes: [COURSE_CODES.safeguardingAdults2],
  },
];
