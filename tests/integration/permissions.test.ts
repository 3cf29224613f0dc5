import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTIONS,
  type Action,
  type CurrentUser,
  can,
  canActOnSession,
  personScopeFor,
} from "../../app/auth/permissions";
import { isPersonInScope } from "../../app/domain/people/scope";
import type { Role } from "../../app/db/schema";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { newCertificateCode } from "../../app/domain/completions/certificate-code";
import { loader as certificateLoader } from "../../app/routes/certificates.$file";
import { call, signedInRequest } from "../support/requests";

/**
 * The permission matrix: for each role and each person-record action, whose records it reaches.
 * Whose: the caller's own record, a direct report, a report's report, someone elsewhere in the
 * council, a member of staff of the school (the one a school lead looks after), of another school,
 * of the contractor company (the one a contract manager looks after) and of another company.
 * The caller and their reports work in the council, except for the school lead (in their school)
 * and the contract manager (in their company).
 */
type Whose =
  | "own"
  | "direct report"
  | "indirect report"
  | "other council"
  | "school staff"
  | "other school staff"
  | "contractor staff"
  | "other contractor staff";
const WHOSE: Whose[] = [
  "own",
  "direct report",
  "indirect report",
  "other council",
  "school staff",
  "other school staff",
  "contractor staff",
  "other contractor staff",
];
const SCHOOLS: Whose[] = ["school staff", "other school staff"];
const REPORTS: Whose[] = ["direct report", "indirect report"];
/** A school lead's or contract manager's organisation: themself, their reports there, its other staff. */
const THEIR_SCHOOL: Whose[] = ["own", ...REPORTS, "school staff"];
const THEIR_COMPANY: Whose[] = ["own", ...REPORTS, "contractor staff"];

/** The actions that reach people's records, each checked for every role on every kind of record. */
const PERSON_ACTIONS: Action[] = [
  "record:view",
  "booking:manage",
  "certificate:download",
  "certificates:bulk-download",
  "completion:revoke",
  "completion:record",
  "people:list",
  "people:manage",
  "people:edit-team-details",
  "people:keep-staff-list",
  "team:view-compliance",
  "dashboard:view",
  "accounts:invite",
  "elearning:play",
  "elearning:view-progress",
  "evidence:submit",
  "evidence:verify",
  "evaluation:submit",
  "booking:substitute",
];

