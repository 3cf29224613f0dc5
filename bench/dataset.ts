/**
 * The benchmark's synthetic council, deterministic from a seed and an "as of" date: 50,000 people
 * (council ~60%, contractors ~25%, schools ~15%) in a deep organisation tree with line managers,
 * the demo catalogue and requirements, 20,000 sessions with their bookings and 1,000,000
 * completions over ten years.
 *
 * The small organisation tree is laid out in JavaScript (app/demo/random.ts); every large
 * table is filled by set-based SQL (`insert … select … from generate_series(…)`) whose random
 * choices are hashes of the row number and the seed (sql-random.ts), in chunks so that progress
 * can be reported. Ids are given explicitly, so the same seed gives the same rows on PostgreSQL
 * and on PGlite.
 */
import { sql } from "drizzle-orm";
import { type Database, queryOne, queryRows } from "../app/db/database";
import { accounts, courses, roleGrants } from "../app/db/schema";
import { CERTIFICATE_CODE_PATTERN } from "../app/domain/certificates/certificate-number";
import { CATALOGUE, COURSE_CODES } from "../app/demo/catalogue";
import {
  CONTRACTORS,
  COUNCIL,
  DIRECTORATES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  GOVERNOR_TITLES,
  SCHOOL_TITLES,
  SCHOOLS,
  SCHOOLS_ROOT,
  type SchoolSpec,
  VENUES,
} from "../app/demo/names";
import { Random } from "../app/demo/random";
import { insertDefaultRequirements } from "../app/demo/insert-requirements";
import { REQUIREMENTS } from "../app/demo/requirements";
import { allocate, intArray, lit, SqlRandom, textArray, weightedIds } from "./sql-random";

/** Raise when the generator changes, so that an old data set is not reused by mistake. */
export const DATASET_VERSION = 1;

export interface DatasetOptions {
  seed: number;
  /** The day the data set is built around ("today" for it): completions up to it, sessions to six months after. */
  asOf: string;
  /** 1 for the full council; smaller for a quick trial run. */
  scale: number;
}

export interface DatasetSizes {
  organisations: number;
  people: number;
  councilPeople: number;
  contractorPeople: number;
  schoolPeople: number;
  schools: number;
  courses: number;
  requirements: number;
  sessions: number;
  bookings: number;
  completions: number;
  /**
   * A sum of hashes of every person, session, booking and completion row: equal fingerprints
   * mean equal data sets (the same seed gives the same on PostgreSQL and on PGlite).
   */
  fingerprint: string;
}

/** Ids the measurements need, found when the data set is built. */
export interface DatasetFixtures {
  /** The ~5,000-person directorate (Children and Families). */
  directorateId: number;
  directoratePeople: number;
  /** A council frontline worker with a long record, for "My training". */
  learnerPersonId: number;
  learnerCompletions: number;
  coordinatorAccountId: string;
  managerAccountId: string;
  educationOfficerAccountId: string;
  learnerAccountId: string;
  /** The course the booking measurements create sessions of (the Prevent awareness workshop). */
  workshopCourseId: number;
  /** People ids of the council block, for choosing who books. */
  councilPeople: { first: number; last: number };
}

export interface DatasetInfo extends DatasetOptions {
  version: number;
  builtAt: string;
  buildSeconds: number;
  sizes: DatasetSizes;
  fixtures: DatasetFixtures;
}

export type ProgressReporter = (stage: string, done: number, total?: number) => void;

/** The targets at scale 1. */
export const FULL_SIZE = {
  people: 50_000,
  schools: 300,
  sessions: 20_000,
  completions: 1_000_000,
  contractorCompanies: 40,
} as const;

const META_TABLE = "bench.dataset";

export async function readDataset(db: Database): Promise<DatasetInfo | "partial" | undefined> {
  const exists = await queryOne<{ found: boolean }>(db, sql`select to_regclass('bench.dataset') is not null as found`);
  if (!exists?.found) return undefined;
  const row = await queryOne<{ info: DatasetInfo | string | null; complete: boolean }>(
    db,
    sql.raw(`select info, complete from ${META_TABLE} where id = 1`),
  );
  if (!row) return undefined;
  if (!row.complete || !row.info) return "partial";
  return typeof row.info === "string" ? (JSON.parse(row.info) as DatasetInfo) : row.info;
}

/** True when the app's tables hold any rows (so a build would mix with other data). */
export async function hasAppData(db: Database): Promise<boolean> {
  const row = await queryOne<{ found: boolean }>(
    db,
    sql`select exists (select 1 from organisations) or exists (select 1 from people)
          or exists (select 1 from courses) as found`,
  );
  return row?.found ?? false;
}

// ---------------------------------------------------------------------------------------------
// The organisation tree, in JavaScript.

type SectorName = "council" | "contractor" | "school";

interface OrgNode {
  kind: "council" | "directorate" | "service" | "team" | "contractor" | "schools" | "school";
  sector: SectorName;
  name: string;
  ref: string;
  school?: { urn: number; phase: string; type: string; status: string };
  /** Job title of the person who runs it, or none (the schools root). */
  headTitle: string | null;
  /** People besides the head. */
  staff: number;
  frontlineShare: number;
  frontlineTitles: readonly string[];
  officeTitles: readonly string[];
  dslTitles: readonly string[];
  deputyTitles: readonly string[];
  children: OrgNode[];
  // Filled in by layout():
  id?: number;
  parentId?: number | null;
  path?: string;
  depth?: number;
  firstPerson?: number;
  lastPerson?: number;
  headId?: number | null;
  headManagerId?: number | null;
  staffManagerId?: number | null;
}

function totalPeople(node: OrgNode): number {
  return (node.headTitle ? 1 : 0) + node.staff + node.children.reduce((s, c) => s + totalPeople(c), 0);
}

