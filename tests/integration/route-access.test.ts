/**
 * Every route in the Remix route manifest, requested signed out and as each role, checked against
 * the permission module (app/auth/permissions.ts). The route list is built the way Remix builds
 * it (flat routes over app/routes), so a new route shows up here without anyone adding it: it
 * fails until ROUTE_ACCESS says what it needs, and then fails if it does not ask for it.
 *
 * Access only: what a route does with malformed input is tests/integration/bad-input.test.ts's.
 */
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Action, type CurrentUser, can, canActOnSession, personScopeFor } from "../../app/auth/permissions";
import { getOptionalUser, startSession } from "../../app/auth/session.server";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { storeEvidenceFile } from "../../app/domain/completions/evidence-file";
import { uploadImport } from "../../app/domain/imports/import-runs";
import { openAttempt } from "../../app/domain/elearning/attempts/attempts";
import { uploadPackage } from "../../app/domain/elearning/packages/upload-package";
import { fileStorage, provideFileStorageForTests } from "../../app/storage/storage.server";
import { samplePdf } from "../support/evidence-files";
import { memoryStorage } from "../support/storage";
import { goodScormPackage } from "../support/scorm-packages";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { isPersonInScope } from "../../app/domain/people/scope";
import { createRequirement } from "../../app/domain/requirements/create-requirement";
import { bookPlace } from "../../app/domain/sessions/book-place";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { submitEvidence } from "../../app/domain/evidence/submit-evidence";
import { signedInRequest } from "../support/requests";
import { DAY, session as makeSession } from "./booking-fixtures";

// ---------------------------------------------------------------------------------------------
// What each route needs.

/**
 * What a loader or an action needs: the actions (all of them, or any one with `anyOf`), and the
 * record they are checked against:
 * - "none": the action alone (403 without it);
 * - "own": the caller's own person record (404 outside the scope);
 * - "person": the person behind the path's record — the person, their booking, completion,
 *   certificate, or the organisation they work in (404 outside the scope, so ids reveal nothing);
 * - "session": the session in the path, for reaches like "sessions-they-run" (403 for a session
 *   the caller does not run: every session is public to signed-in people through catalogue:view,
 *   so its id reveals nothing).
 * `query` adds requests naming each person in `param` (in the query string of a GET, the form of
 * a POST), checked with its own need as well. `form` is what a POST sends (default: nothing).
 */
interface Need {
  actions: Action[];
  anyOf?: true;
  record: "none" | "own" | "person" | "session";
  query?: { param: string; need: Omit<Need, "query"> };
  form?: Record<string, string>;
}
/** Routes anyone may request, with the reason; kept short on purpose. */
interface Public {
  public: string;
}
type Access = Need | Public;

const needs = (action: Action | Action[], record: Need["record"] = "none", more: Partial<Need> = {}): Need => ({
  actions: Array.isArray(action) ? action : [action],
  record,
  ...more,
});
const open = (reason: string): Public => ({ public: reason });
/** Keeping people's records: the coordinator anyone's (people:manage), a school lead or contract manager their staff's. */
const KEEPS_PEOPLE: Action[] = ["people:manage", "people:keep-staff-list"];
const ANY = { anyOf: true } as const;

/**
 * Route id → what its loader and action need. A module without a loader or action has no key for
 * it (and an entry of `{}` when it has neither: a static page). An action whose intents need
 * different actions lists one Need per intent, each with its form.
 */
