import { sql } from "drizzle-orm";
import { hashPassword } from "../../auth/password.server";
import { type Database, queryRows } from "../database";
import {
  accounts,
  auditEvents,
  bookings,
  completions,
  courseSessions,
  courses,
  organisations,
  people,
  roleGrants,
  type BookingStatus,
  type CompletionSource,
  type EmploymentType,
  type OrganisationKind,
  type Role,
  type Sector,
  type SessionStatus,
} from "../schema";
import { CATALOGUE, COURSE_CODES, type CatalogueCourse, type CourseCode } from "./catalogue";
import {
  CONTRACTORS,
  COUNCIL,
  DIRECTORATES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  GOVERNOR_TITLES,
  PARTNERS,
  PARTNERS_ROOT,
  SCHOOL_TITLES,
  SCHOOLS,
  SCHOOLS_ROOT,
  VENUES,
  type UnitSpec,
} from "./names";
import { REQUIREMENTS, type RequirementSeed } from "./requirements";
import { insertDefaultRequirements } from "./insert-requirements";
import { CROCKFORD_BASE32, Random } from "./random";

/**
 * The demo council: the London Borough of Northbridge, its contractors, schools and partners,
 * about 800 people, the catalogue, requirements, three years of sessions and completions, and
 * five demo accounts. Deterministic: the same `today` gives the same rows on a fresh database.
 */

export const DEMO_PASSWORD = "demo-password";

export interface DemoAccount {
  id: string;
  email: string;
  roles: Role[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: "demo-coordinator", email: "coordinator@example.com", roles: ["coordinator", "learner"] },
  { id: "demo-education-officer", email: "education.officer@example.com", roles: ["education_officer", "learner"] },
  { id: "demo-trainer", email: "trainer@example.com", roles: ["trainer", "learner"] },
  { id: "demo-manager", email: "manager@example.com", roles: ["manager", "learner"] },
  { id: "demo-learner", email: "learner@example.com", roles: ["learner"] },
];

const SEED = 0x4e42_2026;
const CHUNK = 500;

// ---------------------------------------------------------------------------------------------
// Dates. Calendar dates are ISO strings; arithmetic goes through day numbers (days since 1970).

type IsoDate = string;

function toDay(iso: IsoDate): number {
  return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);
}

function fromDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDay(toDay(iso) + days);
}