const CONTRACTOR_WORDS = [
  "Apex",
  "Beacon",
  "Borough",
  "Capital",
  "Citywide",
  "Crown Lane",
  "Delta",
  "Eastway",
  "Evergreen",
  "Harbour",
  "Keystone",
  "Kingfisher",
  "Lambeth Road",
  "Meridian",
  "Northgate",
  "Oakwood",
  "Pinnacle",
  "Riverside",
  "Sterling",
  "Westfield",
];
const CONTRACTOR_TRADES = [
  {
    trade: "Care Services",
    head: "Registered Manager",
    frontline: ["Care Worker", "Senior Care Worker", "Support Worker", "Night Carer"],
    office: ["Rota Coordinator", "Care Administrator"],
    share: 0.9,
  },
  {
    trade: "Home to School Transport",
    head: "Operations Director",
    frontline: ["Passenger Assistant", "Minibus Driver", "Escort"],
    office: ["Route Planner", "Transport Administrator"],
    share: 0.9,
  },
  {
    trade: "Catering",
    head: "Catering Contract Manager",
    frontline: ["School Cook", "Kitchen Assistant", "Catering Supervisor"],
    office: ["Catering Administrator"],
    share: 0.85,
  },
  {
    trade: "Cleaning Services",
    head: "Cleaning Contract Manager",
    frontline: ["Cleaning Operative", "Cleaning Supervisor"],
    office: ["Scheduler"],
    share: 0.8,
  },
  {
    trade: "Youth Services",
    head: "Youth Services Director",
    frontline: ["Youth Worker", "Detached Youth Worker", "Mentor"],
    office: ["Programme Administrator"],
    share: 0.9,
  },
  {
    trade: "Housing Support",
    head: "Service Manager",
    frontline: ["Housing Support Worker", "Hostel Worker", "Tenancy Sustainment Officer"],
    office: ["Housing Administrator"],
    share: 0.85,
  },
  {
    trade: "Security",
    head: "Account Director",
    frontline: ["Security Officer", "CCTV Operator", "Concierge"],
    office: ["Control Room Administrator"],
    share: 0.85,
  },
  {
    trade: "Leisure",
    head: "Contract Manager",
    frontline: ["Lifeguard", "Leisure Attendant", "Swimming Teacher", "Fitness Instructor"],
    office: ["Membership Adviser"],
    share: 0.85,
  },
];
const SCHOOL_WORDS = [
  "Abbey",
  "Alder",
  "Ashburn",
  "Beech",
  "Bishop's",
  "Bramble",
  "Broadway",
  "Castle",
  "Cedar",
  "Chestnut",
  "Church Lane",
  "Clifton",
  "Coldharbour",
  "Copper",
  "Cromwell",
  "Dale",
  "Elmhurst",
  "Fairfield",
  "Fernbank",
  "Forest",
  "Glebe",
  "Grange",
  "Hawthorn",
  "Heath",
  "Highgate",
  "Hillside",
  "Holly",
  "Juniper",
  "Lark",
  "Linden",
  "Maple",
  "Marsh",
  "Meadow",
  "Mill",
  "Moorland",
  "Nightingale",
  "Orchard",
  "Parkside",
  "Priory",
  "Queen's",
  "Rowan",
  "St Aidan's",
  "St Bede's",
  "St Clare's",
  "St Luke's",
  "St Paul's",
  "Stonebridge",
  "Summerfield",
  "Thornbury",
  "Valley",
  "Victoria",
  "Wharf",
  "Willow",
  "Windmill",
  "Woodside",
];
const SCHOOL_KINDS: ReadonlyArray<{
  titles: SchoolSpec["titles"];
  phase: string;
  suffix: string;
  types: string[];
  weight: number;
  size: number;
}> = [
  {
    titles: "primary",
    phase: "Primary",
    suffix: "Primary School",
    types: ["Community school", "Academy converter", "Voluntary aided school", "Foundation school"],
    weight: 72,
    size: 1,
  },
  {
    titles: "secondary",
    phase: "Secondary",
    suffix: "Academy",
    types: ["Academy converter", "Academy sponsor led", "Community school", "Free schools"],
    weight: 16,
    size: 3.6,
  },
  {
    titles: "nursery",
    phase: "Nursery",
    suffix: "Nursery School",
    types: ["Local authority nursery school"],
    weight: 3,
    size: 0.5,
  },
  {
    titles: "special",
    phase: "Not applicable",
    suffix: "School",
    types: ["Foundation special school", "Academy special converter"],
    weight: 4,
    size: 0.9,
  },
  { titles: "pru", phase: "Not applicable", suffix: "Centre", types: ["Pupil referral unit"], weight: 2, size: 0.5 },
  {
    titles: "sixth_form",
    phase: "16 plus",
    suffix: "Sixth Form College",
    types: ["Free schools 16 to 19"],
    weight: 3,
    size: 1.3,
  },
];

/** Directorate shares of council staff, in DIRECTORATES order: Children and Families gets 5,000 of 30,000. */
const DIRECTORATE_SHARES: Record<string, number> = {
  "LBN-CF": 5000,
  "LBN-AH": 7000,
  "LBN-HC": 6000,
  "LBN-EP": 6500,
  "LBN-RES": 3500,
  "LBN-CE": 2000,
};

function node(
  partial: Omit<
    OrgNode,
    "children" | "frontlineShare" | "frontlineTitles" | "officeTitles" | "dslTitles" | "deputyTitles"
  > &
    Partial<OrgNode>,
): OrgNode {
  return {
    children: [],
    frontlineShare: 0,
    frontlineTitles: [],
    officeTitles: [],
    dslTitles: [],
    deputyTitles: [],
    ...partial,
  };
}