const ROUTE_ACCESS: Record<string, { loader?: Access; action?: Access | Need[] }> = {
  root: { loader: open("the layout: navigation for whoever is signed in, or none") },
  "routes/_index": { loader: open("the start page; signed-in people are sent to their role's own work") },
  "routes/$": {
    loader: open("any other address: not found, inside the council's layout"),
    action: open("any other address: not found"),
  },
  "routes/accessibility": {},
  "routes/privacy": {},
  "routes/signed-out": {},
  "routes/sign-in": { loader: open("signing in"), action: open("signing in") },
  "routes/sign-in_.sso.callback": {
    loader: open("the council's provider sends people back here to finish single sign-on; 404 when it is off"),
  },
  "routes/sign-in_.two-step": {
    loader: open("the second step of signing in: only with a pending sign-in's cookie"),
    action: open("the second step of signing in: only with a pending sign-in's cookie"),
  },
  "routes/account.two-step._index": {
    loader: open("any signed-in account's own two-step sign-in (others are sent to sign in)"),
    action: open("any signed-in account's own two-step sign-in, after a code (others are sent to sign in)"),
  },
  "routes/account.two-step.set-up": {
    loader: open("setting up one's own two-step sign-in: signed in, or a sign-in held back until it is set up"),
    action: open("setting up one's own two-step sign-in: signed in, or a sign-in held back until it is set up"),
  },
  "routes/account._index": {
    loader: open("any signed-in account's own account page (others are sent to sign in)"),
    action: open("one's own monthly team e-mail setting (others are sent to sign in)"),
  },
  "routes/account.sessions": {
    loader: open("any signed-in account's own sessions (others are sent to sign in)"),
    action: open("ending one's own sessions: another account's session is not found"),
  },
  "routes/sign-out": { loader: open("redirects to /"), action: open("ends the caller's own session") },
  "routes/sign-in_.link": {
    loader: open("asking for a sign-in link; the answer never says whether an account exists"),
    action: open("asking for a sign-in link: the same answer, in the same time, for any address"),
  },
  "routes/sign-in_.link_.$token": {
    loader: open("a sign-in link's page: reads only, never uses the link (mail scanners open links)"),
    action: open("signing in with a link: its token (one use, 15 minutes, this browser's cookie) is the proof"),
  },
  "routes/invitation.$token": {
    loader: open("an invitation link: its token (one use, 7 days) is the proof"),
    action: open("accepting an invitation: its token (one use, 7 days) is the proof"),
  },
  "routes/account.password": {
    loader: open("any signed-in account's own password (others are sent to sign in)"),
    action: open("changing one's own password, after the current one (others are sent to sign in)"),
  },
  "routes/forgotten-password": {
    loader: open("asking for a password reset link; the answer never says whether an account exists"),
    action: open("asking for a password reset link; the answer never says whether an account exists"),
  },
  "routes/reset-password.$token": {
    loader: open("a password reset link: its token (one use, 1 hour) is the proof"),
    action: open("setting a new password: the reset link's token (one use, 1 hour) is the proof"),
  },
  "routes/verify._index": { loader: open("certificate checks are public"), action: open("redirects to /verify/:code") },
  "routes/verify.$code": { loader: open("certificate checks are public") },

  "routes/admin._index": {
    loader: needs(
      ["catalogue:manage", "sessions:manage", "requirements:manage", "kpis:manage", "audit:view", "accounts:manage"],
      "none",
      { anyOf: true },
    ),
  },
  "routes/admin.accounts._index": { loader: needs("accounts:manage") },
  "routes/admin.accounts.$accountId._index": { loader: needs("accounts:manage"), action: needs("accounts:manage") },
  "routes/admin.accounts.$accountId.deactivate": { loader: needs("accounts:manage"), action: needs("accounts:manage") },
  "routes/admin.accounts.$accountId.roles.$grantId.remove": {
    loader: needs("accounts:manage"),
    action: needs("accounts:manage"),
  },
  "routes/admin.audit": { loader: needs(["audit:view", "audit:view-schools"], "none", { anyOf: true }) },
  "routes/admin.bank-holidays": { loader: needs("bank-holidays:manage"), action: needs("bank-holidays:manage") },
  "routes/admin.certificate-branding": {
    loader: needs("certificates:branding"),
    action: needs("certificates:branding"),
  },
  "routes/admin.certificate-branding_.sample[.]pdf": { loader: needs("certificates:branding") },
  "routes/admin.bookings[.]csv": { loader: needs("sessions:view-all") },
  "routes/admin.charges._index": { loader: needs("charges:manage") },
  "routes/admin.charges.rates": { loader: needs("charges:manage"), action: needs("charges:manage") },
  "routes/admin.charges[.]csv": { loader: needs("charges:manage") },
  "routes/admin.completions.new": { loader: needs("completion:record"), action: needs("completion:record") },
  "routes/admin.completions.$id.revoke": {
    loader: needs("completion:revoke", "person"),
    action: needs("completion:revoke", "person"),
  },
  "routes/admin.courses._index": { loader: needs("catalogue:manage") },
  "routes/admin.courses.new": { loader: needs("catalogue:manage"), action: needs("catalogue:manage") },
  "routes/admin.courses.$courseId.edit": { loader: needs("catalogue:manage"), action: needs("catalogue:manage") },
  "routes/admin.courses.$courseId.package": {
    loader: needs("elearning:manage-packages"),
    action: needs("elearning:manage-packages"),
  },
  "routes/admin.courses.$courseId.retire": { loader: needs("catalogue:manage"), action: needs("catalogue:manage") },
  "routes/admin.courses.$courseId.reinstate": {
    loader: open("redirects to /admin/courses and reads nothing"),
    action: needs("catalogue:manage"),
  },
  "routes/admin.imports._index": { loader: needs("imports:manage") },
  "routes/admin.imports.new": { loader: needs("imports:manage"), action: needs("imports:manage") },
  "routes/admin.imports.$importId._index": { loader: needs("imports:manage"), action: needs("imports:manage") },
  "routes/admin.imports.$importId.rows-to-fix[.]csv": { loader: needs("imports:manage") },
  "routes/admin.imports.$importId.files.$role": { loader: needs("imports:manage") },
  "routes/admin.kpis._index": { loader: needs("kpis:view-report") },
  "routes/admin.kpis.$key": { loader: needs("kpis:manage"), action: needs("kpis:manage") },
  "routes/admin.requirements._index": { loader: needs("requirements:manage") },
  "routes/admin.requirements.new": { loader: needs("requirements:manage"), action: needs("requirements:manage") },
  "routes/admin.requirements.$requirementId._index": { loader: needs("requirements:manage") },
  "routes/admin.requirements.$requirementId.edit": {
    loader: needs("requirements:manage"),
    action: needs("requirements:manage"),
  },
  "routes/admin.requirements.$requirementId.retire": {
    loader: needs("requirements:manage"),
    action: needs("requirements:manage"),
  },
  "routes/admin.sessions._index": { loader: needs("sessions:view-all") },
  "routes/admin.sessions[.]csv": { loader: needs("sessions:view-all") },
  "routes/admin.sessions.new": { loader: needs("sessions:manage"), action: needs("sessions:manage") },
  "routes/admin.sessions.$sessionId.edit": { loader: needs("sessions:manage"), action: needs("sessions:manage") },
  "routes/admin.sessions.$sessionId.cancel": { loader: needs("sessions:manage"), action: needs("sessions:manage") },

  "routes/bookings.$bookingId.calendar[.]ics": { loader: needs("record:view", "person") },
  "routes/certificates.$file": { loader: needs("certificate:download", "person") },
  "routes/certificates.bulk": {
    loader: needs("certificates:bulk-download", "none", {
      query: { param: "personId", need: needs("certificates:bulk-download", "person") },
    }),
  },
  // Without a selection it redirects to the bulk page; a selection would start a zip.
  "routes/certificates.bulk[.]zip": { loader: needs("certificates:bulk-download") },
  "routes/completions[.]csv": { loader: needs("team:view-compliance") },
  "routes/completions.$completionId.evidence": { loader: needs("record:view", "person") },
  "routes/courses._index": { loader: needs("catalogue:view") },
  "routes/courses.$courseId": { loader: needs("catalogue:view") },
  "routes/courses.$courseId_.progress": { loader: needs("elearning:view-progress") },
  "routes/courses.$courseId_.progress[.]csv": { loader: needs("elearning:view-progress") },
  // Every message owed, sent, failed or skipped, and why (issue 20).
  "routes/admin.outbox": { loader: needs("notifications:view-outbox") },
  // A hosted course's player: one's own attempts (any other course redirects to its page).
  "routes/elearning.$courseId": { loader: needs("elearning:play", "own"), action: needs("elearning:play", "own") },
  // Saves of the runtime: only the attempt's own person.
  "routes/elearning.attempts.$attemptId": {
    loader: open("only takes the player's posts: a GET is a 404 for anyone"),
    action: needs("elearning:play", "person"),
  },
  // A package's files: the learner with an attempt on it, or the coordinator.
  "routes/elearning.content.$packageId.$": {
    loader: needs(["elearning:play", "elearning:manage-packages"], "person", ANY),
  },
  "routes/dashboard._index": { loader: needs("dashboard:view"), action: needs("coverage:check") },
  "routes/dashboard.organisations.$organisationId": { loader: needs("dashboard:view", "person") },
  // Evidence of training done elsewhere: the queue for verifiers; a submission for its person and
  // those who may verify it (a decision needs evidence:verify, withdrawing is the person's own).
  "routes/evidence._index": { loader: needs("evidence:verify") },
  "routes/evidence.$evidenceId._index": {
    loader: needs(["evidence:submit", "evidence:verify"], "person", ANY),
    action: [
      needs("evidence:verify", "person", { form: { intent: "accept" } }),
      needs("evidence:verify", "person", { form: { intent: "reject", reason: "Not the right course" } }),
      needs("evidence:submit", "person", { form: { intent: "withdraw" } }),
    ],
  },
  "routes/evidence.$evidenceId.file": { loader: needs(["evidence:submit", "evidence:verify"], "person", ANY) },
  "routes/my-training_.evidence.new": {
    loader: needs("evidence:submit", "own"),
    action: needs("evidence:submit", "own"),
  },
  "routes/messages": { loader: needs("record:view", "own") },
  "routes/my-training": { loader: needs("record:view", "own") },
  // Evaluating one's own attended session (someone else's booking: 404); the results, a trainer's for the sessions they ran.
  "routes/my-training_.evaluations.$bookingId": {
    loader: needs("evaluation:submit", "person"),
    action: needs("evaluation:submit", "person"),
  },
  "routes/evaluations._index": { loader: needs("evaluations:view-results") },
  "routes/evaluations[.]csv": { loader: needs("evaluations:view-results") },
  "routes/admin.courses.$courseId.evaluation": { loader: needs("catalogue:manage"), action: needs("catalogue:manage") },
  "routes/my-bookings": { loader: needs("booking:manage", "own") },
  "routes/people._index": { loader: needs("people:list") },
  "routes/people[.]csv": { loader: needs("people:list") },
  "routes/people.$personId": { loader: needs("record:view", "person") },
  // The coordinator anyone; a school lead or contract manager their own organisation's staff list.
  "routes/people.invitations": {
    loader: needs("accounts:invite"),
    action: needs("accounts:invite", "none", {
      form: { intent: "people" },
      query: { param: "personId", need: needs("accounts:invite", "person") },
    }),
  },
  "routes/people.new": { loader: needs(KEEPS_PEOPLE, "none", ANY), action: needs(KEEPS_PEOPLE, "none", ANY) },
  // Not nested in the person page (personId_). As this test runs, MANAGERS_MAY_EDIT_TEAM is unset: only the coordinator
  // and the keepers of a staff list change details (with it set, managers their own team too:
  // tests/integration/people-admin.test.ts).
  "routes/people.$personId_.edit": {
    loader: needs(KEEPS_PEOPLE, "person", ANY),
    action: needs(KEEPS_PEOPLE, "person", ANY),
  },
  "routes/people.$personId_.leave": {
    loader: needs(KEEPS_PEOPLE, "person", ANY),
    action: needs(KEEPS_PEOPLE, "person", ANY),
  },
  "routes/people.$personId_.return": {
    loader: needs(KEEPS_PEOPLE, "person", ANY),
    action: needs(KEEPS_PEOPLE, "person", ANY),
  },
  "routes/reports.quarterly._index": { loader: needs("kpis:view-report"), action: needs("kpis:manage") },
  "routes/reports.quarterly[.]csv": { loader: needs("kpis:view-report") },
  "routes/reports.quarterly[.]pdf": { loader: needs("kpis:view-report") },
  "routes/schools._index": { loader: needs("schools:view-coverage") },
  "routes/schools[.]csv": { loader: needs("schools:view-coverage") },
  "routes/schools.$schoolId._index": { loader: needs("schools:view-coverage") },
  "routes/schools.$schoolId.declare": {
    loader: needs("schools:declare-headcount"),
    action: needs("schools:declare-headcount"),
  },
  "routes/schools.$schoolId.sessions.new": {
    loader: needs("school-sessions:record"),
    action: needs("school-sessions:record"),
  },
  "routes/sessions._index": {
    loader: needs("catalogue:view", "none", { query: { param: "for", need: needs("booking:manage", "person") } }),
  },
  "routes/sessions.$sessionId._index": {
    loader: needs("catalogue:view", "none", { query: { param: "for", need: needs("booking:manage", "person") } }),
    // Books the caller, or the person named in the form, onto the session.
    action: needs("booking:manage", "own", {
      form: { intent: "book" },
      query: { param: "personId", need: needs("booking:manage", "person") },
    }),
  },
  "routes/sessions.$sessionId.book-others": {
    loader: needs(["sessions:manage", "booking:manage"]),
    action: needs(["sessions:manage", "booking:manage"]),
  },
  "routes/sessions.$sessionId.bookings.$bookingId.cancel": {
    loader: needs("booking:manage", "person"),
    action: needs("booking:manage", "person"),
  },
  "routes/sessions.$sessionId.bookings.$bookingId.substitute": {
    loader: needs("booking:substitute", "person"),
    action: needs("booking:substitute", "person"),
  },
  "routes/sessions.$sessionId.register": {
    loader: needs("register:take", "session"),
    action: [
      needs("register:take", "session"),
      needs(["register:take", "register:reopen"], "session", { form: { intent: "reopen", reason: "Signed on paper" } }),
    ],
  },
  "routes/sessions.$sessionId.register[.]pdf": { loader: needs("register:take", "session") },
  "routes/team._index": { loader: needs("team:view-compliance") },
  // The organisation picker's suggestions: organisations the team filter may offer.
  "routes/organisations.search": { loader: needs("team:view-compliance") },
  "routes/team[.]csv": { loader: needs("team:view-compliance") },
  "routes/trainer.sessions._index": { loader: needs("register:take") },
};

