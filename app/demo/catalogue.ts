import type { CourseCategory, DeliveryMode } from "../db/schema";

/** A catalogue entry as seeded: the columns of `courses` a council sets, keyed by `code`. */
export interface CatalogueCourse {
  code: string;
  title: string;
  summary: string;
  category: CourseCategory;
  deliveryMode: DeliveryMode;
  durationMinutes: number;
  /** Months a completion counts before a refresher is due; null for never. */
  validityMonths: number | null;
  bookable: boolean;
  issuesCertificate: boolean;
  externalUrl: string | null;
  audienceNote: string | null;
}

/** The Home Office's GOV.UK Prevent training (awareness, referrals, Channel) all lives here. */
export const HOME_OFFICE_PREVENT_URL = "https://www.support-people-vulnerable-to-radicalisation.service.gov.uk/";

/** Course codes, for code that refers to one course of the demo catalogue. */
export const COURSE_CODES = {
  wrap: "PREV-WRAP",
  preventAwareness: "PREV-HO-AWARE",
  preventReferrals: "PREV-HO-REFER",
  channelAwareness: "PREV-HO-CHANNEL",
  preventWorkshop: "PREV-WORKSHOP",
  preventSchools: "PREV-SCHOOLS",
  safeguardingChildren1: "SGC-L1",
  safeguardingChildren2: "SGC-L2",
  safeguardingChildren3: "SGC-L3",
  safeguardingAdults1: "SGA-L1",
  safeguardingAdults2: "SGA-L2",
  dslTraining: "DSL-TRAIN",
  dslUpdate: "DSL-UPDATE",
  saferRecruitment: "SAFER-REC",
} as const;

export type CourseCode = (typeof COURSE_CODES)[keyof typeof COURSE_CODES];