function councilTree(total: number, rng: Random): OrgNode {
  const root = node({
    kind: "council",
    sector: "council",
    name: COUNCIL.name,
    ref: COUNCIL.ref,
    headTitle: COUNCIL.chiefExecutive,
    staff: 0,
  });
  const directorateSizes = allocate(
    total - 1,
    DIRECTORATES.map((d) => DIRECTORATE_SHARES[d.ref] ?? 5000),
    1,
  );
  DIRECTORATES.forEach((spec, i) => {
    const size = directorateSizes[i]!;
    const directorate = node({
      kind: "directorate",
      sector: "council",
      name: spec.name,
      ref: spec.ref,
      headTitle: spec.director,
      staff: 0,
    });
    root.children.push(directorate);
    const serviceSizes = allocate(
      size - 1,
      spec.services.map(() => rng.between(0.6, 1.4)),
      1,
    );
    spec.services.forEach((service, j) => {
      const serviceSize = serviceSizes[j]!;
      const serviceNode = node({
        kind: "service",
        sector: "council",
        name: service.name,
        ref: service.ref,
        headTitle: service.head,
        staff: 0,
        frontlineShare: service.frontlineShare,
        frontlineTitles: service.frontlineTitles,
        officeTitles: service.officeTitles,
      });
      directorate.children.push(serviceNode);
      const teamPeople = serviceSize - 1;
      const teams = Math.max(1, Math.round(teamPeople / 22));
      const teamSizes = allocate(
        teamPeople,
        Array.from({ length: teams }, () => rng.between(0.5, 1.5)),
        Math.min(4, Math.floor(teamPeople / teams)),
      );
      teamSizes.forEach((teamSize, k) => {
        const managerTitle = service.teamManagers[k % service.teamManagers.length] ?? "Team Manager";
        serviceNode.children.push(
          node({
            kind: "team",
            sector: "council",
            name: `${service.name}: ${managerTitle.replace(/^Team Manager, /, "")} team ${k + 1}`,
            ref: `${service.ref}-T${String(k + 1).padStart(2, "0")}`,
            headTitle: managerTitle,
            staff: teamSize - 1,
            frontlineShare: service.frontlineShare,
            frontlineTitles: service.frontlineTitles,
            officeTitles: service.officeTitles,
          }),
        );
      });
    });
  });
  return root;
}

function contractorTrees(total: number, companies: number, rng: Random): OrgNode[] {
  const sizes = allocate(
    total,
    Array.from({ length: companies }, () => Math.exp(rng.between(-1, 1.5))),
    8,
  );
  return sizes.map((size, i) => {
    const spec = CONTRACTORS[i];
    const trade = CONTRACTOR_TRADES[i % CONTRACTOR_TRADES.length]!;
    const name = spec ? spec.name : `${CONTRACTOR_WORDS[i % CONTRACTOR_WORDS.length]} ${trade.trade} Ltd`;
    const ref = `CON-B${String(i + 1).padStart(3, "0")}`;
    const frontlineTitles = spec ? spec.frontlineTitles : trade.frontline;
    const officeTitles = spec ? spec.officeTitles : trade.office;
    const frontlineShare = spec ? spec.frontlineShare : trade.share;
    const company = node({
      kind: "contractor",
      sector: "contractor",
      name: `${name}${spec ? "" : ` (${i + 1})`}`,
      ref,
      headTitle: spec ? spec.head : trade.head,
      staff: 0,
    });
    const divisions = Math.max(1, Math.min(8, Math.round((size - 1) / 60)));
    const divisionSizes = allocate(
      size - 1,
      Array.from({ length: divisions }, () => rng.between(0.5, 1.5)),
      Math.min(3, Math.floor((size - 1) / divisions)),
    );
    divisionSizes.forEach((divisionSize, k) => {
      company.children.push(
        node({
          kind: "service",
          sector: "contractor",
          name: `${company.name}: division ${k + 1}`,
          ref: `${ref}-D${k + 1}`,
          headTitle: spec?.teamManagers[k % spec.teamManagers.length] ?? "Operations Manager",
          staff: divisionSize - 1,
          frontlineShare,
          frontlineTitles,
          officeTitles,
        }),
      );
    });
    return company;
  });
}

function schoolsTree(total: number, count: number, rng: Random): OrgNode {
  const root = node({
    kind: "schools",
    sector: "school",
    name: SCHOOLS_ROOT.name,
    ref: SCHOOLS_ROOT.ref,
    headTitle: null,
    staff: 0,
  });
  const specs: Array<{
    name: string;
    urn: number;
    ref: string;
    phase: string;
    type: string;
    status: string;
    titles: SchoolSpec["titles"];
    weight: number;
  }> = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const known = SCHOOLS[i];
    if (known) {
      const kind = SCHOOL_KINDS.find((k) => k.titles === known.titles)!;
      specs.push({
        name: known.name,
        urn: known.urn,
        ref: known.laestab,
        phase: known.phase,
        type: known.type,
        status: known.status,
        titles: known.titles,
        weight: kind.size * rng.between(0.7, 1.3),
      });
      used.add(known.name);
      continue;
    }
    const kind = rng.weighted(SCHOOL_KINDS.map((k) => [k, k.weight] as const));
    let name = `${rng.pick(SCHOOL_WORDS)} ${kind.suffix}`;
    for (let n = 2; used.has(name); n++) name = `${rng.pick(SCHOOL_WORDS)} ${kind.suffix}${n > 4 ? ` ${n}` : ""}`;
    used.add(name);
    specs.push({
      name,
      urn: 130_000 + i,
      ref: `888${6000 + i}`,
      phase: kind.phase,
      type: rng.pick(kind.types),
      status: rng.chance(0.03) ? "Open, but proposed to close" : "Open",
      titles: kind.titles,
      weight: kind.size * rng.between(0.7, 1.3),
    });
  }
  const sizes = allocate(
    total,
    specs.map((s) => s.weight),
    Math.min(8, Math.floor(total / count)),
  );
  specs.forEach((spec, i) => {
    const titles = SCHOOL_TITLES[spec.titles];
    root.children.push(
      node({
        kind: "school",
        sector: "school",
        name: spec.name,
        ref: spec.ref,
        school: { urn: spec.urn, phase: spec.phase, type: spec.type, status: spec.status },
        headTitle: titles.head,
        staff: sizes[i]! - 1,
        frontlineShare: 1,
        frontlineTitles: titles.staff,
        officeTitles: titles.staff,
        dslTitles: titles.dsl,
        deputyTitles: titles.deputyDsl,
      }),
    );
  });
  return root;
}

