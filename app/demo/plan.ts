/**
 * The demo council as it is planned in memory before anything is written: one object that each
 * step of the seed adds to, in order (organisations, people, schools, sessions, completions,
 * registers), and the chunking the writes share. Every random choice comes from `rng`, so the
 * steps must run in the same order for the same council to come out.
 */
import type {
  BookingStatus,
  CompletionSource,
  EmploymentType,
  OrganisationKind,
  Sector,
  SessionStatus,
} from "../db/schema";
import { addDaysToDate, addMonthsToDate } from "../lib/dates";
import type { CourseCode } from "./catalogue";
import { Random } from "./random";
import type { RequirementSeed } from "./requirements";

/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export interface OrgSeed {
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

export type DemoRole = "coordinator" | "education_officer" | "trainer" | "manager" | "learner";

export interface PersonSeed {
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

export interface SessionSeed {
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
  /** The demo trainer's session today or last week (sessions.ts), left out of the random picks of sessions. */
  demoTrainersOwn?: boolean;
}

export interface BookingSeed {
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

export interface CompletionSeed {
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

export type Outcome = "current" | "expiring" | "expired" | "missing";

export type TrainerRole = "educationAdviser" | "safeguardingTrainer" | "learningAdviser";

export interface DemoPlan {
  /** The day the demo council is built as of. */
  today: IsoDate;
  yesterday: IsoDate;
  /** The service went live three years ago: older records came from spreadsheets. */
  threeYearsAgo: IsoDate;
  rng: Random;
  orgs: OrgSeed[];
  orgByRef: Map<string, OrgSeed>;
  persons: PersonSeed[];
  /** The five demo people, by the role their account has. */
  demo: Record<DemoRole, number>;
  /** The people who run sessions besides the demo trainer. */
  trainers: Record<TrainerRole, number>;
  /** The courses each person's requirements list. */
  requiredCourses: Map<number, Set<CourseCode>>;
  /** How each person stands against each requirement that applies to them. */
  outcomes: { personKey: number; requirement: RequirementSeed; outcome: Outcome }[];
  /** All sessions in date order (their ids read chronologically). */
  sessions: SessionSeed[];
  bookings: BookingSeed[];
  completions: CompletionSeed[];
  /** Certificate codes given out so far: each is unique. */
  certificateCodes: Set<string>;
}

const SEED = 0x4e42_2026;

export function newPlan(today: IsoDate): DemoPlan {
  return {
    today,
    yesterday: addDaysToDate(today, -1),
    threeYearsAgo: addMonthsToDate(today, -36),
    rng: new Random(SEED),
    orgs: [],
    orgByRef: new Map(),
    persons: [],
    demo: {} as Record<DemoRole, number>,
    trainers: {} as Record<TrainerRole, number>,
    requiredCourses: new Map(),
    outcomes: [],
    sessions: [],
    bookings: [],
    completions: [],
    certificateCodes: new Set(),
  };
}

/** Whether someone works here on a day: started, and not yet left. */
export function activeOn(p: PersonSeed, iso: IsoDate): boolean {
  return p.startDate <= iso && (p.leavingDate === null || p.leavingDate > iso);
}

const CHUNK = 500;

/** Rows in inserts of 500, well inside PostgreSQL's parameter limit. */
export function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** The ids the database gave each planned row, for the rows that refer to them. */
export interface WrittenIds {
  orgIds: Map<string, number>;
  courseIds: Map<string, number>;
  personId: (key: number) => number;
  sessionIds: number[];
  bookingIds: number[];
}