// ---------------------------------------------------------------------------------------------
// The routes, as Remix lists them.

const APP_DIRECTORY = path.resolve(import.meta.dirname, "../../app");
// The same options remix.config.js gives the Vite plugin.
const IGNORED_ROUTE_FILES = ["**/*.test.*", "**/.*"];

interface ManifestRoute {
  id: string;
  path: string;
  file: string;
}

function routeManifest(): ManifestRoute[] {
  const routes = Object.values(flatRoutes(APP_DIRECTORY, IGNORED_ROUTE_FILES)).map((r) => ({
    id: r.id,
    path: `/${r.path ?? ""}`,
    file: r.file,
  }));
  return [{ id: "root", path: "/", file: "root.tsx" }, ...routes].sort((a, b) => a.id.localeCompare(b.id));
}

const ROUTES = routeManifest();

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

// ---------------------------------------------------------------------------------------------
// A small council with one account per role.

// One account per role, each linked to a person (so also a learner of their own record), and a
// coordinator's account linked to nobody, as service accounts are.
const ROLES = [
  "learner",
  "manager",
  "trainer",
  "education_officer",
  "coordinator",
  "coordinator_without_record",
  "school_lead",
  "contract_manager",
] as const;
type RoleName = (typeof ROLES)[number];

/** One way to fill a route's path parameters, and the record it names. */
interface Case {
  label: string;
  params: Record<string, string>;
  personId?: number;
  session?: { trainerPersonId: number | null };
}

