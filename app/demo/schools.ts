/**
 * The staff and governors of Northbridge's schools: a head, a designated safeguarding lead
 * (the head in small schools) and often a deputy, teaching and support staff, and a few
 * governors, each school as big as its headcount in names.ts.
 */
import type { EmploymentType } from "../db/schema";
import { addDaysToDate } from "../lib/dates";
import { GOVERNOR_TITLES, SCHOOL_TITLES, SCHOOLS } from "./names";
import type { Staffing } from "./people";
import type { DemoPlan } from "./plan";

export function planSchoolStaff(plan: DemoPlan, staff: Staffing): void {
  const { rng, today: T } = plan;
  const { addPerson, staffStart, maybeLeaving } = staff;
  for (const school of SCHOOLS) {
    const titles = SCHOOL_TITLES[school.titles];
    const base = { orgRef: school.laestab, domain: school.emailDomain, refPrefix: "SCH", refStart: 200_000 };
    const governors =
      school.headcount >= 6
        ? rng.weighted([
            [0, 35],
            [1, 45],
            [2, 20],
          ] as const)
        : school.headcount === 5 && rng.chance(0.4)
          ? 1
          : 0;
    const staffCount = school.headcount - governors;
    const headIsDsl =
      school.titles === "nursery" || school.titles === "pru" || (school.titles === "primary" && rng.chance(0.3));
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
          employmentType: rng.weighted<EmploymentType>([
            ["permanent", 85],
            ["fixed_term", 10],
            ["agency", 5],
          ]),
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
          startDate: addDaysToDate(T, -rng.int(90, 2500)),
        }),
      );
    }
  }
}