/** Like PostgreSQL's `date + interval 'n months'`: the day is clamped to the month's last day. */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const year = +iso.slice(0, 4);
  const month = +iso.slice(5, 7) - 1 + months;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(+iso.slice(8, 10), lastDay);
  return `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** 0 = Sunday. */
function weekday(iso: IsoDate): number {
  return (toDay(iso) + 4) % 7;
}

/** Today's date in the council's calendar (Europe/London). */
export function londonToday(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

function lastSunday(year: number, monthIndex: number): IsoDate {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0)).toISOString().slice(0, 10);
  return addDays(last, -weekday(last));
}

/** The instant of a wall-clock time in London on a date (daytime hours: BST from the last Sunday of March to the last Sunday of October). */
function londonInstant(iso: IsoDate, hours: number, minutes = 0): Date {
  const year = +iso.slice(0, 4);
  const bst = iso >= lastSunday(year, 2) && iso < lastSunday(year, 9);
  return new Date(Date.UTC(year, +iso.slice(5, 7) - 1, +iso.slice(8, 10), hours - (bst ? 1 : 0), minutes));
}

function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const bankHolidayCache = new Map<number, Set<IsoDate>>();

/** England and Wales bank holidays, with substitute days (one-off royal holidays aside). */
function bankHolidays(year: number): Set<IsoDate> {
  const cached = bankHolidayCache.get(year);
  if (cached) return cached;
  const days = new Set<IsoDate>();
  const firstMonday = (monthIndex: number) => {
    const first = `${year}-${String(monthIndex + 1).padStart(2, "0")}-01`;
    return addDays(first, (8 - weekday(first)) % 7);
  };
  const lastMonday = (monthIndex: number) => {
    const sunday = lastSunday(year, monthIndex);
    const monday = addDays(sunday, 1);
    return monday.slice(5, 7) === sunday.slice(5, 7) ? monday : addDays(sunday, -6);
  };
  const newYear = `${year}-01-01`;
  days.add(weekday(newYear) === 6 ? addDays(newYear, 2) : weekday(newYear) === 0 ? addDays(newYear, 1) : newYear);
  const easter = easterSunday(year);
  days.add(addDays(easter, -2));
  days.add(addDays(easter, 1));
  days.add(firstMonday(4));
  days.add(lastMonday(4));
  days.add(lastMonday(7));
  const christmas = [`${year}-12-25`, `${year}-12-26`];
  let substitutes = 0;
  for (const day of christmas) {
    if (weekday(day) === 0 || weekday(day) === 6) substitutes++;
    else days.add(day);
  }
  for (let day = `${year}-12-27`; substitutes > 0; day = addDays(day, 1)) {
    if (weekday(day) !== 0 && weekday(day) !== 6 && !days.has(day)) {
      days.add(day);
      substitutes--;
    }
  }
  bankHolidayCache.set(year, days);
  return days;
}

function isWorkingDay(iso: IsoDate): boolean {
  const day = weekday(iso);
  return day !== 0 && day !== 6 && !bankHolidays(+iso.slice(0, 4)).has(iso);
}

/** A day the training team would run a session: a working day outside the Christmas fortnight. */
function isSessionDay(iso: IsoDate): boolean {
  const monthDay = iso.slice(5);
  return isWorkingDay(iso) && monthDay < "12-21" && monthDay > "01-03";
}

function subtractWorkingDays(iso: IsoDate, count: number): IsoDate {
  let day = iso;
  for (let left = count; left > 0; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

function longDate(iso: IsoDate): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

// ---------------------------------------------------------------------------------------------
// The plan, built in memory before anything is written.

interface OrgSeed {
  ref: string;
  parentRef: string | null;
  level: number;
  kind: OrganisationKind;
  sector: Sector;
  name: string;
  urn?: number;
  schoolPhase?: string;
  schoolType?: string;
  schoolStatus?: string;
}

type DemoRole = "coordinator" | "education_officer" | "trainer" | "manager" | "learner";

interface PersonSeed {
  key: number;
  ref: string;
  orgRef: string;
  /** The organisation's refs from the root down to it. */
  orgChain: string[];
  sector: Sector;
  managerKey: number | null;
  level: number;
  givenName: string;
  familyName: string;
  email: string;
  jobTitle: string;
  tags: string[];
  employmentType: EmploymentType;
  startDate: IsoDate;
  leavingDate: IsoDate | null;
  demo?: DemoRole;
  /** Trainers and demo people: their records are written by hand, not drawn from sessions. */
  noSessions?: boolean;
}

interface SessionSeed {
  courseCode: CourseCode;
  date: IsoDate;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  joiningLink: string | null;
  capacity: number;
  trainerKey: number;
  bookingClosesAt: Date;
  status: SessionStatus;
  cancelledAt: Date | null;
  cancelReason: string | null;
  calendarSequence: number;
  audienceOrgRef: string | null;
  notes: string | null;
  createdAt: Date;
  /** People holding a live booking (booked, waitlisted, attended, absent). */
  people: Set<number>;
  /** Places taken: booked or attended. */
  taken: number;
}

interface BookingSeed {
  sessionIdx: number;
  personKey: number;
  status: BookingStatus;
  createdAt: Date;
  waitlistedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  lateCancellation: boolean;
  walkIn: boolean;
  attendanceMarkedAt: Date | null;
  managerAgreed: boolean;
  bookedByAccountId: string | null;
  calendarSequence: number;
}

interface CompletionSeed {
  personKey: number;
  courseCode: CourseCode;
  completedOn: IsoDate;
  source: CompletionSource;
  sessionIdx: number | null;
  bookingIdx: number | null;
  evidenceNote: string | null;
  recordedAt: Date;
  recordedByAccountId: string | null;
  certificateCode: string;
  revokedAt: Date | null;
  revokedByAccountId: string | null;
  revokeReason: string | null;
}

type Outcome = "current" | "expiring" | "expired" | "missing";

/** How each requirement's audience is spread across statuses, and which courses they took. */
const REQUIREMENT_MIX: Record<string, { outcomes: [number, number, number, number]; courses: [CourseCode, number][] }> = {
  "council-frontline-prevent": {
    outcomes: [68, 9, 11, 12],
    courses: [[COURSE_CODES.preventAwareness, 55], [COURSE_CODES.preventWorkshop, 40], [COURSE_CODES.wrap, 25]],
  },
  "contractor-frontline-prevent": {
    outcomes: [55, 8, 15, 22],
    courses: [[COURSE_CODES.preventAwareness, 60], [COURSE_CODES.preventWorkshop, 35], [COURSE_CODES.wrap, 15]],
  },
  "school-staff-prevent": {
    outcomes: [75, 8, 9, 8],
    courses: [[COURSE_CODES.preventAwareness, 40], [COURSE_CODES.preventSchools, 45], [COURSE_CODES.preventWorkshop, 5], [COURSE_CODES.wrap, 10]],
  },
  "school-dsl-training": { outcomes: [80, 8, 8, 4], courses: [[COURSE_CODES.dslTraining, 1]] },
  "school-dsl-update": { outcomes: [72, 10, 12, 6], courses: [[COURSE_CODES.dslUpdate, 1]] },
  "school-staff-safeguarding": {
    outcomes: [78, 10, 8, 4],
    courses: [[COURSE_CODES.safeguardingChildren1, 70], [COURSE_CODES.safeguardingChildren2, 25], [COURSE_CODES.safeguardingChildren3, 5]],
  },
  "council-managers-referrals": { outcomes: [55, 8, 10, 27], courses: [[COURSE_CODES.preventReferrals, 1]] },
  "children-families-safeguarding-l2": {
    outcomes: [70, 8, 12, 10],
    courses: [[COURSE_CODES.safeguardingChildren2, 75], [COURSE_CODES.safeguardingChildren3, 25]],
  },
  "adults-health-safeguarding-l2": { outcomes: [70, 8, 12, 10], courses: [[COURSE_CODES.safeguardingAdults2, 1]] },
};

/** Past (three years) and upcoming (three months) sessions per bookable classroom course. */
const SESSION_COUNTS: [CourseCode, number, number][] = [
  [COURSE_CODES.preventWorkshop, 14, 10],
  [COURSE_CODES.preventSchools, 9, 6],
  [COURSE_CODES.safeguardingChildren2, 10, 6],
  [COURSE_CODES.safeguardingChildren3, 5, 3],
  [COURSE_CODES.safeguardingAdults2, 8, 5],
  [COURSE_CODES.dslTraining, 6, 4],
  [COURSE_CODES.dslUpdate, 5, 4],
  [COURSE_CODES.saferRecruitment, 4, 2],
];

const WRAP_NOTE = "WRAP attendance imported from the Prevent team's historical register.";
const IMPORT_NOTE = "Imported from the training team's historical spreadsheet.";

export async function seedDemo(db: Database, options: { today?: string } = {}): Promise<void> {
  const today = options.today ?? londonToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || fromDay(toDay(today)) !== today) {
    throw new Error(`seedDemo: today must be a date (YYYY-MM-DD), not ${today}`);
  }
  const existing = await queryRows(db, sql`select 1 as one from organisations union all select 1 from people limit 1`);
  if (existing.length > 0) throw new Error("seedDemo: the database is not empty");

  const plan = buildPlan(today);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await writePlan(tx as unknown as Database, plan, passwordHash, today);
  });
}

type Plan = ReturnType<typeof buildPlan>;

function buildPlan(T: IsoDate) {
  const rng = new Random(SEED);
  const catalogue = new Map<CourseCode, CatalogueCourse>(CATALOGUE.map((c) => [c.code as CourseCode, c]));
  const course = (code: CourseCode): CatalogueCourse => catalogue.get(code)!;
  const yesterday = addDays(T, -1);

  // ----- organisations -------------------------------------------------------------------------
  const orgs: OrgSeed[] = [];
  const orgByRef = new Map<string, OrgSeed>();
  const addOrg = (org: Omit<OrgSeed, "level">) => {
    const parent = org.parentRef ? orgByRef.get(org.parentRef)! : null;
    const seed: OrgSeed = { ...org, level: parent ? parent.level + 1 : 0 };
    orgs.push(seed);
    orgByRef.set(seed.ref, seed);
    return seed;
  };
  const chainOf = (ref: string): string[] => {
    const chain: string[] = [];
    for (let org = orgByRef.get(ref); org; org = org.parentRef ? orgByRef.get(org.parentRef) : undefined) {
      chain.unshift(org.ref);
    }
    return chain;
  };

  addOrg({ ref: COUNCIL.ref, parentRef: null, kind: "council", sector: "council", name: COUNCIL.name });
  for (const directorate of DIRECTORATES) {
    addOrg({ ref: directorate.ref, parentRef: COUNCIL.ref, kind: "directorate", sector: "council", name: directorate.name });
    for (const service of directorate.services) {
      addOrg({ ref: service.ref, parentRef: directorate.ref, kind: "service", sector: "council", name: service.name });
    }
  }
  for (const contractor of CONTRACTORS) {
    addOrg({ ref: contractor.ref, parentRef: null, kind: "contractor", sector: "contractor", name: contractor.name });
  }
  addOrg({ ref: SCHOOLS_ROOT.ref, parentRef: null, kind: "schools", sector: "school", name: SCHOOLS_ROOT.name });
  for (const school of SCHOOLS) {
    addOrg({
      ref: school.laestab,
      parentRef: SCHOOLS_ROOT.ref,
      kind: "school",
      sector: "school",
      name: school.name,
      urn: school.urn,
      schoolPhase: school.phase,
      schoolType: school.type,
      schoolStatus: school.status,
    });
  }
  addOrg({ ref: PARTNERS_ROOT.ref, parentRef: null, kind: "partner", sector: "partner", name: PARTNERS_ROOT.name });
  for (const partner of PARTNERS) {
    addOrg({ ref: partner.ref, parentRef: PARTNERS_ROOT.ref, kind: "partner", sector: "partner", name: partner.name });
  }

  // ----- people --------------------------------------------------------------------------------
  const persons: PersonSeed[] = [];
  const usedEmails = new Set<string>();
  const usedRefs = new Set<string>();
  const slug = (name: string) =>
    name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['\s]/g, "");
  const emailFor = (given: string, family: string, domain: string) => {
    const base = `${slug(given)}.${slug(family)}`;
    let email = `${base}@${domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${domain}`;
    usedEmails.add(email);
    return email;
  };
  const counters = new Map<string, number>();
  const refFor = (prefix: string, digits: number, start: number) => {
    let ref: string;
    do {
      const next = (counters.get(prefix) ?? start) + rng.int(1, 29);
      counters.set(prefix, next);
      ref = `${prefix}${String(next).padStart(digits, "0")}`;
    } while (usedRefs.has(ref));
    usedRefs.add(ref);
    return ref;
  };
  const staffStart = (senior: boolean): IsoDate => {
    if (senior) return addDays(T, -rng.int(730, 5400));
    const roll = rng.next();
    if (roll < 0.05) return addDays(T, -rng.int(1, 60));
    if (roll < 0.22) return addDays(T, -rng.int(61, 730));
    return addDays(T, -rng.int(731, 5475));
  };
  const maybeLeaving = (start: IsoDate, p: number): IsoDate | null => {
    const served = toDay(T) - toDay(start);
    if (served < 240 || !rng.chance(p)) return null;
    return addDays(T, -rng.int(5, Math.min(700, served - 120)));
  };

  interface NewPerson {
    orgRef: string;
    managerKey: number | null;
    jobTitle: string;
    tags: string[];
    employmentType: EmploymentType;
    startDate: IsoDate;
    leavingDate?: IsoDate | null;
    domain: string;
    refPrefix: string;
    refDigits?: number;
    refStart?: number;
    givenName?: string;
    familyName?: string;
    email?: string;
    demo?: DemoRole;
    noSessions?: boolean;
  }
  const addPerson = (p: NewPerson): number => {
    const org = orgByRef.get(p.orgRef)!;
    const givenName = p.givenName ?? rng.pick(GIVEN_NAMES);
    const familyName = p.familyName ?? rng.pick(FAMILY_NAMES);
    const email = p.email ?? emailFor(givenName, familyName, p.domain);
    if (p.email) usedEmails.add(p.email);
    const key = persons.length;
    const manager = p.managerKey === null ? null : persons[p.managerKey]!;
    persons.push({
      key,
      ref: refFor(p.refPrefix, p.refDigits ?? 6, p.refStart ?? 10_000),
      orgRef: p.orgRef,
      orgChain: chainOf(p.orgRef),
      sector: org.sector,
      managerKey: p.managerKey,
      level: manager ? manager.level + 1 : 0,
      givenName,
      familyName,
      email,
      jobTitle: p.jobTitle,
      tags: p.tags,
      employmentType: p.employmentType,
      startDate: p.startDate,
      leavingDate: p.leavingDate ?? null,
      demo: p.demo,
      noSessions: p.noSessions,
    });
    return key;
  };

  /** A council service or a contractor: head, team managers, staff. */
  const addUnit = (
    spec: UnitSpec,
    context: {
      managerKey: number | null;
      domain: string;
      refPrefix: string;
      refDigits?: number;
      employment: () => EmploymentType;
      head?: Partial<NewPerson>;
    },
  ) => {
    const base = { orgRef: spec.ref, domain: context.domain, refPrefix: context.refPrefix, refDigits: context.refDigits };
    const headKey = addPerson({
      ...base,
      managerKey: context.managerKey,
      jobTitle: spec.head,
      tags: ["manager"],
      employmentType: "permanent",
      startDate: staffStart(true),
      ...context.head,
    });
    const teamManagers = new Map<string, number>();
    for (const title of spec.teamManagers) {
      teamManagers.set(
        title,
        addPerson({
          ...base,
          managerKey: headKey,
          jobTitle: title,
          tags: spec.frontlineShare >= 0.5 ? ["frontline", "manager"] : ["manager"],
          employmentType: "permanent",
          startDate: staffStart(true),
        }),
      );
    }
    const tmKeys = [...teamManagers.values()];
    const staff = spec.size - 1 - tmKeys.length;
    const direct = tmKeys.length === 0 ? staff : (spec.directReports ?? Math.round(staff * 0.15));
    for (let i = 0; i < staff; i++) {
      const toHead = i < direct;
      const frontline = spec.frontlineTitles.length > 0 && rng.chance(spec.frontlineShare);
      const titles = frontline || spec.officeTitles.length === 0 ? spec.frontlineTitles : spec.officeTitles;
      const startDate = staffStart(false);
      addPerson({
        ...base,
        managerKey: toHead ? headKey : rng.pick(tmKeys),
        jobTitle: rng.pick(titles),
        tags: frontline ? ["frontline"] : [],
        employmentType: context.employment(),
        startDate,
        leavingDate: toHead ? null : maybeLeaving(startDate, 0.035),
      });
    }
    return { headKey, teamManagers };
  };

  const councilEmployment = () =>
    rng.weighted<EmploymentType>([["permanent", 82], ["fixed_term", 9], ["agency", 9]]);
  const councilBase = { domain: COUNCIL.emailDomain, refPrefix: "HR", refStart: 10_000 };

  const chiefExecutive = addPerson({
    ...councilBase,
    orgRef: "LBN-CE",
    managerKey: null,
    jobTitle: COUNCIL.chiefExecutive,
    tags: ["manager"],
    employmentType: "permanent",
    startDate: addDays(T, -rng.int(1500, 3000)),
  });

  const demo = {} as Record<DemoRole, number>;
  const trainers = {} as Record<"educationAdviser" | "safeguardingTrainer" | "learningAdviser", number>;

  for (const directorate of DIRECTORATES) {
    const director = addPerson({
      ...councilBase,
      orgRef: directorate.ref,
      managerKey: chiefExecutive,
      jobTitle: directorate.director,
      tags: ["manager"],
      employmentType: "permanent",
      startDate: staffStart(true),
    });
    for (const service of directorate.services) {
      const isHousingNeeds = service.ref === "LBN-HC-HN";
      const unit = addUnit(service, {
        managerKey: director,
        domain: COUNCIL.emailDomain,
        refPrefix: "HR",
        employment: councilEmployment,
        head: isHousingNeeds
          ? {
              givenName: "Marcus",
              familyName: "Whitfield",
              email: "manager@example.com",
              startDate: addDays(T, -3620),
              demo: "manager",
              noSessions: true,
            }
          : undefined,
      });
      if (isHousingNeeds) {
        demo.manager = unit.headKey;
        demo.learner = addPerson({
          ...councilBase,
          orgRef: service.ref,
          managerKey: unit.headKey,
          givenName: "Chloe",
          familyName: "Adebayo",
          email: "learner@example.com",
          jobTitle: "Housing Options Officer",
          tags: ["frontline"],
          employmentType: "permanent",
          startDate: addDays(T, -2310),
          demo: "learner",
          noSessions: true,
        });
      }
      if (service.ref === "LBN-CE-CS") {
        demo.coordinator = addPerson({
          ...councilBase,
          orgRef: service.ref,
          managerKey: unit.headKey,
          givenName: "Hannah",
          familyName: "Mercer",
          email: "coordinator@example.com",
          jobTitle: "Prevent Coordinator",
          tags: ["frontline", "manager"],
          employmentType: "permanent",
          startDate: addDays(T, -2920),
          demo: "coordinator",
          noSessions: true,
        });
        demo.education_officer = addPerson({
          ...councilBase,
          orgRef: service.ref,
          managerKey: demo.coordinator,
          givenName: "Daniel",
          familyName: "Osei",
          email: "education.officer@example.com",
          jobTitle: "Prevent Education Officer",
          tags: ["frontline"],
          employmentType: "fixed_term",
          startDate: addDays(T, -1490),
          demo: "education_officer",
          noSessions: true,
        });
        demo.trainer = addPerson({
          ...councilBase,
          orgRef: service.ref,
          managerKey: demo.coordinator,
          givenName: "Fatima",
          familyName: "Begum",
          email: "trainer@example.com",
          jobTitle: "Prevent Training Officer",
          tags: ["frontline"],
          employmentType: "permanent",
          startDate: addDays(T, -2190),
          demo: "trainer",
          noSessions: true,
        });
      }
      if (service.ref === "LBN-CF-EDU") {
        trainers.educationAdviser = addPerson({
          ...councilBase,
          orgRef: service.ref,
          managerKey: unit.headKey,
          jobTitle: "Education Safeguarding Adviser",
          tags: ["frontline"],
          employmentType: "permanent",
          startDate: staffStart(true),
          noSessions: true,
        });
      }
      if (service.ref === "LBN-RES-HR") {
        const learningManager = unit.teamManagers.get("Learning and Development Manager") ?? unit.headKey;
        const trainer = (jobTitle: string) =>
          addPerson({
            ...councilBase,
            orgRef: service.ref,
            managerKey: learningManager,
            jobTitle,
            tags: [],
            employmentType: "permanent",
            startDate: staffStart(true),
            noSessions: true,
          });
        trainers.safeguardingTrainer = trainer("Safeguarding Trainer");
        trainers.learningAdviser = trainer("Learning and Development Adviser (Safeguarding)");
      }
    }
  }

  for (const contractor of CONTRACTORS) {
    addUnit(contractor, {
      managerKey: null,
      domain: contractor.emailDomain,
      refPrefix: `${contractor.staffRefPrefix}-`,
      refDigits: 5,
      employment: () => rng.weighted<EmploymentType>([["contractor", 90], ["agency", 10]]),
    });
  }

  const schoolStaff = new Map<string, number[]>();
  for (const school of SCHOOLS) {
    const titles = SCHOOL_TITLES[school.titles];
    const base = { orgRef: school.laestab, domain: school.emailDomain, refPrefix: "SCH", refStart: 200_000 };
    const governors =
      school.headcount >= 6
        ? rng.weighted([[0, 35], [1, 45], [2, 20]] as const)
        : school.headcount === 5 && rng.chance(0.4)
          ? 1
          : 0;
    const staffCount = school.headcount - governors;
    const headIsDsl = school.titles === "nursery" || school.titles === "pru" || (school.titles === "primary" && rng.chance(0.3));
    const keys: number[] = [];
    const head = addPerson({
      ...base,
      managerKey: null,
      jobTitle: titles.head,
      tags: headIsDsl ? ["dsl", "manager", "school_staff"] : ["manager", "school_staff"],
      employmentType: "permanent",
      startDate: staffStart(true),
    });
    keys.push(head);
    if (!headIsDsl) {
      keys.push(
        addPerson({
          ...base,
          managerKey: head,
          jobTitle: rng.pick(titles.dsl),
          tags: ["dsl", "school_staff"],
          employmentType: "permanent",
          startDate: staffStart(true),
        }),
      );
    }
    if (staffCount - keys.length >= 2 && (school.titles === "secondary" || rng.chance(0.6))) {
      keys.push(
        addPerson({
          ...base,
          managerKey: head,
          jobTitle: rng.pick(titles.deputyDsl),
          tags: ["deputy_dsl", "school_staff"],
          employmentType: "permanent",
          startDate: staffStart(false),
        }),
      );
    }
    while (keys.length < staffCount) {
      const startDate = staffStart(false);
      keys.push(
        addPerson({
          ...base,
          managerKey: head,
          jobTitle: rng.pick(titles.staff),
          tags: ["school_staff"],
          employmentType: rng.weighted<EmploymentType>([["permanent", 85], ["fixed_term", 10], ["agency", 5]]),
          startDate,
          leavingDate: maybeLeaving(startDate, 0.03),
        }),
      );
    }
    const governorTitles = rng.shuffle(GOVERNOR_TITLES);
    for (let g = 0; g < governors; g++) {
      keys.push(
        addPerson({
          ...base,
          refPrefix: "GOV",
          refDigits: 5,
          managerKey: null,
          jobTitle: governorTitles[g]!,
          tags: ["governor"],
          employmentType: "volunteer",
          startDate: addDays(T, -rng.int(90, 2500)),
        }),
      );
    }
    schoolStaff.set(school.laestab, keys);
  }

  for (const partner of PARTNERS) {
    for (const jobTitle of partner.titles) {
      addPerson({
        orgRef: partner.ref,
        domain: partner.emailDomain,
        refPrefix: `${partner.ref.slice(4)}-`,
        refDigits: 5,
        managerKey: null,
        jobTitle,
        tags: jobTitle === "Designated Safeguarding Lead" ? ["dsl"] : [],
        employmentType: "permanent",
        startDate: staffStart(false),
      });
    }
  }

  // ----- who must hold what --------------------------------------------------------------------
  const applies = (r: RequirementSeed, p: PersonSeed) =>
    (r.audienceSectors.length === 0 || r.audienceSectors.includes(p.sector)) &&
    (r.audienceOrganisationRefs.length === 0 || r.audienceOrganisationRefs.some((ref) => p.orgChain.includes(ref))) &&
    (r.audienceTags.length === 0 || r.audienceTags.some((tag) => p.tags.includes(tag))) &&
    (r.audienceEmploymentTypes.length === 0 || r.audienceEmploymentTypes.includes(p.employmentType));
  const requiredCourses = new Map<number, Set<CourseCode>>();
  for (const p of persons) {
    const codes = new Set<CourseCode>();
    for (const r of REQUIREMENTS) if (applies(r, p)) for (const code of r.courseCodes) codes.add(code);
    requiredCourses.set(p.key, codes);
  }
  const activeOn = (p: PersonSeed, iso: IsoDate) => p.startDate <= iso && (p.leavingDate === null || p.leavingDate > iso);

  // ----- trainers and sessions -----------------------------------------------------------------
  const prevent = demo.trainer;
  const { educationAdviser, safeguardingTrainer, learningAdviser } = trainers;
  const TRAINERS: Record<string, [number, number][]> = {
    [COURSE_CODES.preventWorkshop]: [[prevent, 75], [learningAdviser, 25]],
    [COURSE_CODES.preventSchools]: [[prevent, 50], [educationAdviser, 50]],
    [COURSE_CODES.safeguardingChildren2]: [[safeguardingTrainer, 70], [educationAdviser, 30]],
    [COURSE_CODES.safeguardingChildren3]: [[educationAdviser, 60], [safeguardingTrainer, 40]],
    [COURSE_CODES.safeguardingAdults2]: [[safeguardingTrainer, 60], [learningAdviser, 40]],
    [COURSE_CODES.dslTraining]: [[educationAdviser, 1]],
    [COURSE_CODES.dslUpdate]: [[educationAdviser, 70], [prevent, 30]],
    [COURSE_CODES.saferRecruitment]: [[learningAdviser, 1]],
  };
  const VENUE_CHOICES: Record<string, readonly string[]> = {
    [COURSE_CODES.preventWorkshop]: [...VENUES.townHall, ...VENUES.civicCentre],
    [COURSE_CODES.safeguardingChildren2]: [...VENUES.civicCentre, ...VENUES.other],
    [COURSE_CODES.safeguardingChildren3]: VENUES.civicCentre,
    [COURSE_CODES.safeguardingAdults2]: [...VENUES.civicCentre, VENUES.townHall[0]],
    [COURSE_CODES.dslTraining]: [VENUES.other[0]],
    [COURSE_CODES.saferRecruitment]: [VENUES.other[0], VENUES.civicCentre[1]],
  };
  const CAPACITY: Record<string, [number, number]> = {
    [COURSE_CODES.preventWorkshop]: [20, 30],
    [COURSE_CODES.preventSchools]: [25, 30],
    [COURSE_CODES.safeguardingChildren2]: [16, 24],
    [COURSE_CODES.safeguardingChildren3]: [14, 20],
    [COURSE_CODES.safeguardingAdults2]: [16, 22],
    [COURSE_CODES.dslTraining]: [16, 24],
    [COURSE_CODES.dslUpdate]: [24, 30],
    [COURSE_CODES.saferRecruitment]: [12, 16],
  };
  /** A session day in [lo, hi], or the nearest one inside [floor, ceiling] when the slot has none. */
  const sessionDayBetween = (lo: IsoDate, hi: IsoDate, floor: IsoDate, ceiling: IsoDate): IsoDate => {
    const start = rng.int(toDay(lo), toDay(hi));
    for (const [from, to] of [[lo, hi], [floor, ceiling]] as const) {
      for (let offset = 0; offset <= 120; offset++) {
        for (const day of [start + offset, start - offset]) {
          if (day >= toDay(from) && day <= toDay(to) && isSessionDay(fromDay(day))) return fromDay(day);
        }
      }
    }
    throw new Error("seedDemo: no day for a session");
  };
  const teamsLink = () =>
    `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${rng.string("abcdefghijklmnopqrstuvwxyz0123456789", 32)}%40thread.v2/0`;

  const sessions: SessionSeed[] = [];
  const makeSession = (code: CourseCode, date: IsoDate, past: boolean): SessionSeed => {
    const c = course(code);
    const [startHour, startMinute] =
      c.durationMinutes >= 300
        ? [9, 30]
        : c.durationMinutes >= 150
          ? rng.pick([[9, 30], [13, 30]] as const)
          : code === COURSE_CODES.preventSchools
            ? rng.pick([[15, 45], [16, 0], [10, 0]] as const)
            : rng.pick([[10, 0], [14, 0]] as const);
    const startsAt = londonInstant(date, startHour, startMinute);
    const online = c.deliveryMode === "live_online";
    const [minCap, maxCap] = CAPACITY[code] ?? [12, 30];
    return {
      courseCode: code,
      date,
      startsAt,
      endsAt: new Date(startsAt.getTime() + c.durationMinutes * 60_000),
      venue: online ? VENUES.online : rng.pick(VENUE_CHOICES[code] ?? VENUES.civicCentre),
      joiningLink: online ? teamsLink() : null,
      capacity: rng.int(minCap, maxCap),
      trainerKey: rng.weighted(TRAINERS[code]!),
      bookingClosesAt: londonInstant(subtractWorkingDays(date, 3), 23, 59),
      status: past ? "delivered" : "scheduled",
      cancelledAt: null,
      cancelReason: null,
      calendarSequence: 0,
      audienceOrgRef: null,
      notes:
        code === COURSE_CODES.dslTraining
          ? "Please bring a copy of your school's child protection policy."
          : code === COURSE_CODES.saferRecruitment
            ? "Lunch is not provided. Certificates are issued to those who complete the final assessment."
            : null,
      createdAt: londonInstant(past ? addDays(date, -rng.int(60, 110)) : addDays(T, -rng.int(55, 100)), 11, rng.int(0, 59)),
      people: new Set(),
      taken: 0,
    };
  };
  const threeYearsAgo = addMonths(T, -36);
  for (const [code, pastCount] of SESSION_COUNTS) {
    const span = toDay(addDays(T, -7)) - toDay(threeYearsAgo);
    for (let i = 0; i < pastCount; i++) {
      const lo = addDays(threeYearsAgo, Math.floor((span * i) / pastCount) + 1);
      const hi = addDays(threeYearsAgo, Math.floor((span * (i + 1)) / pastCount));
      sessions.push(makeSession(code, sessionDayBetween(lo, hi, addDays(threeYearsAgo, 1), addDays(T, -7)), true));
    }
  }
  const pastSessionCount = sessions.length;
  for (const [code, , upcomingCount] of SESSION_COUNTS) {
    const span = 88;
    for (let i = 0; i < upcomingCount; i++) {
      const lo = addDays(T, 3 + Math.floor((span * i) / upcomingCount));
      const hi = addDays(T, 2 + Math.floor((span * (i + 1)) / upcomingCount));
      sessions.push(makeSession(code, sessionDayBetween(lo, hi, addDays(T, 3), addDays(T, 90)), false));
    }
  }
  // Sessions in date order, so their ids read chronologically.
  const order = sessions.map((s, i) => [s, i] as const).sort(([a, i], [b, j]) => a.startsAt.getTime() - b.startsAt.getTime() || i - j);
  sessions.splice(0, sessions.length, ...order.map(([s]) => s));
  const pastSessions = sessions.filter((s) => s.status === "delivered");
  const upcomingSessions = sessions.filter((s) => s.status === "scheduled");
  if (pastSessions.length !== pastSessionCount) throw new Error("seedDemo: session dates out of range");

  const bookingRows: BookingSeed[] = [];
  const addBooking = (session: SessionSeed, personKey: number, b: Partial<BookingSeed> & { status: BookingStatus; createdAt: Date }) => {
    bookingRows.push({
      sessionIdx: sessions.indexOf(session),
      personKey,
      waitlistedAt: null,
      cancelledAt: null,
      cancelReason: null,
      lateCancellation: false,
      walkIn: false,
      attendanceMarkedAt: null,
      managerAgreed: rng.chance(0.85),
      bookedByAccountId: null,
      calendarSequence: 0,
      ...b,
    });
    if (b.status !== "cancelled") session.people.add(personKey);
    if (b.status === "booked" || b.status === "attended") session.taken++;
    return bookingRows.length - 1;
  };
  /** When someone booked a past session: a few weeks before, or on the day as a walk-in. */
  const pastBookingTime = (session: SessionSeed, p: PersonSeed) => {
    const booked = londonInstant(addDays(session.date, -rng.int(6, 45)), rng.int(8, 17), rng.int(0, 59));
    const started = londonInstant(p.startDate, 10, 0);
    if (booked >= started) return { createdAt: booked, walkIn: false };
    return { createdAt: new Date(session.startsAt.getTime() - 20 * 60_000), walkIn: true };
  };

  // ----- completions ---------------------------------------------------------------------------
  const completionRows: CompletionSeed[] = [];
  const usedCodes = new Set<string>();
  const certificateCode = () => {
    let code: string;
    do code = rng.string(CROCKFORD_BASE32, 16);
    while (usedCodes.has(code));
    usedCodes.add(code);
    return code;
  };
  const recordedTime = (completedOn: IsoDate, lagDays: [number, number]) => {
    const day = minDate(maxDate(addDays(completedOn, rng.int(lagDays[0], lagDays[1])), completedOn), maxDate(yesterday, completedOn));
    return londonInstant(day, rng.int(9, 16), rng.int(0, 59));
  };
  const goLive = threeYearsAgo;
  const addCompletion = (c: {
    personKey: number;
    code: CourseCode;
    completedOn: IsoDate;
    source: CompletionSource;
    sessionIdx?: number;
    bookingIdx?: number;
    recordedAt?: Date;
    evidenceNote?: string | null;
  }) => {
    let note = c.evidenceNote ?? null;
    let recordedAt = c.recordedAt;
    if (c.source === "external_evidence") {
      recordedAt ??= recordedTime(c.completedOn, [0, 12]);
      note ??= rng.chance(0.55)
        ? `Completion confirmed by line manager on ${longDate(recordedAt.toISOString().slice(0, 10))}.`
        : "Home Office certificate checked by the Prevent team.";
    } else if (c.source === "import") {
      recordedAt ??= c.completedOn < goLive ? londonInstant(goLive, 14, rng.int(0, 30)) : recordedTime(c.completedOn, [3, 30]);
      note ??= c.code === COURSE_CODES.wrap ? WRAP_NOTE : IMPORT_NOTE;
    } else {
      recordedAt ??= londonInstant(c.completedOn, rng.int(9, 20), rng.int(0, 59));
    }
    completionRows.push({
      personKey: c.personKey,
      courseCode: c.code,
      completedOn: c.completedOn,
      source: c.source,
      sessionIdx: c.sessionIdx ?? null,
      bookingIdx: c.bookingIdx ?? null,
      evidenceNote: note,
      recordedAt,
      recordedByAccountId: null,
      certificateCode: certificateCode(),
      revokedAt: null,
      revokedByAccountId: null,
      revokeReason: null,
    });
    return completionRows.length - 1;
  };
  const sourceFor = (code: CourseCode): CompletionSource => {
    const mode = course(code).deliveryMode;
    return mode === "external_elearning" ? "external_evidence" : mode === "hosted_elearning" ? "hosted_elearning" : "import";
  };
  const sessionable = (code: CourseCode) => SESSION_COUNTS.some(([c]) => c === code);

  /** Records that a person completed a course some day in [lo, hi]: at a past session if one fits. */
  const complete = (p: PersonSeed, code: CourseCode, lo: IsoDate, hi: IsoDate): IsoDate => {
    if (sessionable(code) && !p.noSessions) {
      const fits = pastSessions.filter(
        (s) =>
          s.courseCode === code &&
          s.date >= lo &&
          s.date <= hi &&
          s.taken < s.capacity &&
          !s.people.has(p.key) &&
          activeOn(p, s.date),
      );
      if (fits.length > 0) {
        const session = rng.pick(fits);
        const attendedBooking = addBooking(session, p.key, {
          status: "attended",
          ...pastBookingTime(session, p),
          attendanceMarkedAt: new Date(session.endsAt.getTime() + rng.int(5, 90) * 60_000),
        });
        addCompletion({
          personKey: p.key,
          code,
          completedOn: session.date,
          source: "attendance",
          sessionIdx: sessions.indexOf(session),
          bookingIdx: attendedBooking,
          recordedAt: bookingRows[attendedBooking]!.attendanceMarkedAt!,
        });
        return session.date;
      }
    }
    const completedOn = fromDay(rng.int(toDay(lo), toDay(hi)));
    addCompletion({ personKey: p.key, code, completedOn, source: sourceFor(code) });
    return completedOn;
  };

  const outcomes: { personKey: number; requirement: RequirementSeed; outcome: Outcome }[] = [];
  const wrapLatest = addDays(addMonths(T, -36), 60);
  const wrapEarliest = addMonths(T, -60);

  for (const p of persons) {
    if (p.demo) continue;
    const lastDay = p.leavingDate ? addDays(p.leavingDate, -1) : yesterday;
    let dslTrainingOn: IsoDate | null = null;
    for (const r of REQUIREMENTS) {
      if (!applies(r, p)) continue;
      const mix = REQUIREMENT_MIX[r.key]!;
      const isLead = p.tags.includes("dsl") || p.tags.includes("deputy_dsl");
      const recent = toDay(T) - toDay(p.startDate) < r.dueWithinDays;
      let outcome: Outcome = recent
        ? rng.weighted<Outcome>([["current", 30], ["missing", 70]])
        : rng.weighted<Outcome>([
            ["current", mix.outcomes[0]],
            ["expiring", mix.outcomes[1]],
            ["expired", mix.outcomes[2]],
            ["missing", mix.outcomes[3]],
          ]);
      if (r.key === "school-dsl-update" && dslTrainingOn && dslTrainingOn > addDays(addMonths(T, -12), 62)) {
        // Full DSL training in the last year already serves as the annual update.
        outcomes.push({ personKey: p.key, requirement: r, outcome: "current" });
        continue;
      }
      if (outcome === "missing") {
        outcomes.push({ personKey: p.key, requirement: r, outcome });
        continue;
      }
      const courseWeights =
        r.key === "school-staff-safeguarding" && isLead
          ? ([[COURSE_CODES.safeguardingChildren1, 30], [COURSE_CODES.safeguardingChildren2, 30], [COURSE_CODES.safeguardingChildren3, 40]] as [CourseCode, number][])
          : mix.courses;
      let code = rng.weighted(courseWeights.filter(([c]) => c !== COURSE_CODES.wrap || outcome !== "current"));
      const months = (c: CourseCode) => r.renewalMonths ?? course(c).validityMonths ?? 36;
      const windowFor = (o: Outcome, c: CourseCode): [IsoDate, IsoDate] => {
        const base = addMonths(T, -months(c));
        let [lo, hi] =
          o === "current"
            ? [addDays(base, r.reminderDays + 2), yesterday]
            : o === "expiring"
              ? [addDays(base, 2), addDays(base, r.reminderDays - 1)]
              : [addDays(base, -540), addDays(base, -2)];
        if (c === COURSE_CODES.wrap) {
          lo = maxDate(lo, wrapEarliest);
          hi = minDate(hi, wrapLatest);
        }
        return [maxDate(lo, p.startDate), minDate(hi, lastDay)];
      };
      let [lo, hi] = windowFor(outcome, code);
      if (lo > hi) {
        outcome = "current";
        if (code === COURSE_CODES.wrap) code = courseWeights.find(([c]) => c !== COURSE_CODES.wrap)![0];
        [lo, hi] = windowFor(outcome, code);
      }
      if (lo > hi) {
        outcomes.push({ personKey: p.key, requirement: r, outcome: "missing" });
        continue;
      }
      outcomes.push({ personKey: p.key, requirement: r, outcome });
      const done = complete(p, code, lo, hi);
      if (code === COURSE_CODES.dslTraining) dslTrainingOn = done;

      // An earlier cycle: a WRAP record for long-serving staff, or the previous refresher.
      if (outcome !== "current" || !rng.chance(0.4)) continue;
      if (r.courseCodes.includes(COURSE_CODES.wrap) && code !== COURSE_CODES.wrap) {
        const wrapHi = minDate(addDays(addMonths(T, -36), -30), addDays(done, -200));
        const wrapLo = maxDate(wrapEarliest, p.startDate);
        if (wrapLo <= wrapHi) complete(p, COURSE_CODES.wrap, wrapLo, wrapHi);
      } else {
        const previous = addMonths(done, -months(code));
        const prevLo = maxDate(addDays(previous, -45), p.startDate);
        const prevHi = minDate(addDays(previous, 45), addDays(done, -60));
        if (prevLo <= prevHi) complete(p, code, prevLo, prevHi);
      }
    }

    // Training nobody requires of them but which people take anyway.
    const inCommunitySafety = p.orgChain.includes("LBN-CE-CS");
    const lead = p.tags.includes("dsl") || p.tags.includes("deputy_dsl");
    const anyDay = () => {
      const lo = maxDate(p.startDate, addMonths(T, -40));
      return lo <= lastDay ? fromDay(rng.int(toDay(lo), toDay(lastDay))) : null;
    };
    const extra = (code: CourseCode, chance: number) => {
      if (!rng.chance(chance)) return;
      const day = anyDay();
      if (day) addCompletion({ personKey: p.key, code, completedOn: day, source: sourceFor(code) });
    };
    if (lead || inCommunitySafety) {
      extra(COURSE_CODES.preventReferrals, 0.5);
      extra(COURSE_CODES.channelAwareness, 0.3);
    }
    if (p.sector === "council" && p.tags.includes("frontline") && !p.orgChain.includes("LBN-CF") && !p.orgChain.includes("LBN-AH")) {
      extra(rng.chance(0.5) ? COURSE_CODES.safeguardingAdults1 : COURSE_CODES.safeguardingChildren1, 0.2);
    }
    if (p.sector === "contractor" && p.orgRef === "CON-0417") extra(COURSE_CODES.safeguardingChildren1, 0.5);
    if (p.sector === "partner") {
      extra(COURSE_CODES.preventAwareness, 0.6);
      extra(COURSE_CODES.channelAwareness, 0.2);
    }
  }

  // ----- past sessions: top up thin ones, then absences and cancellations ----------------------
  const topUpPool = (code: CourseCode, p: PersonSeed): boolean => {
    if (p.demo || p.noSessions || requiredCourses.get(p.key)!.has(code)) return false;
    switch (code) {
      case COURSE_CODES.preventWorkshop:
        return p.sector === "council" || p.sector === "partner";
      case COURSE_CODES.preventSchools:
        return p.sector === "partner" || p.orgChain.includes("LBN-CF");
      case COURSE_CODES.safeguardingChildren2:
      case COURSE_CODES.safeguardingChildren3:
        return p.sector === "council" || p.sector === "partner";
      case COURSE_CODES.safeguardingAdults2:
        return p.sector !== "school";
      case COURSE_CODES.dslTraining:
      case COURSE_CODES.dslUpdate:
        return p.sector === "partner" || p.orgChain.includes("LBN-CF-EDU");
      case COURSE_CODES.saferRecruitment:
        return (
          p.tags.includes("governor") ||
          (p.tags.includes("manager") && (p.sector === "school" || p.orgChain.includes("LBN-CF") || p.orgChain.includes("LBN-RES-HR"))) ||
          p.jobTitle === "School Business Manager"
        );
      default:
        return false;
    }
  };
  const toppedUp = new Set<string>();
  for (const session of pastSessions) {
    const target = Math.floor(session.capacity * rng.between(0.45, 0.8));
    const candidates = rng.shuffle(
      persons.filter(
        (p) =>
          topUpPool(session.courseCode, p) &&
          activeOn(p, session.date) &&
          !session.people.has(p.key) &&
          !toppedUp.has(`${p.key}:${session.courseCode}`),
      ),
    );
    for (const p of candidates) {
      if (session.taken >= target) break;
      toppedUp.add(`${p.key}:${session.courseCode}`);
      const attended = addBooking(session, p.key, {
        status: "attended",
        ...pastBookingTime(session, p),
        attendanceMarkedAt: new Date(session.endsAt.getTime() + rng.int(5, 90) * 60_000),
      });
      addCompletion({
        personKey: p.key,
        code: session.courseCode,
        completedOn: session.date,
        source: "attendance",
        sessionIdx: sessions.indexOf(session),
        bookingIdx: attended,
        recordedAt: bookingRows[attended]!.attendanceMarkedAt!,
      });
    }
  }
  for (const session of pastSessions) {
    const attendees = session.taken;
    let absent = 0;
    for (let i = 0; i < attendees; i++) if (rng.chance(0.06)) absent++;
    const cancelled = rng.chance(0.4) ? rng.int(1, 2) : 0;
    const pool = rng.shuffle(
      persons.filter(
        (p) =>
          !p.noSessions &&
          !p.demo &&
          !session.people.has(p.key) &&
          activeOn(p, session.date) &&
          (requiredCourses.get(p.key)!.has(session.courseCode) || topUpPool(session.courseCode, p)),
      ),
    );
    for (const p of pool.slice(0, absent)) {
      addBooking(session, p.key, {
        status: "absent",
        ...pastBookingTime(session, p),
        attendanceMarkedAt: new Date(session.endsAt.getTime() + rng.int(5, 90) * 60_000),
      });
    }
    for (const p of pool.slice(absent, absent + cancelled)) {
      const { createdAt } = pastBookingTime(session, p);
      const late = rng.chance(0.35);
      const cancelledAt = late
        ? new Date(session.bookingClosesAt.getTime() + rng.int(2, 40) * 3_600_000)
        : new Date(createdAt.getTime() + rng.int(1, 5) * 86_400_000);
      if (cancelledAt >= session.startsAt || cancelledAt <= createdAt) continue;
      addBooking(session, p.key, {
        status: "cancelled",
        createdAt,
        cancelledAt,
        cancelReason: rng.pick(["Work commitments", "Unwell", "Caseload: urgent visit", "Annual leave booked"]),
        lateCancellation: cancelledAt > session.bookingClosesAt,
      });
    }
  }

  // ----- the demo people's own records ---------------------------------------------------------
  const ext = (key: number, code: CourseCode, completedOn: IsoDate) =>
    addCompletion({ personKey: key, code, completedOn, source: sourceFor(code) });
  ext(demo.coordinator, COURSE_CODES.wrap, addDays(T, -1750));
  ext(demo.coordinator, COURSE_CODES.preventAwareness, addDays(T, -402));
  ext(demo.coordinator, COURSE_CODES.preventReferrals, addDays(T, -388));
  ext(demo.coordinator, COURSE_CODES.channelAwareness, addDays(T, -371));
  ext(demo.education_officer, COURSE_CODES.preventAwareness, addDays(T, -702));
  ext(demo.education_officer, COURSE_CODES.preventReferrals, addDays(T, -690));
  ext(demo.education_officer, COURSE_CODES.channelAwareness, addDays(T, -684));
  ext(demo.education_officer, COURSE_CODES.safeguardingChildren3, addDays(T, -505));
  ext(demo.trainer, COURSE_CODES.wrap, addDays(T, -1690));
  ext(demo.trainer, COURSE_CODES.preventAwareness, addDays(T, -905));
  ext(demo.trainer, COURSE_CODES.preventReferrals, addDays(T, -881));
  ext(demo.trainer, COURSE_CODES.channelAwareness, addDays(T, -874));
  ext(demo.manager, COURSE_CODES.wrap, addDays(T, -1665));
  ext(demo.manager, COURSE_CODES.preventAwareness, addDays(T, -431));
  ext(demo.manager, COURSE_CODES.preventReferrals, addDays(T, -409));
  ext(demo.learner, COURSE_CODES.wrap, addDays(T, -1522));
  // Prevent awareness runs out 25 days from today: "expiring" for the council frontline requirement.
  ext(demo.learner, COURSE_CODES.preventAwareness, addDays(addMonths(T, -36), 25));
  ext(demo.learner, COURSE_CODES.safeguardingAdults1, addDays(T, -150));

  // Two completions made in error, revoked rather than deleted.
  const duplicateOf = completionRows.find(
    (c) => c.source === "external_evidence" && c.courseCode === COURSE_CODES.preventAwareness && !persons[c.personKey]!.demo,
  )!;
  const duplicate = addCompletion({
    personKey: duplicateOf.personKey,
    code: duplicateOf.courseCode,
    completedOn: duplicateOf.completedOn,
    source: "external_evidence",
  });
  const duplicateRow = completionRows[duplicate]!;
  duplicateRow.revokedAt = new Date(duplicateRow.recordedAt.getTime() + 3 * 86_400_000);
  duplicateRow.revokedByAccountId = "demo-coordinator";
  duplicateRow.revokeReason = "Duplicate: the same certificate was recorded twice.";
  const wrongPerson = persons.find(
    (p) => p.sector === "council" && p.tags.includes("frontline") && !p.demo && !p.leavingDate && p.key > persons.length / 3 && p.startDate < addDays(T, -400),
  )!;
  const wrong = addCompletion({
    personKey: wrongPerson.key,
    code: COURSE_CODES.preventAwareness,
    completedOn: addDays(T, -220),
    source: "external_evidence",
  });
  const wrongRow = completionRows[wrong]!;
  wrongRow.revokedAt = new Date(wrongRow.recordedAt.getTime() + 9 * 86_400_000);
  wrongRow.revokedByAccountId = "demo-coordinator";
  wrongRow.revokeReason = "Recorded against the wrong person: the certificate belongs to a colleague with the same name.";

  // ----- upcoming sessions ---------------------------------------------------------------------
  const byCourse = (code: CourseCode) => upcomingSessions.filter((s) => s.courseCode === code);
  const workshops = byCourse(COURSE_CODES.preventWorkshop);
  const fullSession = workshops[2]!;
  fullSession.capacity = 14;
  const nearlyFull = [workshops[5]!, byCourse(COURSE_CODES.dslUpdate)[1]!, byCourse(COURSE_CODES.safeguardingChildren2)[1]!];
  const cancelledSession = byCourse(COURSE_CODES.safeguardingAdults2)[2]!;
  const schoolBriefing = byCourse(COURSE_CODES.preventSchools)[3]!;
  const briefingSchool = SCHOOLS.find((s) => s.name === "Northbridge Academy")!;
  schoolBriefing.audienceOrgRef = briefingSchool.laestab;
  schoolBriefing.capacity = 30;
  schoolBriefing.notes = `Whole-staff briefing for ${briefingSchool.name}.`;

  const bookedCourses = new Set<string>();
  const managedByDemoManager = (p: PersonSeed) => {
    for (let m = p.managerKey; m !== null; m = persons[m]!.managerKey) if (m === demo.manager) return true;
    return false;
  };
  const bookUpcoming = (session: SessionSeed, p: PersonSeed, status: "booked" | "waitlisted" = "booked") => {
    const lo = maxDate(addDays(T, -50), p.startDate);
    let createdAt = londonInstant(fromDay(rng.int(toDay(lo), toDay(maxDate(lo, yesterday)))), rng.int(8, 17), rng.int(0, 59));
    if (createdAt > session.bookingClosesAt) createdAt = new Date(session.bookingClosesAt.getTime() - rng.int(2, 30) * 3_600_000);
    bookedCourses.add(`${p.key}:${session.courseCode}`);
    return addBooking(session, p.key, {
      status,
      createdAt,
      waitlistedAt: status === "waitlisted" ? createdAt : null,
      bookedByAccountId: managedByDemoManager(p) && rng.chance(0.5) ? "demo-manager" : null,
    });
  };
  const canBook = (session: SessionSeed, p: PersonSeed) =>
    !p.noSessions &&
    !session.people.has(p.key) &&
    !bookedCourses.has(`${p.key}:${session.courseCode}`) &&
    activeOn(p, yesterday) &&
    p.leavingDate === null &&
    (session.audienceOrgRef === null || p.orgChain.includes(session.audienceOrgRef));

  // The demo learner is booked on a workshop before their Prevent awareness runs out.
  const learnerWorkshop = workshops.find((s) => s !== fullSession && !nearlyFull.includes(s) && s.date > addDays(T, 7))!;
  bookUpcoming(learnerWorkshop, persons[demo.learner]!);

  for (const o of outcomes) {
    if (o.outcome === "current") continue;
    const p = persons[o.personKey]!;
    if (p.leavingDate) continue;
    const recent = toDay(T) - toDay(p.startDate) < 60;
    if (!rng.chance(recent ? 0.6 : 0.4)) continue;
    const mix = REQUIREMENT_MIX[o.requirement.key]!;
    const code = rng.weighted(mix.courses.filter(([c]) => c !== COURSE_CODES.wrap));
    const open = byCourse(code).filter((s) => s !== schoolBriefing && s.taken < s.capacity && canBook(s, p));
    if (open.length > 0) bookUpcoming(rng.pick(open), p);
  }
  for (const p of persons) {
    if (p.orgRef === briefingSchool.laestab && p.tags.includes("school_staff") && canBook(schoolBriefing, p)) {
      bookUpcoming(schoolBriefing, p);
    }
  }
  /** People who still need a course: their requirement listing it is missing, expired or expiring. */
  const needy = new Set<string>();
  for (const o of outcomes) {
    if (o.outcome === "current") continue;
    for (const code of o.requirement.courseCodes) needy.add(`${o.personKey}:${code}`);
  }
  const fillTo = (session: SessionSeed, places: number, waitlist: number) => {
    const candidates = rng.shuffle(
      persons.filter((p) => canBook(session, p) && (requiredCourses.get(p.key)!.has(session.courseCode) || topUpPool(session.courseCode, p))),
    );
    const first = candidates.filter((p) => needy.has(`${p.key}:${session.courseCode}`));
    const then = candidates.filter((p) => !needy.has(`${p.key}:${session.courseCode}`));
    for (const p of [...first, ...then]) {
      if (session.taken < places) bookUpcoming(session, p);
      else if (waitlist > 0) {
        bookUpcoming(session, p, "waitlisted");
        waitlist--;
      } else break;
    }
  };
  fillTo(fullSession, fullSession.capacity, 3);
  for (const session of nearlyFull) fillTo(session, session.capacity - rng.int(1, 2), 0);
  // The rest fill up as their date comes closer.
  for (const session of upcomingSessions) {
    if (session === fullSession || nearlyFull.includes(session) || session === schoolBriefing) continue;
    const daysAway = toDay(session.date) - toDay(T);
    const share = daysAway < 30 ? rng.between(0.4, 0.8) : daysAway < 60 ? rng.between(0.2, 0.55) : rng.between(0.05, 0.3);
    fillTo(session, Math.max(session.taken, Math.round(session.capacity * share)), 0);
  }

  // A cancelled session: its bookings are cancelled with it.
  cancelledSession.status = "cancelled";
  cancelledSession.cancelledAt = londonInstant(addDays(T, -3), 10, 15);
  cancelledSession.cancelReason = "Trainer unavailable. Everyone booked has been asked to rebook on a later date.";
  cancelledSession.calendarSequence = 1;
  const cancelledIdx = sessions.indexOf(cancelledSession);
  for (const booking of bookingRows) {
    if (booking.sessionIdx !== cancelledIdx) continue;
    booking.status = "cancelled";
    const cancelledAt = cancelledSession.cancelledAt;
    if (booking.createdAt >= cancelledAt) booking.createdAt = new Date(cancelledAt.getTime() - rng.int(20, 400) * 3_600_000);
    booking.cancelledAt = cancelledAt;
    booking.cancelReason = "Session cancelled by the training team.";
    booking.calendarSequence = 1;
  }

  // Completions in date order, so their ids read chronologically.
  completionRows.sort(
    (a, b) => (a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : a.personKey - b.personKey),
  );
  // Attendance completions record who took the register.
  for (const c of completionRows) {
    if (c.source === "attendance" && c.sessionIdx !== null && sessions[c.sessionIdx]!.trainerKey === demo.trainer) {
      c.recordedByAccountId = "demo-trainer";
    }
  }

  return { orgs, persons, sessions, bookings: bookingRows, completions: completionRows, demo };
}

async function writePlan(tx: Database, plan: Plan, passwordHash: string, today: IsoDate): Promise<void> {
  const chunks = <T>(rows: T[]): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
    return out;
  };

  // Organisations, level by level (a child needs its parent's id); paths are set at the end.
  const orgIds = new Map<string, number>();
  const maxOrgLevel = Math.max(...plan.orgs.map((o) => o.level));
  for (let level = 0; level <= maxOrgLevel; level++) {
    const rows = plan.orgs.filter((o) => o.level === level);
    for (const chunk of chunks(rows)) {
      const inserted = await tx
        .insert(organisations)
        .values(
          chunk.map((o) => ({
            parentId: o.parentRef ? orgIds.get(o.parentRef)! : null,
            kind: o.kind,
            sector: o.sector,
            path: "",
            depth: o.level,
            name: o.name,
            externalRef: o.ref,
            urn: o.urn ?? null,
            schoolPhase: o.schoolPhase ?? null,
            schoolType: o.schoolType ?? null,
            schoolStatus: o.schoolStatus ?? null,
          })),
        )
        .returning({ id: organisations.id, ref: organisations.externalRef });
      for (const row of inserted) orgIds.set(row.ref!, row.id);
    }
  }
  await tx.execute(sql`
    with recursive tree as (
      select id, (id::text || '.') as path, 0 as depth, sector
      from organisations where parent_id is null
      union all
      select o.id, tree.path || o.id::text || '.', tree.depth + 1, tree.sector
      from organisations o join tree on o.parent_id = tree.id
    )
    update organisations o
    set path = tree.path, depth = tree.depth, sector = tree.sector
    from tree where o.id = tree.id`);

  // Courses, requirements and their equivalent courses.
  const courseIds = new Map<string, number>();
  const insertedCourses = await tx
    .insert(courses)
    .values(CATALOGUE.map((c) => ({ ...c })))
    .returning({ id: courses.id, code: courses.code });
  for (const row of insertedCourses) courseIds.set(row.code, row.id);
  await insertDefaultRequirements(tx, orgIds, (code) => {
    const id = courseIds.get(code);
    if (id === undefined) throw new Error(`seedDemo: unknown course ${code}`);
    return id;
  });

  // People, by depth in the management tree (a line manager is written before their reports).
  const personIds = new Map<string, number>();
  const maxLevel = Math.max(...plan.persons.map((p) => p.level));
  for (let level = 0; level <= maxLevel; level++) {
    const rows = plan.persons.filter((p) => p.level === level);
    for (const chunk of chunks(rows)) {
      const inserted = await tx
        .insert(people)
        .values(
          chunk.map((p) => ({
            organisationId: orgIds.get(p.orgRef)!,
            lineManagerId: p.managerKey === null ? null : personIds.get(plan.persons[p.managerKey]!.ref)!,
            givenName: p.givenName,
            familyName: p.familyName,
            email: p.email,
            jobTitle: p.jobTitle,
            profileTags: p.tags,
            employmentType: p.employmentType,
            startDate: p.startDate,
            leavingDate: p.leavingDate,
            externalRef: p.ref,
          })),
        )
        .returning({ id: people.id, ref: people.externalRef });
      for (const row of inserted) personIds.set(row.ref!, row.id);
    }
  }
  const personId = (key: number) => personIds.get(plan.persons[key]!.ref)!;

  // Sessions, bookings, completions: rows come back in the order they were sent.
  const sessionIds: number[] = [];
  for (const chunk of chunks(plan.sessions)) {
    const inserted = await tx
      .insert(courseSessions)
      .values(
        chunk.map((s) => ({
          courseId: courseIds.get(s.courseCode)!,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          venue: s.venue,
          joiningLink: s.joiningLink,
          capacity: s.capacity,
          trainerPersonId: personId(s.trainerKey),
          bookingClosesAt: s.bookingClosesAt,
          audienceOrganisationId: s.audienceOrgRef ? orgIds.get(s.audienceOrgRef)! : null,
          status: s.status,
          calendarSequence: s.calendarSequence,
          notes: s.notes,
          cancelledAt: s.cancelledAt,
          cancelReason: s.cancelReason,
          createdAt: s.createdAt,
          updatedAt: s.cancelledAt ?? s.createdAt,
        })),
      )
      .returning({ id: courseSessions.id, startsAt: courseSessions.startsAt });
    chunk.forEach((s, i) => {
      if (inserted[i]?.startsAt.getTime() !== s.startsAt.getTime()) throw new Error("seedDemo: sessions came back out of order");
    });
    sessionIds.push(...inserted.map((row) => row.id));
  }

  const bookingIds: number[] = [];
  for (const chunk of chunks(plan.bookings)) {
    const inserted = await tx
      .insert(bookings)
      .values(
        chunk.map((b) => ({
          sessionId: sessionIds[b.sessionIdx]!,
          personId: personId(b.personKey),
          status: b.status,
          managerAgreed: b.managerAgreed,
          bookedByAccountId: b.bookedByAccountId,
          waitlistedAt: b.waitlistedAt,
          cancelledAt: b.cancelledAt,
          cancelReason: b.cancelReason,
          lateCancellation: b.lateCancellation,
          walkIn: b.walkIn,
          attendanceMarkedAt: b.attendanceMarkedAt,
          calendarSequence: b.calendarSequence,
          createdAt: b.createdAt,
          updatedAt: b.cancelledAt ?? b.attendanceMarkedAt ?? b.createdAt,
        })),
      )
      .returning({ id: bookings.id, personId: bookings.personId });
    chunk.forEach((b, i) => {
      if (inserted[i]?.personId !== personId(b.personKey)) throw new Error("seedDemo: bookings came back out of order");
    });
    bookingIds.push(...inserted.map((row) => row.id));
  }

  const validity = new Map(CATALOGUE.map((c) => [c.code, c.validityMonths]));
  for (const chunk of chunks(plan.completions)) {
    await tx.insert(completions).values(
      chunk.map((c) => {
        const months = validity.get(c.courseCode) ?? null;
        return {
          personId: personId(c.personKey),
          courseId: courseIds.get(c.courseCode)!,
          completedOn: c.completedOn,
          expiresOn: months === null ? null : addMonths(c.completedOn, months),
          source: c.source,
          sessionId: c.sessionIdx === null ? null : sessionIds[c.sessionIdx]!,
          bookingId: c.bookingIdx === null ? null : bookingIds[c.bookingIdx]!,
          evidenceNote: c.evidenceNote,
          recordedByAccountId: c.recordedByAccountId,
          recordedAt: c.recordedAt,
          certificateCode: c.certificateCode,
          revokedAt: c.revokedAt,
          revokedByAccountId: c.revokedByAccountId,
          revokeReason: c.revokeReason,
        };
      }),
    );
  }

  // The five demo accounts, one password hash between them.
  const demoPerson: Record<string, number> = {
    "demo-coordinator": plan.demo.coordinator,
    "demo-education-officer": plan.demo.education_officer,
    "demo-trainer": plan.demo.trainer,
    "demo-manager": plan.demo.manager,
    "demo-learner": plan.demo.learner,
  };
  await tx.insert(accounts).values(
    DEMO_ACCOUNTS.map((a) => {
      const p = plan.persons[demoPerson[a.id]!]!;
      return {
        id: a.id,
        personId: personId(p.key),
        email: a.email,
        passwordHash,
        displayName: `${p.givenName} ${p.familyName}`,
      };
    }),
  );
  await tx.insert(roleGrants).values(
    DEMO_ACCOUNTS.flatMap((a) =>
      a.roles.map((role) => ({
        accountId: a.id,
        role,
        personId: role === "manager" ? personId(demoPerson[a.id]!) : null,
      })),
    ),
  );

  await tx.insert(auditEvents).values({
    actorAccountId: null,
    action: "seed.demo",
    entityType: "database",
    entityId: "demo",
    after: {
      council: COUNCIL.name,
      today,
      organisations: plan.orgs.length,
      people: plan.persons.length,
      sessions: plan.sessions.length,
      bookings: plan.bookings.length,
      completions: plan.completions.length,
      accounts: DEMO_ACCOUNTS.map((a) => a.email),
    },
  });
}