/** What each role may reach, per action; anything not listed is refused. */
const EXPECTED: Record<Role, Partial<Record<Action, Whose[]>>> = {
  learner: {
    "record:view": ["own"],
    "booking:manage": ["own"],
    "certificate:download": ["own"],
    "elearning:play": ["own"],
    "evidence:submit": ["own"],
    "evaluation:submit": ["own"],
  },
  manager: {
    "record:view": ["own", ...REPORTS],
    "booking:manage": ["own", ...REPORTS],
    "certificate:download": ["own", ...REPORTS],
    // Their team, not themself.
    "certificates:bulk-download": REPORTS,
    "people:list": REPORTS,
    "people:edit-team-details": REPORTS,
    "team:view-compliance": REPORTS,
    "dashboard:view": REPORTS,
    "accounts:invite": REPORTS,
    "elearning:play": ["own"],
    "elearning:view-progress": REPORTS,
    "evidence:submit": ["own"],
    "evidence:verify": REPORTS,
    "evaluation:submit": ["own"],
    "booking:substitute": REPORTS,
  },
  trainer: {
    "record:view": ["own"],
    "booking:manage": ["own"],
    "certificate:download": ["own"],
    "elearning:play": ["own"],
    "evidence:submit": ["own"],
    "evaluation:submit": ["own"],
  },
  education_officer: {
    "record:view": ["own", ...SCHOOLS],
    "booking:manage": ["own"],
    "certificate:download": ["own", ...SCHOOLS],
    "people:list": SCHOOLS,
    "elearning:play": ["own"],
    "evidence:submit": ["own"],
    "evaluation:submit": ["own"],
  },
  coordinator: Object.fromEntries(
    PERSON_ACTIONS.filter((a) => a !== "people:keep-staff-list").map((a) => [
      a,
      // Playing a course and sending evidence are a person's own, whoever they are.
      a === "elearning:play" || a === "evidence:submit" || a === "evaluation:submit" ? ["own"] : WHOSE,
    ]),
  ),
  // Their own school (themself included), never another school, the council or a contractor.
  school_lead: {
    "record:view": THEIR_SCHOOL,
    "booking:manage": THEIR_SCHOOL,
    "certificate:download": THEIR_SCHOOL,
    "certificates:bulk-download": THEIR_SCHOOL,
    "people:list": THEIR_SCHOOL,
    "people:keep-staff-list": THEIR_SCHOOL,
    "team:view-compliance": THEIR_SCHOOL,
    "dashboard:view": THEIR_SCHOOL,
    "elearning:play": ["own"],
    "elearning:view-progress": THEIR_SCHOOL,
    "evidence:submit": ["own"],
    "evaluation:submit": ["own"],
    "booking:substitute": THEIR_SCHOOL,
  },
  // Their own company, never another company, the council or a school.
  contract_manager: {
    "record:view": THEIR_COMPANY,
    "booking:manage": THEIR_COMPANY,
    "certificate:download": THEIR_COMPANY,
    "certificates:bulk-download": THEIR_COMPANY,
    "people:list": THEIR_COMPANY,
    "people:keep-staff-list": THEIR_COMPANY,
    "team:view-compliance": THEIR_COMPANY,
    "dashboard:view": THEIR_COMPANY,
    "elearning:play": ["own"],
    "elearning:view-progress": THEIR_COMPANY,
    "evidence:submit": ["own"],
    "evaluation:submit": ["own"],
    "booking:substitute": THEIR_COMPANY,
  },
};

let t: TestDatabase;
const users = {} as Record<Role, CurrentUser>;
const subjects = {} as Record<Role, Record<Whose, number>>;

function userFor(accountId: string, personId: number, roles: Role[], looksAfter: number | null): CurrentUser {
  return {
    accountId,
    personId,
    displayName: accountId,
    email: `${accountId}@example.test`,
    grants: roles.map((role) => ({
      role,
      organisationId: role === "school_lead" || role === "contract_manager" ? looksAfter : null,
      personId: role === "manager" ? personId : null,
    })),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const { db } = t;
  const council = await make.organisation(db, { kind: "council" });
  const serviceA = await make.organisation(db, { kind: "service", parentId: council.id });
  const serviceB = await make.organisation(db, { kind: "service", parentId: council.id });
  const schools = await make.organisation(db, { kind: "schools" });
  const school = await make.organisation(db, { kind: "school", parentId: schools.id, urn: 100001 });
  const otherSchool = await make.organisation(db, { kind: "school", parentId: schools.id, urn: 100002 });
  const contractor = await make.organisation(db, { kind: "contractor" });
  // A team inside the company: a contract manager reaches the whole subtree.
  const contractorTeam = await make.organisation(db, { kind: "team", parentId: contractor.id });
  const otherContractor = await make.organisation(db, { kind: "contractor" });
  const elsewhere = await make.person(db, { organisationId: serviceB.id });
  const schoolStaff = await make.person(db, { organisationId: school.id });
  const otherSchoolStaff = await make.person(db, { organisationId: otherSchool.id });
  const contractorStaff = await make.person(db, { organisationId: contractorTeam.id });
  const otherContractorStaff = await make.person(db, { organisationId: otherContractor.id });

  for (const role of Object.keys(EXPECTED) as Role[]) {
    const looksAfter = role === "school_lead" ? school.id : role === "contract_manager" ? contractor.id : null;
    const workplace = looksAfter ?? serviceA.id;
    const me = await make.person(db, { organisationId: workplace });
    const direct = await make.person(db, { organisationId: workplace, lineManagerId: me.id });
    const indirect = await make.person(db, { organisationId: workplace, lineManagerId: direct.id });
    const roles: Role[] = role === "learner" ? [] : [role];
    const account = await make.account(db, { personId: me.id, roles, looksAfter: looksAfter ?? undefined });
    users[role] = userFor(account.id, me.id, roles, looksAfter);
    subjects[role] = {
      own: me.id,
      "direct report": direct.id,
      "indirect report": indirect.id,
      "other council": elsewhere.id,
      "school staff": schoolStaff.id,
      "other school staff": otherSchoolStaff.id,
      "contractor staff": contractorStaff.id,
      "other contractor staff": otherContractorStaff.id,
    };
  }
});

