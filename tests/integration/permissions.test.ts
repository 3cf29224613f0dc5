import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Action, type CurrentUser, can, canActOnSession, personScopeFor } from "../../app/auth/permissions";
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
 * council, and a school's member of staff.
 */
type Whose = "own" | "direct report" | "indirect report" | "other council" | "school staff";
const WHOSE: Whose[] = ["own", "direct report", "indirect report", "other council", "school staff"];

const PERSON_ACTIONS: Action[] = [
  "record:view",
  "booking:manage",
  "certificate:download",
  "completion:revoke",
  "people:edit-team-details",
];

/** What each role may reach, per action; anything not listed is refused. */
const EXPECTED: Record<Role, Partial<Record<Action, Whose[]>>> = {
  learner: {
    "record:view": ["own"],
    "booking:manage": ["own"],
    "certificate:download": ["own"],
  },
  manager: {
    "record:view": ["own", "direct report", "indirect report"],
    "booking:manage": ["own", "direct report", "indirect report"],
    "certificate:download": ["own", "direct report", "indirect report"],
    // Their team, not themself.
    "people:edit-team-details": ["direct report", "indirect report"],
  },
  trainer: {
    "record:view": ["own"],
    "booking:manage": ["own"],
    "certificate:download": ["own"],
  },
  education_officer: {
    "record:view": ["own", "school staff"],
    "booking:manage": ["own"],
    "certificate:download": ["own", "school staff"],
  },
  coordinator: {
    "record:view": WHOSE,
    "booking:manage": WHOSE,
    "certificate:download": WHOSE,
    "completion:revoke": WHOSE,
    "people:edit-team-details": WHOSE,
  },
};

let t: TestDatabase;
const users = {} as Record<Role, CurrentUser>;
const subjects = {} as Record<Role, Record<Whose, number>>;

function userFor(accountId: string, personId: number, roles: Role[]): CurrentUser {
  return {
    accountId,
    personId,
    displayName: accountId,
    email: `${accountId}@example.test`,
    grants: roles.map((role) => ({ role, organisationId: null, personId: role === "manager" ? personId : null })),
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
  const elsewhere = await make.person(db, { organisationId: serviceB.id });
  const schoolStaff = await make.person(db, { organisationId: school.id });

  for (const role of ["learner", "manager", "trainer", "education_officer", "coordinator"] as Role[]) {
    const me = await make.person(db, { organisationId: serviceA.id });
    const direct = await make.person(db, { organisationId: serviceA.id, lineManagerId: me.id });
    const indirect = await make.person(db, { organisationId: serviceA.id, lineManagerId: direct.id });
    const account = await make.account(db, { personId: me.id, roles: role === "learner" ? [] : [role] });
    users[role] = userFor(account.id, me.id, role === "learner" ? [] : [role]);
    subjects[role] = {
      own: me.id,
      "direct report": direct.id,
      "indirect report": indirect.id,
      "other council": elsewhere.id,
      "school staff": schoolStaff.id,
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

describe("actions without a person", () => {
  const cases: Array<[Action, Role[]]> = [
    ["catalogue:view", ["learner", "manager", "trainer", "education_officer", "coordinator"]],
    ["catalogue:manage", ["coordinator"]],
    ["sessions:manage", ["coordinator"]],
    ["sessions:view-all", ["coordinator"]],
    ["register:take", ["trainer", "coordinator"]],
    ["register:reopen", ["coordinator"]],
    ["people:list", ["manager", "education_officer", "coordinator"]],
    ["team:view-compliance", ["manager", "coordinator"]],
    ["schools:view-coverage", ["education_officer", "coordinator"]],
    ["dashboard:view", ["manager", "coordinator"]],
    ["schools:declare-headcount", ["education_officer", "coordinator"]],
    ["kpis:view-report", ["coordinator"]],
    ["kpis:manage", ["coordinator"]],
    ["coverage:check", ["coordinator"]],
    ["audit:view", ["coordinator"]],
    ["imports:manage", ["coordinator"]],
    ["certificates:bulk-download", ["manager", "coordinator"]],
    ["people:manage", ["coordinator"]],
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