/** Gives every node its id, path, people id range and the ids of the managers its people report to. */
function layout(roots: OrgNode[]): { orgs: OrgNode[]; people: number } {
  const orgs: OrgNode[] = [];
  let nextOrg = 1;
  let nextPerson = 1;
  const visit = (n: OrgNode, parent: OrgNode | null, managerAbove: number | null) => {
    n.id = nextOrg++;
    n.parentId = parent?.id ?? null;
    n.path = `${parent?.path ?? ""}${n.id}.`;
    n.depth = parent ? parent.depth! + 1 : 0;
    n.firstPerson = nextPerson;
    n.headId = n.headTitle ? nextPerson : null;
    nextPerson += (n.headTitle ? 1 : 0) + n.staff;
    n.lastPerson = nextPerson - 1;
    n.headManagerId = managerAbove;
    n.staffManagerId = n.headId ?? managerAbove;
    orgs.push(n);
    for (const child of n.children) visit(child, n, n.headId ?? managerAbove);
  };
  for (const root of roots) visit(root, null, null);
  return { orgs, people: nextPerson - 1 };
}

// ---------------------------------------------------------------------------------------------
// The build.

async function exec(db: Database, text: string): Promise<void> {
  await db.execute(sql.raw(text));
}

async function count(db: Database, table: string, where = "true"): Promise<number> {
  const row = await queryOne<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return row?.n ?? 0;
}