afterAll(() => t.close());

describe("permission matrix: role × action × whose record", () => {
  for (const role of Object.keys(EXPECTED) as Role[]) {
    for (const action of PERSON_ACTIONS) {
      for (const whose of WHOSE) {
        const allowed = EXPECTED[role][action]?.includes(whose) ?? false;
        it(`${role} ${allowed ? "may" : "may not"} ${action} on ${whose}`, async () => {
          const user = users[role];
          const scope = personScopeFor(user, action);
          expect(await isPersonInScope(t.db, scope, subjects[role][whose])).toBe(allowed);
        });
      }
    }
  }
});

describe("who may take each action at all", () => {
  const LEADS: Role[] = ["school_lead", "contract_manager"];
  // Every role is also a learner of its own record.
  const ROLES_ALL = Object.keys(EXPECTED) as Role[];
  const cases: Array<[Action, Role[]]> = [
    ["catalogue:view", ["learner", "manager", "trainer", "education_officer", "coordinator", ...LEADS]],
    ["catalogue:manage", ["coordinator"]],
    ["sessions:manage", ["coordinator"]],
    ["sessions:view-all", ["coordinator"]],
    ["register:take", ["trainer", "coordinator"]],
    ["register:reopen", ["coordinator"]],
    ["record:view", ["learner", "manager", "trainer", "education_officer", "coordinator", ...LEADS]],
    ["booking:manage", ["learner", "manager", "trainer", "education_officer", "coordinator", ...LEADS]],
    ["certificate:download", ["learner", "manager", "trainer", "education_officer", "coordinator", ...LEADS]],
    ["completion:revoke", ["coordinator"]],
    ["completion:record", ["coordinator"]],
    ["people:list", ["manager", "education_officer", "coordinator", ...LEADS]],
    ["team:view-compliance", ["manager", "coordinator", ...LEADS]],
    ["schools:view-coverage", ["education_officer", "coordinator"]],
    ["dashboard:view", ["manager", "coordinator", ...LEADS]],
    ["schools:declare-headcount", ["education_officer", "coordinator"]],
    ["kpis:view-report", ["coordinator"]],
    ["kpis:manage", ["coordinator"]],
    ["coverage:check", ["coordinator"]],
    ["requirements:manage", ["coordinator"]],
    ["audit:view", ["coordinator"]],
    ["audit:view-schools", ["education_officer", "coordinator"]],
    ["imports:manage", ["coordinator"]],
    ["elearning:manage-packages", ["coordinator"]],
    ["notifications:view-outbox", ["coordinator"]],
    ["elearning:play", ROLES_ALL],
    ["evidence:submit", ROLES_ALL],
    ["elearning:view-progress", ["manager", "coordinator", ...LEADS]],
    ["evidence:verify", ["manager", "coordinator"]],
    ["evaluation:submit", ROLES_ALL],
    ["evaluations:view-results", ["trainer", "coordinator"]],
    ["charges:manage", ["coordinator"]],
    ["bank-holidays:manage", ["coordinator"]],
    ["certificates:branding", ["coordinator"]],
    ["school-sessions:record", ["education_officer", "coordinator"]],
    ["booking:substitute", ["manager", "coordinator", ...LEADS]],
    ["certificates:bulk-download", ["manager", "coordinator", ...LEADS]],
    ["people:manage", ["coordinator"]],
    ["people:keep-staff-list", LEADS],
    ["accounts:manage", ["coordinator"]],
    ["accounts:invite", ["manager", "coordinator"]],
    // Effective for managers only where MANAGERS_MAY_EDIT_TEAM is set (tests/integration/people-admin.test.ts).
    ["people:edit-team-details", ["manager", "coordinator"]],
  ];
  for (const [action, roles] of cases) {
    for (const role of Object.keys(EXPECTED) as Role[]) {
      it(`${role} ${roles.includes(role) ? "may" : "may not"} ${action}`, () => {
        expect(can(users[role], action)).toBe(roles.includes(role));
      });
    }
  }
  it("names every action of the permission module", () => {
    const named = new Set(cases.map(([action]) => action));
    expect(ACTIONS.filter((action) => !named.has(action))).toEqual([]);
  });
  it("a signed-out visitor may do nothing", () => {
    expect(can(null, "catalogue:view")).toBe(false);
  });
});