let t: TestDatabase;
let w: Awaited<ReturnType<typeof seed>>;

async function seed() {
  const db = t.db;
  const { council, service, other, school } = await make.councilAndSchool(db, { urn: 300003 });

  const managerPerson = await make.person(db, { organisationId: service.id, givenName: "Mina", familyName: "Manager" });
  // The learner is in the manager's team; the outsider and the teacher are in nobody's.
  const member = await make.person(db, {
    organisationId: service.id,
    lineManagerId: managerPerson.id,
    givenName: "Lee",
    familyName: "Learner",
  });
  const outsider = await make.person(db, { organisationId: other.id, givenName: "Otto", familyName: "Outsider" });
  const teacher = await make.person(db, { organisationId: school.id, givenName: "Tess", familyName: "Teacher" });
  // The school lead looks after the teacher's school; the contract manager a company with one cleaner.
  const schoolLeadPerson = await make.person(db, { organisationId: school.id, givenName: "Sally", familyName: "Lead" });
  const contractor = await make.organisation(db, { kind: "contractor", name: "Brightclean Ltd" });
  const cleaner = await make.person(db, { organisationId: contractor.id, givenName: "Cal", familyName: "Cleaner" });
  const contractManagerPerson = await make.person(db, {
    organisationId: contractor.id,
    givenName: "Connie",
    familyName: "Contracts",
  });
  const trainerPerson = await make.person(db, { organisationId: other.id, givenName: "Tamsin", familyName: "Trainer" });
  const otherTrainer = await make.person(db, { organisationId: other.id, givenName: "Toby", familyName: "Trainer" });
  const officerPerson = await make.person(db, { organisationId: council.id, givenName: "Edie", familyName: "Officer" });
  const coordinatorPerson = await make.person(db, {
    organisationId: council.id,
    givenName: "Cora",
    familyName: "Coordinator",
  });

  const accounts: Record<RoleName, { id: string }> = {
    learner: await make.account(db, { personId: member.id }),
    manager: await make.account(db, { personId: managerPerson.id, roles: ["manager"] }),
    trainer: await make.account(db, { personId: trainerPerson.id, roles: ["trainer"] }),
    education_officer: await make.account(db, { personId: officerPerson.id, roles: ["education_officer"] }),
    coordinator: await make.account(db, { personId: coordinatorPerson.id, roles: ["coordinator"] }),
    coordinator_without_record: await make.account(db, { personId: null, roles: ["coordinator"] }),
    school_lead: await make.account(db, {
      personId: schoolLeadPerson.id,
      roles: ["school_lead"],
      looksAfter: school.id,
    }),
    contract_manager: await make.account(db, {
      personId: contractManagerPerson.id,
      roles: ["contract_manager"],
      looksAfter: contractor.id,
    }),
  };

  const course = await make.course(db, { title: "Prevent awareness workshop", code: "PREV-W", validityMonths: 36 });
  const theirs = await makeSession(db, { courseId: course.id, trainerPersonId: trainerPerson.id, inDays: 14 });
  const notTheirs = await makeSession(db, { courseId: course.id, trainerPersonId: otherTrainer.id, inDays: 21 });
  const now = new Date(Date.now() - DAY);
  const book = async (personId: number) =>
    (
      await bookPlace(db, {
        sessionId: theirs.id,
        personId,
        actorAccountId: null,
        managerAgreed: true,
        joinWaitingList: false,
        now,
      })
    ).bookingId;
  const complete = (personId: number) =>
    make.completion(db, { personId, courseId: course.id, completedOn: "2025-05-01", source: "hosted_elearning" });
  const requirementId = await createRequirement(
    db,
    {
      name: "Prevent awareness",
      description: "Everyone holds Prevent awareness.",
      source: "Prevent duty guidance",
      courseIds: [course.id],
      audienceSectors: ["council"],
      audienceOrganisationIds: [],
      audienceTags: [],
      audienceEmploymentTypes: [],
      dueWithinDays: 90,
      renewalMonths: 36,
      reminderDays: 60,
    },
    null,
  );

  // What the service does at start-up (prepareKpis): the KPI pages expect their definitions.
  await ensureKpiDefinitions(db);

  const subjects = [
    { label: "a person in the manager's team (the learner)", person: member, organisation: service },
    { label: "a person in nobody's team", person: outsider, organisation: other },
    { label: "a person in a school", person: teacher, organisation: school },
    { label: "a person at a contractor", person: cleaner, organisation: contractor },
  ];
  const bookings: number[] = [];
  const completionRows: Array<Awaited<ReturnType<typeof complete>>> = [];
  for (const s of subjects) {
    bookings.push(await book(s.person.id));
    completionRows.push(await complete(s.person.id));
  }

  provideFileStorageForTests(memoryStorage());
  const importRunId = await uploadImport(db, fileStorage(), {
    kind: "roster",
    files: [{ role: "roster", name: "roster.csv", bytes: new TextEncoder().encode("Employee number\n001\n") }],
    options: {},
    actorAccountId: accounts.coordinator.id,
  });
  // Completions recorded from outside evidence, with the file kept.
  const evidenceKey = (await storeEvidenceFile(fileStorage(), samplePdf(), "register.pdf")).key;
  const evidenceRows: Array<Awaited<ReturnType<typeof complete>>> = [];
  for (const s of subjects) {
    evidenceRows.push(
      await make.completion(db, {
        personId: s.person.id,
        courseId: course.id,
        completedOn: "2025-04-01",
        source: "external_evidence",
        provider: "Eastshire Council",
        evidenceFileKey: evidenceKey,
      }),
    );
  }

  // Hosted e-learning: a package, and the learner's attempt on it.
  const hosted = await make.course(db, {
    title: "Prevent e-learning",
    code: "PREV-E",
    deliveryMode: "hosted_elearning",
  });
  const { packageId } = await uploadPackage(db, fileStorage(), {
    courseId: hosted.id,
    fileName: "prevent.zip",
    bytes: await goodScormPackage(),
    actorAccountId: accounts.coordinator.id,
    now: new Date(),
  });
  const attempt = await openAttempt(db, {
    personId: member.id,
    courseId: hosted.id,
    actorAccountId: accounts.learner.id,
    now: new Date(),
  });

  const administered = await make.account(db, { personId: outsider.id, roles: ["trainer"] });
  const [administeredGrant] = await queryRows<{ id: number }>(
    db,
    sql`select id from role_grants where account_id = ${administered.id}`,
  );
  // Evidence of training done elsewhere, awaiting verification, from each subject: of a course that
  // lets managers verify it, so a manager's reach is the permission module's.
  const elsewhere = await make.course(db, {
    title: "Prevent awareness on GOV.UK",
    code: "PREV-GOV",
    deliveryMode: "external_elearning",
    managersMayVerifyEvidence: true,
  });
  const evidenceIds: number[] = [];
  for (const s of subjects) {
    evidenceIds.push(
      await submitEvidence(db, fileStorage(), {
        personId: s.person.id,
        actorAccountId: accounts.coordinator.id,
        courseId: elsewhere.id,
        completedOn: "2025-06-01",
        kind: "certificate",
        provider: "Home Office",
        note: null,
        file: { name: "certificate.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n") },
        today: "2026-01-01",
      }),
    );
  }
  const one = (label: string, params: Record<string, string>): Case[] => [{ label, params }];
  // Path parameter → the records it can name. The first parameter of a route found here decides.
  const families: Array<[string, Case[]]> = [
    [
      "bookingId",
      subjects.map((s, i) => ({
        label: `the booking of ${s.label}`,
        params: { bookingId: String(bookings[i]), sessionId: String(theirs.id) },
        personId: s.person.id,
      })),
    ],
    [
      "file",
      subjects.map((s, i) => ({
        label: `the certificate of ${s.label}`,
        params: { file: `${completionRows[i]!.id}.pdf` },
        personId: s.person.id,
      })),
    ],
    [
      "id",
      subjects.map((s, i) => ({
        label: `the completion of ${s.label}`,
        params: { id: String(completionRows[i]!.id) },
        personId: s.person.id,
      })),
    ],
    [
      "completionId",
      subjects.map((s, i) => ({
        label: `the evidence of ${s.label}`,
        params: { completionId: String(evidenceRows[i]!.id) },
        personId: s.person.id,
      })),
    ],
    [
      "personId",
      subjects.map((s) => ({ label: s.label, params: { personId: String(s.person.id) }, personId: s.person.id })),
    ],
    [
      "organisationId",
      subjects.map((s) => ({
        label: `the organisation of ${s.label}`,
        params: { organisationId: String(s.organisation.id) },
        personId: s.person.id,
      })),
    ],
    [
      "sessionId",
      [
        { label: "a session the trainer runs", params: { sessionId: String(theirs.id) }, session: theirs },
        { label: "a session another trainer runs", params: { sessionId: String(notTheirs.id) }, session: notTheirs },
      ],
    ],
    ["courseId", one("a course", { courseId: String(course.id) })],
    [
      "attemptId",
      [{ label: "the learner's e-learning attempt", params: { attemptId: String(attempt.id) }, personId: member.id }],
    ],
    [
      "packageId",
      [
        {
          label: "a package the learner has an attempt on",
          params: { packageId: String(packageId), "*": "index.html" },
          personId: member.id,
        },
      ],
    ],
    ["importId", one("an import", { importId: String(importRunId), role: "roster" })],
    ["requirementId", one("a requirement", { requirementId: String(requirementId) })],
    ["key", one("a KPI", { key: "people_trained" })],
    ["schoolId", one("a school", { schoolId: String(school.id) })],
    ["code", one("a certificate code", { code: completionRows[0]!.certificateCode! })],
    // One-time links (invitations, password resets, sign-in links): a token of the right shape that was never issued.
    ["token", one("a one-time link's token", { token: "A".repeat(43) })],
    // Account administration: an account that no role here signs in with, and one of its grants.
    ["accountId", one("an account", { accountId: administered.id, grantId: String(administeredGrant!.id) })],
    [
      "evidenceId",
      subjects.map((s, i) => ({
        label: `the evidence of ${s.label}`,
        params: { evidenceId: String(evidenceIds[i]) },
        personId: s.person.id,
      })),
    ],
  ];

  const cookies = {} as Record<RoleName, string>;
  const users = {} as Record<RoleName, CurrentUser>;
  for (const role of ROLES) {
    cookies[role] = (await startSession(db, accounts[role].id)).split(";")[0]!;
    const { user } = await getOptionalUser(
      await signedInRequest(db, null, "/", { headers: { Cookie: cookies[role] } }),
    );
    users[role] = user!;
  }
  const personCases = families.find(([name]) => name === "personId")![1];
  return { families, personCases, cookies, users };
}

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  w = await seed();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Asking, and judging the answer.