async function resetIdentity(db: Database, table: string): Promise<void> {
  await exec(
    db,
    `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
  );
}

function chunks(first: number, last: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = first; a <= last; a += size) out.push([a, Math.min(last, a + size - 1)]);
  return out;
}

export async function buildDataset(
  db: Database,
  options: DatasetOptions,
  progress: ProgressReporter,
): Promise<DatasetInfo> {
  const started = performance.now();
  const { seed, asOf, scale } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD (got ${asOf})`);
  const rng = new Random(seed);
  const R = new SqlRandom(seed);
  const asOfDate = `${lit(asOf)}::date`;
  const asOfInstant = `((${asOfDate} + time '12:00') at time zone 'Europe/London')`;

  await exec(db, "create schema if not exists bench");
  await exec(
    db,
    `create table if not exists ${META_TABLE} (id int primary key, info jsonb, complete boolean not null default false)`,
  );
  await exec(
    db,
    `insert into ${META_TABLE} (id, info, complete) values (1, null, false) on conflict (id) do update set info = null, complete = false`,
  );

  // Sizes.
  const peopleTarget = Math.max(500, Math.round(FULL_SIZE.people * scale));
  const councilTarget = Math.round(peopleTarget * 0.6);
  const contractorTarget = Math.round(peopleTarget * 0.25);
  const schoolTarget = peopleTarget - councilTarget - contractorTarget;
  const schoolCount = Math.max(25, Math.min(FULL_SIZE.schools, Math.round(FULL_SIZE.schools * scale)));
  const companies = Math.max(3, Math.round(FULL_SIZE.contractorCompanies * scale));
  const sessionTarget = Math.max(200, Math.round(FULL_SIZE.sessions * scale));
  const completionTarget = Math.max(10_000, Math.round(FULL_SIZE.completions * scale));

  // 1. Catalogue and requirements, from the demo seed's lists.
  const insertedCourses = await db
    .insert(courses)
    .values(CATALOGUE.map((c) => ({ ...c })))
    .returning({ id: courses.id, code: courses.code });
  const courseId = (code: string): number => {
    const found = insertedCourses.find((c) => c.code === code);
    if (!found) throw new Error(`Course ${code} missing from the catalogue`);
    return found.id;
  };
  progress("courses", insertedCourses.length);

  // 2. Organisations.
  const council = councilTree(councilTarget, rng);
  const contractorRoots = contractorTrees(contractorTarget, companies, rng);
  const schools = schoolsTree(schoolTarget, schoolCount, rng);
  const { orgs, people: peopleTotal } = layout([council, ...contractorRoots, schools]);
  if (peopleTotal !== peopleTarget)
    throw new Error(`Organisation tree holds ${peopleTotal} people, not ${peopleTarget}`);
  for (const batch of chunks(0, orgs.length - 1, 400)) {
    const values = orgs
      .slice(batch[0], batch[1] + 1)
      .map(
        (o) =>
          `(${o.id}, ${o.parentId ?? "null"}, ${lit(o.kind)}::organisation_kind, ${lit(o.sector)}::sector, ${lit(o.path!)}, ${o.depth}, ${lit(o.name)}, ${lit(o.ref)}, ` +
          `${o.school ? o.school.urn : "null"}, ${o.school ? lit(o.school.phase) : "null"}, ${o.school ? lit(o.school.type) : "null"}, ${o.school ? lit(o.school.status) : "null"})`,
      );
    await exec(
      db,
      `insert into organisations (id, parent_id, kind, sector, path, depth, name, external_ref, urn, school_phase, school_type, school_status)
      overriding system value values ${values.join(",\n")}`,
    );
  }
  await resetIdentity(db, "organisations");
  const orgIdByRef = new Map(orgs.map((o) => [o.ref, o.id!]));
  progress("organisations", orgs.length);

  await insertDefaultRequirements(db, orgIdByRef, courseId);
  progress("requirements", REQUIREMENTS.length);

  // 3. People, one statement per sector, from a table of the units that hold them.
  await exec(db, "drop table if exists bench.units");
  await exec(
    db,
    `create table bench.units (
    org_id int primary key, sector text not null, lo int not null, hi int not null, head_title text,
    head_manager_id int, staff_manager_id int, frontline_share float8 not null,
    frontline_titles text[] not null, office_titles text[] not null, dsl_titles text[] not null, deputy_titles text[] not null)`,
  );
  const unitRows = orgs.filter((o) => o.lastPerson! >= o.firstPerson!);
  for (const batch of chunks(0, unitRows.length - 1, 300)) {
    const values = unitRows
      .slice(batch[0], batch[1] + 1)
      .map(
        (o) =>
          `(${o.id}, ${lit(o.sector)}, ${o.firstPerson}, ${o.lastPerson}, ${o.headTitle ? lit(o.headTitle) : "null"}, ${o.headManagerId ?? "null"}, ${o.staffManagerId ?? "null"}, ` +
          `${o.frontlineShare}, ${textArray(o.frontlineTitles.length ? o.frontlineTitles : ["Officer"])}, ${textArray(o.officeTitles.length ? o.officeTitles : ["Administrator"])}, ` +
          `${textArray(o.dslTitles)}, ${textArray(o.deputyTitles)})`,
      );
    await exec(db, `insert into bench.units values ${values.join(",\n")}`);
  }
  const given = textArray(GIVEN_NAMES);
  const family = textArray(FAMILY_NAMES);
  const governors = textArray(GOVERNOR_TITLES);
  const role = `case
      when u.head_title is not null and n = u.lo then 'head'
      when u.sector = 'school' and n - u.lo = 1 then 'dsl'
      when u.sector = 'school' and (n - u.lo = 2 or (n - u.lo = 3 and u.hi - u.lo >= 11)) then 'deputy'
      when u.sector = 'school' and n > u.hi - greatest(1, (u.hi - u.lo + 1) / 10) then 'governor'
      when u.sector = 'school' then 'staff'
      when ${R.float("n", 3)} < u.frontline_share then 'frontline'
      else 'office' end`;
  let peopleDone = 0;
  for (const sector of ["council", "contractor", "school"] as const) {
    await exec(
      db,
      `insert into people (id, organisation_id, line_manager_id, given_name, family_name, email, job_title,
        profile_tags, employment_type, start_date, leaving_date, external_ref)
      overriding system value
      select x.n, x.org_id, case when x.role = 'head' then x.head_manager_id else x.staff_manager_id end,
        x.given, x.family,
        lower(regexp_replace(x.given || '.' || x.family, '[^A-Za-z.]', '', 'g')) || '.' || x.n || '@bench.example',
        case x.role
          when 'head' then x.head_title
          when 'dsl' then ${R.pick("x.n", 4, "x.dsl_titles")}
          when 'deputy' then ${R.pick("x.n", 4, "x.deputy_titles")}
          when 'governor' then ${R.pick("x.n", 4, governors)}
          when 'office' then ${R.pick("x.n", 4, "x.office_titles")}
          else ${R.pick("x.n", 4, "x.frontline_titles")} end,
        case x.role
          when 'head' then case when x.sector = 'school' then '{manager,school_staff}'::text[] else '{manager}'::text[] end
          when 'dsl' then '{dsl,school_staff}'::text[]
          when 'deputy' then '{deputy_dsl,school_staff}'::text[]
          when 'governor' then '{governor}'::text[]
          when 'staff' then '{school_staff}'::text[]
          when 'frontline' then '{frontline}'::text[]
          else '{}'::text[] end,
        (case
          when x.sector = 'contractor' then 'contractor'
          when x.role = 'governor' then 'volunteer'
          when x.role = 'head' then 'permanent'
          when x.r_emp < 0.85 then 'permanent'
          when x.r_emp < 0.93 or x.sector = 'school' then 'fixed_term'
          else 'agency' end)::employment_type,
        x.start_date,
        case when x.role <> 'head' and ${R.float("x.n", 20)} < 0.12
          then ${asOfDate} - floor(${R.float("x.n", 21)} * least(2920, ${asOfDate} - x.start_date))::int end,
        'BENCH-' || x.n
      from (
        select n, u.org_id, u.sector, u.head_title, u.head_manager_id, u.staff_manager_id,
          u.frontline_titles, u.office_titles, u.dsl_titles, u.deputy_titles,
          ${role} as role,
          ${R.pick("n", 1, given)} as given, ${R.pick("n", 2, family)} as family,
          ${R.float("n", 5)} as r_emp,
          ${asOfDate} - floor(power(${R.float("n", 6)}, 1.4) * 7300)::int as start_date
        from bench.units u cross join lateral generate_series(u.lo, u.hi) n
        where u.sector = ${lit(sector)}
      ) x`,
    );
    peopleDone = await count(db, "people");
    progress("people", peopleDone, peopleTotal);
  }
  await resetIdentity(db, "people");
  const councilRange = { first: 1, last: lastPerson(council) };
  const contractorRange = { first: councilRange.last + 1, last: lastPerson(contractorRoots.at(-1)!) };
  const schoolRange = { first: contractorRange.last + 1, last: peopleTotal };

  // 4. Sessions: ten years back to six months ahead, weekdays, mornings or afternoons.
  const sessionCourses = weightedIds([
    [courseId(COURSE_CODES.preventWorkshop), 30],
    [courseId(COURSE_CODES.preventSchools), 20],
    [courseId(COURSE_CODES.safeguardingChildren2), 15],
    [courseId(COURSE_CODES.safeguardingAdults2), 12],
    [courseId(COURSE_CODES.safeguardingChildren3), 8],
    [courseId(COURSE_CODES.dslTraining), 7],
    [courseId(COURSE_CODES.dslUpdate), 5],
    [courseId(COURSE_CODES.saferRecruitment), 3],
  ]);
  const venues = textArray([...VENUES.townHall, ...VENUES.civicCentre, ...VENUES.other]);
  const trainers: number[] = [];
  while (trainers.length < 40) {
    const id = rng.int(councilRange.first + 1, councilRange.last);
    if (!trainers.includes(id)) trainers.push(id);
  }
  const daysBack = 3650;
  const daysSpan = daysBack + 182;
  for (const [a, b] of chunks(1, sessionTarget, 5000)) {
    await exec(
      db,
      `insert into course_sessions (id, course_id, starts_at, ends_at, venue, joining_link, capacity,
        trainer_person_id, booking_closes_at, status, cancelled_at, cancel_reason, calendar_sequence, created_at, updated_at)
      overriding system value
      select x.n, c.id, x.starts_at, x.starts_at + make_interval(mins => c.duration_minutes),
        case when c.delivery_mode = 'live_online' then null else ${R.pick("x.n", 12, venues)} end,
        case when c.delivery_mode = 'live_online' then 'https://meet.example/bench/' || x.n end,
        case when c.delivery_mode = 'live_online' then 30 + ${R.below("x.n", 13, 31)} else 12 + ${R.below("x.n", 13, 19)} end,
        (${intArray(trainers)})[1 + ${R.below("x.n", 14, trainers.length)}],
        x.starts_at - interval '3 days',
        x.status::session_status,
        case when x.status = 'cancelled' then x.starts_at - interval '10 days' end,
        case when x.status = 'cancelled' then 'Trainer unavailable' end,
        case when x.status = 'cancelled' then 1 else 0 end,
        x.starts_at - interval '90 days', x.starts_at - interval '90 days'
      from (
        select n, course_id, starts_at,
          case when starts_at < ${asOfInstant}
            then case when ${R.float("n", 15)} < 0.03 then 'cancelled' else 'delivered' end
            else case when ${R.float("n", 15)} < 0.02 then 'cancelled' else 'scheduled' end end as status
        from (
          select n, (${intArray(sessionCourses)})[1 + ${R.below("n", 10, sessionCourses.length)}] as course_id,
            ((d + case extract(isodow from d) when 6 then 2 when 7 then 1 else 0 end)
              + case when ${R.float("n", 11)} < 0.5 then time '09:30' else time '13:30' end) at time zone 'Europe/London' as starts_at
          from generate_series(${a}, ${b}) n
          cross join lateral (select ${asOfDate} - ${daysBack} + floor((n - 1)::float8 * ${daysSpan} / ${sessionTarget})::int as d) dd
        ) y
      ) x
      join courses c on c.id = x.course_id`,
    );
    progress("sessions", b, sessionTarget);
  }
  await resetIdentity(db, "course_sessions");

  // 5. Bookings: a full-ish room for past sessions, a filling one for future ones, people from
  //    the course's sector who were on the books that day. Id = session id * 64 + place.
  await exec(db, "drop table if exists bench.course_pool");
  await exec(db, "create table bench.course_pool (course_id int primary key, lo int not null, size int not null)");
  const pools: Array<[string, { first: number; last: number }]> = [
    [COURSE_CODES.preventWorkshop, { first: councilRange.first, last: contractorRange.last }],
    [COURSE_CODES.preventSchools, schoolRange],
    [COURSE_CODES.dslTraining, schoolRange],
    [COURSE_CODES.dslUpdate, schoolRange],
    [COURSE_CODES.safeguardingChildren2, councilRange],
    [COURSE_CODES.safeguardingChildren3, councilRange],
    [COURSE_CODES.safeguardingAdults2, councilRange],
    [COURSE_CODES.saferRecruitment, councilRange],
  ];
  await exec(
    db,
    `insert into bench.course_pool values ${pools
      .map(([code, r]) => `(${courseId(code)}, ${r.first}, ${r.last - r.first + 1})`)
      .join(", ")}`,
  );
  const sessionDay = "(s.starts_at at time zone 'Europe/London')::date";
  for (const [a, b] of chunks(1, sessionTarget, 2500)) {
    await exec(
      db,
      `insert into bookings (id, session_id, person_id, status, manager_agreed, waitlisted_at, cancelled_at,
        cancel_reason, late_cancellation, attendance_marked_at, calendar_sequence, created_at, updated_at)
      overriding system value
      select x.id, x.session_id, x.person_id, x.status::booking_status, true,
        case when x.status = 'waitlisted' then x.created_at end,
        case when x.status = 'cancelled' then x.starts_at - make_interval(days => 1 + ${R.below("x.id", 44, 20)}) end,
        case when x.status = 'cancelled' then 'Cannot attend' end,
        x.status = 'cancelled' and ${R.float("x.id", 45)} < 0.15,
        case when x.status in ('attended', 'absent') then x.ends_at end,
        0, x.created_at, x.created_at
      from (
        select s.id * 64 + j as id, s.id as session_id, p.id as person_id, s.starts_at, s.ends_at,
          s.starts_at - make_interval(days => 4 + ${R.below("s.id * 64 + j", 46, 80)}) as created_at,
          case
            when s.status = 'cancelled' then 'cancelled'
            when s.status = 'delivered' then
              case when ${R.float("s.id * 64 + j", 43)} < 0.08 then 'cancelled'
                   when ${R.float("s.id * 64 + j", 43)} < 0.15 then 'absent' else 'attended' end
            when j > s.capacity then 'waitlisted'
            when ${R.float("s.id * 64 + j", 43)} < 0.05 then 'cancelled'
            else 'booked' end as status
        from course_sessions s
        join bench.course_pool cp on cp.course_id = s.course_id
        cross join lateral generate_series(1, case
          when s.status = 'cancelled' then floor(s.capacity * 0.5 * ${R.float("s.id", 40)})
          when s.status = 'delivered' then floor(s.capacity * (0.75 + 0.25 * ${R.float("s.id", 41)}))
          else least(60, floor(s.capacity * 1.3 * ${R.float("s.id", 42)})) end::int) j
        join people p on p.id = cp.lo + ((s.id::int8 * 7919 + j::int8 * 104729) % cp.size)
        where s.id between ${a} and ${b}
          and p.start_date <= ${sessionDay} and (p.leaving_date is null or p.leaving_date > ${sessionDay})
      ) x`,
    );
    progress("bookings", await count(db, "bookings"), undefined);
  }
  await resetIdentity(db, "bookings");

  // 6. Completions. First those earned by attending a delivered session, then the rest (e-learning,
  //    uploaded evidence, imported history) up to the target, skewed so that some people hold
  //    many and some few.
  const sessionsTotal = await count(db, "course_sessions");
  for (const [a, b] of chunks(1, sessionsTotal, 5000)) {
    const offset =
      (await queryOne<{ n: number }>(db, sql`select coalesce(max(id), 0)::int as n from completions`))?.n ?? 0;
    await exec(
      db,
      `insert into completions (id, person_id, course_id, completed_on, expires_on, source, session_id, booking_id,
        recorded_at, certificate_code)
      overriding system value
      select x.id, x.person_id, x.course_id, x.day,
        case when x.validity_months is null then null else (x.day + make_interval(months => x.validity_months))::date end,
        'attendance', x.session_id, x.booking_id, x.ends_at + interval '1 day', ${R.certificateCode("x.id")}
      from (
        select ${offset} + row_number() over (order by b.id) as id, b.person_id, s.course_id, c.validity_months,
          ${sessionDay} as day, s.id as session_id, b.id as booking_id, s.ends_at
        from bookings b
        join course_sessions s on s.id = b.session_id
        join courses c on c.id = s.course_id
        where b.status = 'attended' and s.status = 'delivered' and c.issues_certificate and s.id between ${a} and ${b}
      ) x`,
    );
    progress("completions (attendance)", await count(db, "completions"), undefined);
  }
  const attended = await count(db, "completions");
  const remaining = Math.max(0, completionTarget - attended);
  const council100 = weightedIds([
    [courseId(COURSE_CODES.preventAwareness), 18],
    [courseId(COURSE_CODES.preventWorkshop), 6],
    [courseId(COURSE_CODES.wrap), 8],
    [courseId(COURSE_CODES.preventReferrals), 6],
    [courseId(COURSE_CODES.channelAwareness), 3],
    [courseId(COURSE_CODES.safeguardingChildren1), 20],
    [courseId(COURSE_CODES.safeguardingAdults1), 20],
    [courseId(COURSE_CODES.safeguardingChildren2), 6],
    [courseId(COURSE_CODES.safeguardingAdults2), 6],
    [courseId(COURSE_CODES.safeguardingChildren3), 3],
    [courseId(COURSE_CODES.saferRecruitment), 4],
  ]);
  const contractor100 = weightedIds([
    [courseId(COURSE_CODES.preventAwareness), 38],
    [courseId(COURSE_CODES.preventWorkshop), 5],
    [courseId(COURSE_CODES.wrap), 7],
    [courseId(COURSE_CODES.safeguardingChildren1), 25],
    [courseId(COURSE_CODES.safeguardingAdults1), 25],
  ]);
  const school100 = weightedIds([
    [courseId(COURSE_CODES.safeguardingChildren1), 40],
    [courseId(COURSE_CODES.preventAwareness), 18],
    [courseId(COURSE_CODES.preventSchools), 20],
    [courseId(COURSE_CODES.wrap), 7],
    [courseId(COURSE_CODES.safeguardingChildren2), 10],
    [courseId(COURSE_CODES.saferRecruitment), 5],
  ]);
  const dsl100 = weightedIds([
    [courseId(COURSE_CODES.dslTraining), 25],
    [courseId(COURSE_CODES.dslUpdate), 35],
    [courseId(COURSE_CODES.safeguardingChildren3), 10],
    [courseId(COURSE_CODES.preventAwareness), 10],
    [courseId(COURSE_CODES.preventSchools), 10],
    [courseId(COURSE_CODES.preventReferrals), 10],
  ]);
  const wrapId = courseId(COURSE_CODES.wrap);
  const awarenessId = courseId(COURSE_CODES.preventAwareness);
  let multiplier = 7919;
  while (gcd(multiplier, peopleTotal) !== 1) multiplier += 2;
  for (const [a, b] of chunks(1, remaining, 100_000)) {
    await exec(
      db,
      `insert into completions (id, person_id, course_id, completed_on, expires_on, source, evidence_note,
        recorded_at, certificate_code, revoked_at, revoke_reason)
      overriding system value
      select x.id, x.person_id, c.id, x.day,
        case when c.validity_months is null then null else (x.day + make_interval(months => c.validity_months))::date end,
        (case c.delivery_mode when 'external_elearning' then 'external_evidence' when 'hosted_elearning' then 'hosted_elearning'
          else 'import' end)::completion_source,
        case when c.delivery_mode = 'external_elearning' then 'Home Office certificate uploaded' end,
        x.day + time '10:00' + interval '1 day',
        ${R.certificateCode("x.id")},
        case when ${R.float("x.id", 56)} < 0.002 then x.day + time '10:00' + interval '3 days' end,
        case when ${R.float("x.id", 56)} < 0.002 then 'Recorded against the wrong person' end
      from (
        select y.id, y.person_id, y.day,
          case when y.picked = ${wrapId} and y.day > ${asOfDate} - 2190 then ${awarenessId} else y.picked end as course_id
        from (
          select ${attended} + n as id, p.id as person_id, w.lo + ${R.below("n", 52, "w.hi - w.lo + 1")} as day,
            case
              when p.profile_tags && '{dsl,deputy_dsl}'::text[] then (${intArray(dsl100)})[1 + ${R.below("n", 53, dsl100.length)}]
              when p.id <= ${councilRange.last} then (${intArray(council100)})[1 + ${R.below("n", 53, council100.length)}]
              when p.id <= ${contractorRange.last} then (${intArray(contractor100)})[1 + ${R.below("n", 53, contractor100.length)}]
              else (${intArray(school100)})[1 + ${R.below("n", 53, school100.length)}] end as picked
          from generate_series(${a}, ${b}) n
          -- Activity falls linearly from 1.8 to 0.2 times the mean across a shuffled list of people:
          -- x = F⁻¹(r) for the density 1.8 − 1.6x.
          join people p on p.id = 1 + (least(${peopleTotal - 1}, floor((1.8 - sqrt(3.24 - 3.2 * ${R.float("n", 50)})) / 1.6 * ${peopleTotal}))::int8
            * ${multiplier} + ${rng.int(0, peopleTotal - 1)}) % ${peopleTotal}
          cross join lateral (
            select greatest(p.start_date, ${asOfDate} - ${daysBack}) as lo,
                   least(coalesce(p.leaving_date, ${asOfDate}), ${asOfDate}) as hi
          ) w
        ) y
      ) x
      join courses c on c.id = x.course_id`,
    );
    progress("completions", attended + b, attended + remaining);
  }
  await resetIdentity(db, "completions");

  // 7. Accounts for the measurements (they cannot sign in: the hash is not a hash).
  const directorateId = orgIdByRef.get("LBN-CF")!;
  const cf = orgs.find((o) => o.id === directorateId)!;
  const learner = await queryOne<{ id: number; n: number }>(
    db,
    sql.raw(`select c.person_id as id, count(*)::int as n from completions c join people p on p.id = c.person_id
      where p.id between ${councilRange.first} and ${councilRange.last} and p.leaving_date is null and 'frontline' = any(p.profile_tags)
        and exists (select 1 from bookings b where b.person_id = p.id)
      group by c.person_id order by count(*) desc, c.person_id limit 1`),
  );
  if (!learner) throw new Error("No learner with completions in the data set");
  const accountRows = [
    { id: "bench-coordinator", personId: null, email: "coordinator@bench.example", displayName: "Bench Coordinator" },
    { id: "bench-manager", personId: cf.headId!, email: "manager@bench.example", displayName: "Bench Director" },
    {
      id: "bench-education-officer",
      personId: null,
      email: "education.officer@bench.example",
      displayName: "Bench Education Officer",
    },
    { id: "bench-learner", personId: learner.id, email: "learner@bench.example", displayName: "Bench Learner" },
  ];
  await db.insert(accounts).values(accountRows.map((a) => ({ ...a, passwordHash: "!bench-no-sign-in" })));
  await db.insert(roleGrants).values([
    { accountId: "bench-coordinator", role: "coordinator" },
    { accountId: "bench-manager", role: "manager", organisationId: directorateId },
    { accountId: "bench-education-officer", role: "education_officer" },
  ]);

  // The data set is what it says it is.
  const completionsMade = await count(db, "completions");
  if (completionsMade !== Math.max(completionTarget, attended)) {
    throw new Error(`${completionsMade} completions made, not ${completionTarget}`);
  }
  const badCodes = await count(db, "completions", `certificate_code !~ '${CERTIFICATE_CODE_PATTERN.source}'`);
  if (badCodes > 0) throw new Error(`${badCodes} certificate codes do not look like certificate codes`);
  const schoolsWithoutDsl = await count(
    db,
    "organisations s",
    `s.kind = 'school' and not exists (
    select 1 from people p where p.organisation_id = s.id and 'dsl' = any(p.profile_tags))`,
  );
  if (schoolsWithoutDsl > 0) throw new Error(`${schoolsWithoutDsl} schools have no designated safeguarding lead`);

  progress("vacuum analyze", 0);
  await exec(db, "vacuum analyze");

  const sizes: DatasetSizes = {
    organisations: await count(db, "organisations"),
    people: await count(db, "people"),
    councilPeople: councilRange.last - councilRange.first + 1,
    contractorPeople: contractorRange.last - contractorRange.first + 1,
    schoolPeople: schoolRange.last - schoolRange.first + 1,
    schools: await count(db, "organisations", "kind = 'school'"),
    courses: await count(db, "courses"),
    requirements: await count(db, "requirements"),
    sessions: await count(db, "course_sessions"),
    bookings: await count(db, "bookings"),
    completions: await count(db, "completions"),
    fingerprint: await fingerprint(db),
  };
  const fixtures: DatasetFixtures = {
    directorateId,
    directoratePeople: totalPeople(cf),
    learnerPersonId: learner.id,
    learnerCompletions: learner.n,
    coordinatorAccountId: "bench-coordinator",
    managerAccountId: "bench-manager",
    educationOfficerAccountId: "bench-education-officer",
    learnerAccountId: "bench-learner",
    workshopCourseId: courseId(COURSE_CODES.preventWorkshop),
    councilPeople: councilRange,
  };
  const info: DatasetInfo = {
    ...options,
    version: DATASET_VERSION,
    builtAt: new Date().toISOString(),
    buildSeconds: (performance.now() - started) / 1000,
    sizes,
    fixtures,
  };
  await db.execute(sql`update bench.dataset set info = ${JSON.stringify(info)}::jsonb, complete = true where id = 1`);
  return info;
}