describe("registers", () => {
  it("a trainer takes the register only of sessions they run", () => {
    const trainer = users.trainer;
    expect(canActOnSession(trainer, "register:take", { trainerPersonId: trainer.personId })).toBe(true);
    expect(canActOnSession(trainer, "register:take", { trainerPersonId: 999_999 })).toBe(false);
    expect(canActOnSession(users.coordinator, "register:take", { trainerPersonId: 999_999 })).toBe(true);
    expect(canActOnSession(users.manager, "register:take", { trainerPersonId: users.manager.personId })).toBe(false);
  });
});

describe("organisation-scoped managers", () => {
  it("a manager of an organisation reaches its whole subtree and nothing else", async () => {
    const { db } = t;
    const root = await make.organisation(db, { kind: "contractor" });
    const branch = await make.organisation(db, { kind: "team", parentId: root.id });
    const inside = await make.person(db, { organisationId: branch.id });
    const outside = await make.person(db, { organisationId: (await make.organisation(db, { kind: "contractor" })).id });
    const user: CurrentUser = {
      accountId: "x",
      personId: null,
      displayName: "x",
      email: "x@example.test",
      grants: [{ role: "manager", organisationId: root.id, personId: null }],
    };
    const scope = personScopeFor(user, "certificate:download");
    expect(await isPersonInScope(db, scope, inside.id)).toBe(true);
    expect(await isPersonInScope(db, scope, outside.id)).toBe(false);
  });
});

describe("certificate downloads through the real loader: role × whose record", () => {
  const completionOf = new Map<number, number>();
  beforeAll(async () => {
    provideDatabaseForTests(t.db);
    const course = await make.course(t.db, { title: "Prevent awareness" });
    const people = new Set(Object.values(subjects).flatMap((bySubject) => Object.values(bySubject)));
    for (const personId of people) {
      const row = await make.completion(t.db, {
        personId,
        courseId: course.id,
        completedOn: "2025-01-01",
        certificateCode: newCertificateCode(),
      });
      completionOf.set(personId, row.id);
    }
  });

  for (const role of Object.keys(EXPECTED) as Role[]) {
    for (const whose of WHOSE) {
      const allowed = EXPECTED[role]["certificate:download"]?.includes(whose) ?? false;
      it(`${role} ${allowed ? "downloads" : "gets 404 for"} the certificate of ${whose}`, async () => {
        const file = `${completionOf.get(subjects[role][whose])}.pdf`;
        const request = await signedInRequest(t.db, users[role].accountId, `/certificates/${file}`);
        const response = (await call(() => certificateLoader({ request, params: { file }, context: {} }))) as Response;
        expect(response.status).toBe(allowed ? 200 : 404);
        if (allowed) expect(response.headers.get("Content-Type")).toBe("application/pdf");
      });
    }
  }
});