function paramNames(routePath: string): string[] {
  return [...routePath.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

function casesFor(route: ManifestRoute): Case[] {
  const names = paramNames(route.path);
  if (names.length === 0) return [{ label: "", params: {} }];
  const family = w.families.find(([name]) => names.includes(name));
  if (!family)
    throw new Error(`${route.id}: no records to fill :${names.join(", :")} with; add them to seed() in this test`);
  return family[1];
}

function fill(routePath: string, params: Record<string, string>): string {
  return routePath.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${routePath}`);
    return encodeURIComponent(value);
  });
}

type Expected = "allowed" | 403 | 404;

/** What the permission module says the route should answer this user for this record. */
async function expected(user: CurrentUser, need: Need, c: Case, routeId: string): Promise<Expected> {
  const granted = need.anyOf ? need.actions.some((a) => can(user, a)) : need.actions.every((a) => can(user, a));
  if (!granted) return 403;
  // With any one of several actions, the record must be within the reach of one the user holds.
  const checked = need.anyOf ? need.actions.filter((a) => can(user, a)) : need.actions;
  if (need.anyOf && (need.record === "own" || need.record === "person")) {
    const personId = need.record === "own" ? user.personId : c.personId;
    if (personId === undefined)
      throw new Error(`${routeId}: ROUTE_ACCESS says "person", but ${c.label || "its path"} names no person`);
    if (personId === null) return 404;
    for (const action of checked)
      if (await isPersonInScope(t.db, personScopeFor(user, action), personId)) return "allowed";
    return 404;
  }
  for (const action of checked) {
    if (need.record === "own" || need.record === "person") {
      const personId = need.record === "own" ? user.personId : c.personId;
      if (personId === undefined)
        throw new Error(`${routeId}: ROUTE_ACCESS says "person", but ${c.label || "its path"} names no person`);
      if (personId === null || !(await isPersonInScope(t.db, personScopeFor(user, action), personId))) return 404;
    }
    if (need.record === "session") {
      if (!c.session)
        throw new Error(`${routeId}: ROUTE_ACCESS says "session", but ${c.label || "its path"} names no session`);
      if (!canActOnSession(user, action, c.session)) return 403;
    }
  }
  return "allowed";
}

/** A request that names a person acts on them: "own" (the caller) no longer applies. */
function naming(need: Need): Need {
  return need.record === "own" ? { ...need, record: "none" } : need;
}

/** The status a loader or action answered with, and where it redirects. */
async function answer(handler: Handler, request: Request, params: Record<string, string>) {
  let result: unknown;
  try {
    result = await handler({ request, params, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    // Read to the end, so a file being made (zip, PDF) finishes before the next request.
    await result.arrayBuffer();
    return { status: result.status, location: result.headers.get("Location") };
  }
  const init = (result as { init?: { status?: number } } | null)?.init;
  return { status: init?.status ?? 200, location: null };
}

function request(role: RoleName | null, url: string, form?: Record<string, string>) {
  const headers: Record<string, string> = role ? { Cookie: w.cookies[role] } : {};
  return signedInRequest(t.db, null, url, form ? { headers, form } : { headers });
}

function describeAnswer(a: { status: number; location: string | null }) {
  return a.location ? `${a.status} → ${a.location}` : String(a.status);
}

function meets(a: { status: number; location: string | null }, want: Expected): boolean {
  if (want === "allowed") return a.status < 400 && !(a.location ?? "").startsWith("/sign-in");
  return a.status === want;
}

const isSignInRedirect = (a: { status: number; location: string | null }) =>
  a.status >= 300 && a.status < 400 && (a.location ?? "").startsWith("/sign-in?redirectTo=");

/** Rows in every table but the sign-in sessions: a POST that was refused changes none of them. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    t.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'auth_sessions' order by 1`,
  );
  const rows = await queryRows<{ name: string; n: number }>(
    t.db,
    sql.raw(
      tables.map(({ name }) => `select '${name}' as name, count(*)::int as n from "${name}"`).join(" union all "),
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

// ---------------------------------------------------------------------------------------------

describe("the route access table", () => {
  it("has an entry for every route in the manifest, and none for routes that are gone", () => {
    const ids = new Set(ROUTES.map((r) => r.id));
    const missing = [...ids].filter((id) => !(id in ROUTE_ACCESS));
    const stale = Object.keys(ROUTE_ACCESS).filter((id) => !ids.has(id));
    expect(
      missing,
      `Add these routes to ROUTE_ACCESS in tests/integration/route-access.test.ts, with the permission (app/auth/permissions.ts) each loader and action needs: ${missing.join(", ")}`,
    ).toEqual([]);
    expect(stale, `These ROUTE_ACCESS entries name routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
    expect(ROUTES.length).toBeGreaterThan(50);
  });

  it("has a loader in every route module without a page, so a GET to one is answered, not a logged 400", async () => {
    const withoutLoader: string[] = [];
    for (const route of ROUTES) {
      const mod = (await import(path.join(APP_DIRECTORY, route.file))) as RouteModule & { default?: unknown };
      // A route with a page renders it; one with neither a page nor a loader (an action alone) needs `postOnly`.
      if (!mod.default && !mod.loader) withoutLoader.push(route.id);
    }
    expect(
      withoutLoader,
      "Give these routes `export const loader = postOnly;` (app/auth/guards.server.ts), so a GET is a 404",
    ).toEqual([]);
  });
});

for (const route of ROUTES)
  describe(`${route.id} (${route.path})`, () => {
    it("answers each role as the permission module says", async () => {
      const entry = ROUTE_ACCESS[route.id];
      if (!entry) {
        throw new Error(
          `${route.id} is not in ROUTE_ACCESS (tests/integration/route-access.test.ts): add it with the action(s) from app/auth/permissions.ts its loader and action need`,
        );
      }
      const mod = (await import(path.join(APP_DIRECTORY, route.file))) as RouteModule;
      expect(Boolean(mod.loader), `${route.id}: ROUTE_ACCESS has ${entry.loader ? "a" : "no"} loader entry`).toBe(
        Boolean(entry.loader),
      );
      expect(Boolean(mod.action), `${route.id}: ROUTE_ACCESS has ${entry.action ? "an" : "no"} action entry`).toBe(
        Boolean(entry.action),
      );

      const failures: string[] = [];
      const cases = casesFor(route);

      if (mod.loader && entry.loader) {
        const access = entry.loader;
        for (const c of cases) {
          const base = fill(route.path, c.params);
          const variants: Array<{ url: string; judge: (user: CurrentUser) => Promise<Expected> }> = [];
          if ("public" in access) {
            variants.push({ url: base, judge: async () => "allowed" });
          } else {
            variants.push({ url: base, judge: (user) => expected(user, access, c, route.id) });
            if (access.query) {
              const { param, need } = access.query;
              for (const p of w.personCases) {
                variants.push({
                  url: `${base}?${param}=${p.personId}`,
                  judge: async (user) => {
                    const first = await expected(user, naming(access), c, route.id);
                    return first === "allowed" ? expected(user, need, { ...c, personId: p.personId }, route.id) : first;
                  },
                });
              }
            }
          }
          for (const v of variants) {
            const where = `GET ${v.url}`;
            const signedOut = await answer(mod.loader, await request(null, v.url), c.params);
            if ("public" in access) {
              if (signedOut.status >= 500) failures.push(`${where} signed out: ${describeAnswer(signedOut)}`);
            } else if (!isSignInRedirect(signedOut)) {
              failures.push(`${where} signed out: expected a redirect to /sign-in, got ${describeAnswer(signedOut)}`);
            }
            for (const role of ROLES) {
              const want = await v.judge(w.users[role]);
              const got = await answer(mod.loader, await request(role, v.url), c.params);
              if ("public" in access ? got.status >= 500 : !meets(got, want)) {
                failures.push(
                  `${where} as ${role} (${c.label || "no record"}): expected ${want}, got ${describeAnswer(got)}`,
                );
              }
            }
          }
        }
      }

      const posts = !entry.action
        ? []
        : Array.isArray(entry.action)
          ? entry.action
          : "public" in entry.action
            ? []
            : [entry.action];
      if (mod.action)
        for (const access of posts) {
          for (const c of cases) {
            const url = fill(route.path, c.params);
            const forms: Array<{
              form: Record<string, string>;
              label: string;
              judge: (user: CurrentUser) => Promise<Expected>;
            }> = [{ form: access.form ?? {}, label: "", judge: (user) => expected(user, access, c, route.id) }];
            if (access.query) {
              const { param, need } = access.query;
              for (const p of w.personCases) {
                forms.push({
                  form: { ...access.form, [param]: String(p.personId) },
                  label: ` with ${param}=${p.personId}`,
                  judge: async (user) => {
                    const first = await expected(user, naming(access), c, route.id);
                    return first === "allowed" ? expected(user, need, { ...c, personId: p.personId }, route.id) : first;
                  },
                });
              }
            }
            for (const { form, label, judge } of forms) {
              const where = `POST ${url}${label}`;
              // Signed out, and as every role the permission module refuses: refused, and no work done.
              const callers: Array<{ role: RoleName | null; want: Expected | "sign-in" }> = [
                { role: null, want: "sign-in" },
              ];
              for (const role of ROLES) {
                const want = await judge(w.users[role]);
                if (want !== "allowed") callers.push({ role, want });
              }
              for (const { role, want } of callers) {
                const before = await rowCounts();
                const got = await answer(mod.action, await request(role, url, form), c.params);
                const ok = want === "sign-in" ? isSignInRedirect(got) || got.status === 403 : got.status === want;
                if (!ok)
                  failures.push(
                    `${where} as ${role ?? "nobody (signed out)"} (${c.label || "no record"}): expected ${want}, got ${describeAnswer(got)}`,
                  );
                const after = await rowCounts();
                const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
                if (changed.length > 0)
                  failures.push(
                    `${where} as ${role ?? "nobody (signed out)"}: refused, but rows changed in ${changed.join(", ")}`,
                  );
              }
            }
          }
        }

      expect(failures, failures.join("\n")).toEqual([]);
    }, 120_000); // a route that makes files (certificates, registers) makes one per caller
  });