/** The data set's fingerprint (DatasetSizes.fingerprint) as the tables hold it now. */
export async function fingerprint(db: Database): Promise<string> {
  const part = async (table: string, columns: string) =>
    (
      await queryOne<{ h: string }>(
        db,
        sql.raw(`select coalesce(sum(hashtext(concat_ws(',', ${columns}))), 0)::text as h from ${table}`),
      )
    )?.h ?? "0";
  const parts = [
    await part(
      "people",
      "id, organisation_id, line_manager_id, given_name, family_name, job_title, profile_tags::text, employment_type, start_date, leaving_date",
    ),
    await part("course_sessions", "id, course_id, starts_at at time zone 'UTC', capacity, trainer_person_id, status"),
    await part("bookings", "id, session_id, person_id, status"),
    await part(
      "completions",
      "id, person_id, course_id, completed_on, expires_on, source, certificate_code, revoked_at is null",
    ),
  ];
  return parts.map((h) => (BigInt(h) & 0xffffffffffffn).toString(16).padStart(12, "0")).join("-");
}

function lastPerson(n: OrgNode): number {
  return n.children.length ? lastPerson(n.children.at(-1)!) : n.lastPerson!;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Rows of a small query, for the run's summary of who is in the data set. */
export async function sectorCounts(db: Database): Promise<Array<{ sector: string; people: number }>> {
  return queryRows(
    db,
    sql`select o.sector::text as sector, count(*)::int as people
    from people p join organisations o on o.id = p.organisation_id group by o.sector order by o.sector`,
  );
}
