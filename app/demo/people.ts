/**
 * The people of the demo council: the council's staff service by service (with the five demo
 * people and the trainers among them), the contractors' staff and the partners' contacts.
 * Schools' staff and governors are in schools.ts; both make people the same way, here.
 */
import type { Database } from "../db/database";
import { people, type EmploymentType } from "../db/schema";
import { addDaysToDate, daysBetween } from "../lib/dates";
import { CONTRACTORS, COUNCIL, DIRECTORATES, FAMILY_NAMES, GIVEN_NAMES, PARTNERS, type UnitSpec } from "./names";
import { chainOf } from "./organisations";
import { chunks, type DemoPlan, type DemoRole, type IsoDate } from "./plan";

export interface NewPerson {
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

/** Makes people one at a time, with e-mail addresses and staff numbers nobody else has. */
export function staffing(plan: DemoPlan) {
  const { rng, today } = plan;
  const usedEmails = new Set<string>();
  const usedRefs = new Set<string>();
  const counters = new Map<string, number>();
  const slug = (name: string) =>
    name
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/['\s]/g, "");
  const emailFor = (given: string, family: string, domain: string) => {
    const base = `${slug(given)}.${slug(family)}`;
    let email = `${base}@${domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${domain}`;
    usedEmails.add(email);
    return email;
  };
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

  /** A start date: seniors have served a while; a few of the rest are new this term. */
  const staffStart = (senior: boolean): IsoDate => {
    if (senior) return addDaysToDate(today, -rng.int(730, 5400));
    const roll = rng.next();
    if (roll < 0.05) return addDaysToDate(today, -rng.int(1, 60));
    if (roll < 0.22) return addDaysToDate(today, -rng.int(61, 730));
    return addDaysToDate(today, -rng.int(731, 5475));
  };
  /** A leaving date in the past for some of those who have served long enough. */
  const maybeLeaving = (start: IsoDate, p: number): IsoDate | null => {
    const served = daysBetween(start, today);
    if (served < 240 || !rng.chance(p)) return null;
    return addDaysToDate(today, -rng.int(5, Math.min(700, served - 120)));
  };

  const addPerson = (p: NewPerson): number => {
    const org = plan.orgByRef.get(p.orgRef)!;
    const givenName = p.givenName ?? rng.pick(GIVEN_NAMES);
    const familyName = p.familyName ?? rng.pick(FAMILY_NAMES);
    const email = p.email ?? emailFor(givenName, familyName, p.domain);
    if (p.email) usedEmails.add(p.email);
    const key = plan.persons.length;
    const manager = p.managerKey === null ? null : plan.persons[p.managerKey]!;
    plan.persons.push({
      key,
      ref: refFor(p.refPrefix, p.refDigits ?? 6, p.refStart ?? 10_000),
      orgRef: p.orgRef,
      orgChain: chainOf(plan, p.orgRef),
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
    const base = {
      orgRef: spec.ref,
      domain: context.domain,
      refPrefix: context.refPrefix,
      refDigits: context.refDigits,
    };
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

  return { addPerson, addUnit, staffStart, maybeLeaving };
}

export type Staffing = ReturnType<typeof staffing>;

/**
 * The council, from the chief executive down. The demo people work in Housing Needs (the manager
 * and the learner) and Community Safety (the coordinator, education officer and trainer); the
 * other trainers in Education and in HR's learning team.
 */
export function planCouncilStaff(plan: DemoPlan, staff: Staffing): void {
  const { rng, today: T, demo, trainers } = plan;
  const { addPerson, addUnit, staffStart } = staff;
  const councilEmployment = () =>
    rng.weighted<EmploymentType>([
      ["permanent", 82],
      ["fixed_term", 9],
      ["agency", 9],
    ]);
  const councilBase = { domain: COUNCIL.emailDomain, refPrefix: "HR", refStart: 10_000 };

  const chiefExecutive = addPerson({
    ...councilBase,
    orgRef: "LBN-CE",
    managerKey: null,
    jobTitle: COUNCIL.chiefExecutive,
    tags: ["manager"],
    employmentType: "permanent",
    startDate: addDaysToDate(T, -rng.int(1500, 3000)),
  });

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
              startDate: addDaysToDate(T, -3620),
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
          startDate: addDaysToDate(T, -2310),
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
          startDate: addDaysToDate(T, -2920),
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
          startDate: addDaysToDate(T, -1490),
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
          startDate: addDaysToDate(T, -2190),
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
}

/** The contractors' staff: each contractor is a unit with no line into the council. */
export function planContractorStaff(plan: DemoPlan, staff: Staffing): void {
  const { rng } = plan;
  for (const contractor of CONTRACTORS) {
    staff.addUnit(contractor, {
      managerKey: null,
      domain: contractor.emailDomain,
      refPrefix: `${contractor.staffRefPrefix}-`,
      refDigits: 5,
      employment: () =>
        rng.weighted<EmploymentType>([
          ["contractor", 90],
          ["agency", 10],
        ]),
    });
  }
}

/** The partners' named contacts (police, health, colleges), one per job title. */
export function planPartnerContacts(staff: Staffing): void {
  for (const partner of PARTNERS) {
    for (const jobTitle of partner.titles) {
      staff.addPerson({
        orgRef: partner.ref,
        domain: partner.emailDomain,
        refPrefix: `${partner.ref.slice(4)}-`,
        refDigits: 5,
        managerKey: null,
        jobTitle,
        tags: jobTitle === "Designated Safeguarding Lead" ? ["dsl"] : [],
        employmentType: "permanent",
        startDate: staff.staffStart(false),
      });
    }
  }
}

/** Writes people by depth in the management tree (a line manager before their reports); returns id by key. */
export async function writePeople(
  tx: Database,
  plan: DemoPlan,
  orgIds: ReadonlyMap<string, number>,
): Promise<(key: number) => number> {
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
  return (key: number) => personIds.get(plan.persons[key]!.ref)!;
}