export const CATALOGUE: readonly CatalogueCourse[] = [
  {
    code: COURSE_CODES.wrap,
    title: "Workshop to Raise Awareness of Prevent (WRAP)",
    summary:
      "The Home Office's original face-to-face Prevent workshop. WRAP is no longer delivered " +
      "nationally and cannot be booked. Existing WRAP records still count as Prevent awareness " +
      "until they expire; after that, take the Home Office Prevent awareness e-learning or the " +
      "council's Prevent awareness workshop.",
    category: "prevent",
    deliveryMode: "face_to_face",
    durationMinutes: 180,
    validityMonths: 36,
    bookable: false,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Historical records only.",
  },
  {
    code: COURSE_CODES.preventAwareness,
    title: "Prevent awareness (Home Office e-learning)",
    summary:
      "The Home Office's GOV.UK Prevent awareness course: what Prevent is, how to recognise that " +
      "someone may be susceptible to radicalisation, and how to raise a concern. The Home Office " +
      "keeps your certificate details for only 30 minutes, so download or photograph your " +
      "certificate and upload it here, or ask your manager to confirm the date you completed it.",
    category: "prevent",
    deliveryMode: "external_elearning",
    durationMinutes: 60,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: HOME_OFFICE_PREVENT_URL,
    audienceNote: "Everyone, and required for frontline staff, contractors' staff and school staff.",
  },
  {
    code: COURSE_CODES.preventReferrals,
    title: "Prevent referrals (Home Office e-learning)",
    summary:
      "The Home Office's GOV.UK course on making a good Prevent referral: what happens after a " +
      "referral, what information to share and when. Take Prevent awareness first. Upload your " +
      "certificate, as the Home Office does not keep it.",
    category: "prevent",
    deliveryMode: "external_elearning",
    durationMinutes: 45,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: HOME_OFFICE_PREVENT_URL,
    audienceNote: "Managers, safeguarding leads and anyone who may make or support a referral.",
  },
  {
    code: COURSE_CODES.channelAwareness,
    title: "Channel awareness (Home Office e-learning)",
    summary:
      "The Home Office's GOV.UK course on Channel and the Prevent Multi-Agency Panel (PMAP): how " +
      "the panel works and what partners contribute. Take Prevent awareness first.",
    category: "channel",
    deliveryMode: "external_elearning",
    durationMinutes: 45,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: HOME_OFFICE_PREVENT_URL,
    audienceNote: "Channel panel members and partners who attend or contribute to the panel.",
  },
  {
    code: COURSE_CODES.preventWorkshop,
    title: "Prevent awareness workshop",
    summary:
      "A three-hour workshop run by the council's Prevent team: local context in Northbridge, " +
      "case studies, how to recognise concerns and how to make a referral through the council's " +
      "safeguarding routes. Counts as Prevent awareness.",
    category: "prevent",
    deliveryMode: "face_to_face",
    durationMinutes: 180,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Council staff and contractors' staff, especially frontline roles.",
  },
  {
    code: COURSE_CODES.preventSchools,
    title: "Prevent for school staff",
    summary:
      "A live online session run by the council's Prevent team for school and college staff: the " +
      "Prevent duty in schools, online radicalisation, and what to pass to your designated " +
      "safeguarding lead. Counts as Prevent awareness.",
    category: "prevent",
    deliveryMode: "live_online",
    durationMinutes: 90,
    validityMonths: 12,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Staff and governors of Northbridge schools.",
  },
  {
    code: COURSE_CODES.safeguardingChildren1,
    title: "Safeguarding children level 1",
    summary:
      "Introductory e-learning: recognising abuse and neglect, and what to do if you are worried " + "about a child.",
    category: "safeguarding_children",
    deliveryMode: "hosted_elearning",
    durationMinutes: 60,
    validityMonths: 12,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Everyone who may come into contact with children.",
  },
  {
    code: COURSE_CODES.safeguardingChildren2,
    title: "Safeguarding children level 2",
    summary:
      "A one-day course for staff who work regularly with children or parents: thresholds, " +
      "information sharing, making a referral to the Multi-Agency Safeguarding Hub.",
    category: "safeguarding_children",
    deliveryMode: "face_to_face",
    durationMinutes: 360,
    validityMonths: 24,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Staff working with children, young people and families.",
  },
  {
    code: COURSE_CODES.safeguardingChildren3,
    title: "Safeguarding children level 3",
    summary:
      "Multi-agency working for practitioners who assess, plan and review: child protection " +
      "conferences, core groups, contextual safeguarding.",
    category: "safeguarding_children",
    deliveryMode: "face_to_face",
    durationMinutes: 390,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Social workers, designated safeguarding leads and senior practitioners.",
  },
  {
    code: COURSE_CODES.safeguardingAdults1,
    title: "Safeguarding adults level 1",
    summary:
      "Introductory e-learning: the Care Act 2014 categories of abuse, making safeguarding " +
      "personal, and raising a concern.",
    category: "safeguarding_adults",
    deliveryMode: "hosted_elearning",
    durationMinutes: 60,
    validityMonths: 12,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Everyone who may come into contact with adults at risk.",
  },
  {
    code: COURSE_CODES.safeguardingAdults2,
    title: "Safeguarding adults level 2",
    summary:
      "A one-day course for staff working with adults at risk: Section 42 enquiries, mental " +
      "capacity, self-neglect and responding to disclosures.",
    category: "safeguarding_adults",
    deliveryMode: "face_to_face",
    durationMinutes: 360,
    validityMonths: 24,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Staff working with adults who may have care and support needs.",
  },
  {
    code: COURSE_CODES.dslTraining,
    title: "Designated safeguarding lead training",
    summary:
      "Training for new and existing designated safeguarding leads and deputies, as Keeping " +
      "Children Safe in Education expects at least every two years: the role, record keeping, " +
      "referrals, working with children's social care, Prevent and Channel.",
    category: "designated_safeguarding_lead",
    deliveryMode: "face_to_face",
    durationMinutes: 390,
    validityMonths: 24,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Designated safeguarding leads and deputies in schools and colleges.",
  },
  {
    code: COURSE_CODES.dslUpdate,
    title: "DSL annual update",
    summary:
      "A live online update for designated safeguarding leads and deputies: changes to Keeping " +
      "Children Safe in Education, local procedures and learning from reviews.",
    category: "designated_safeguarding_lead",
    deliveryMode: "live_online",
    durationMinutes: 180,
    validityMonths: 12,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Designated safeguarding leads and deputies.",
  },
  {
    code: COURSE_CODES.saferRecruitment,
    title: "Safer recruitment",
    summary:
      "Safer recruitment practice for anyone who sits on an interview panel for roles working " +
      "with children: advertising, references, interviews and pre-employment checks.",
    category: "other",
    deliveryMode: "face_to_face",
    durationMinutes: 390,
    validityMonths: 36,
    bookable: true,
    issuesCertificate: true,
    externalUrl: null,
    audienceNote: "Headteachers, governors and managers who recruit staff working with children.",
  },
];
