import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryRows } from "../../app/db/database";
import { HEADLINE_KPIS } from "../../app/domain/kpis/dashboard-data";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import { listQuarterSnapshots } from "../../app/domain/kpis/freeze-quarter";
import { parseQuarter } from "../../app/domain/kpis/quarters";
import { action as kpiTargetAction } from "../../app/routes/admin.kpis.$key";
import { loader as kpisLoader } from "../../app/routes/admin.kpis._index";
import OrganisationPage, {
  loader as organisationLoader,
} from "../../app/routes/dashboard.organisations.$organisationId";
import { loader as dashboardLoader } from "../../app/routes/dashboard._index/route";
import { action as refreezeAction, loader as reportLoader } from "../../app/routes/reports.quarterly._index/route";
import { loader as reportCsvLoader } from "../../app/routes/reports.quarterly[.]csv";
import { loader as reportPdfLoader } from "../../app/routes/reports.quarterly[.]pdf";
import { action as declareAction } from "../../app/routes/schools.$schoolId.declare";
import { loader as schoolLoader } from "../../app/routes/schools.$schoolId._index";
import { loader as schoolsLoader } from "../../app/routes/schools._index/route";
import { loader as schoolsCsvLoader } from "../../app/routes/schools[.]csv";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";
import { type CoverageCouncil, buildCoverageCouncil } from "./coverage-fixtures";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});

let t: TestDatabase;
let f: CoverageCouncil;
const accounts = {} as Record<"learner" | "manager" | "educationOfficer" | "coordinator", string>;
const ON_QUERY = "on-day=30&on-month=6&on-year=2026";

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  f = await buildCoverageCouncil(t.db);
  // What the service does at start-up (prepareKpis); the loaders no longer do it.
  await ensureKpiDefinitions(t.db);
  const office = await make.organisation(t.db, { kind: "service", name: "Prevent team", parentId: f.council.id });
  const staff = async () => make.person(t.db, { organisationId: office.id });
  accounts.learner = (await make.account(t.db, { personId: f.p.a1.id })).id;
  accounts.manager = (
    await make.account(t.db, { personId: (await staff()).id, roles: ["manager"], managesOrganisationId: f.a1s.id })
  ).id;
  accounts.educationOfficer = (
    await make.account(t.db, { personId: (await staff()).id, roles: ["education_officer"] })
  ).id;
  accounts.coordinator = (await make.account(t.db, { personId: (await staff()).id, roles: ["coordinator"] })).id;
});
afterAll(() => t?.close());

const get = async (who: keyof typeof accounts, path: string) => signedInRequest(t.db, accounts[who], path);
type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: Record<string, never>;
}) => Promise<unknown>;
const run = async (loader: Loader, request: Request, params: Record<string, string> = {}) =>
  call(() => loader({ request, params, context: {} }));
const statusOf = (result: unknown) => (result instanceof Response ? result.status : 200);

describe("the dashboard", () => {
  it("is refused to a learner and to the education officer", async () => {
    expect(statusOf(await run(dashboardLoader, await get("learner", "/dashboard")))).toBe(403);
    expect(statusOf(await run(dashboardLoader, await get("educationOfficer", "/dashboard")))).toBe(403);
  });

  it("shows the coordinator everyone, on the date asked for", async () => {
    const result = (await run(dashboardLoader, await get("coordinator", `/dashboard?${ON_QUERY}`))) as Awaited<
      ReturnType<typeof dashboardLoader>
    >;
    expect(result.everyone).toBe(true);
    expect(result.data.onDate).toBe("2026-06-30");
    expect(result.data.headlines.find((h) => h.key === "council_frontline")!.figure).toEqual({
      applicable: 6,
      current: 3,
      percent: 50,
    });
  });

  it("limits a manager to their scope", async () => {
    const result = (await run(dashboardLoader, await get("manager", `/dashboard?${ON_QUERY}`))) as Awaited<
      ReturnType<typeof dashboardLoader>
    >;
    expect(result.everyone).toBe(false);
    expect(result.data.headlines.find((h) => h.key === "council_frontline")!.figure).toEqual({
      applicable: 3,
      current: 2,
      percent: 66.7,
    });
    expect(result.data.headlines.find((h) => h.key === "school_prevent")!.figure.applicable).toBe(0);
    expect(result.data.byDirectorate.map((d) => d.name)).toEqual(["Directorate A"]);
  });

  it("says when the date is not a real one, and shows today", async () => {
    const result = (await run(
      dashboardLoader,
      await get("coordinator", "/dashboard?on-day=31&on-month=2&on-year=2026"),
    )) as Awaited<ReturnType<typeof dashboardLoader>>;
    expect(result.errors).toEqual({ on: "Enter a real date, like 31 3 2026" });
    expect(result.data.onDate).toBe(result.today);
    expect(result.values).toEqual({ day: "31", month: "2", year: "2026" });
  });

  it("drills down within the scope and hides organisations outside it", async () => {
    const params = (id: number) => ({ organisationId: String(id) });
    const inScope = (await run(
      organisationLoader,
      await get("manager", `/dashboard/organisations/${f.dirA.id}?date=2026-06-30`),
      params(f.dirA.id),
    )) as Awaited<ReturnType<typeof organisationLoader>>;
    expect(inScope.coverage.children.map((c) => [c.name, c.frontline.current, c.frontline.applicable])).toEqual([
      ["Service A1", 2, 3],
    ]);
    const outside = await run(
      organisationLoader,
      await get("manager", `/dashboard/organisations/${f.dirB.id}`),
      params(f.dirB.id),
    );
    expect(statusOf(outside)).toBe(404);
    expect(
      statusOf(
        await run(
          organisationLoader,
          await get("coordinator", `/dashboard/organisations/${f.dirB.id}`),
          params(f.dirB.id),
        ),
      ),
    ).toBe(200);
  });
});

describe("the dashboard's lists asked for a page past their end", () => {
  it("an organisation's people show the last page (for a page too large to be a number too)", async () => {
    const load = async (query: string) =>
      (await run(
        organisationLoader,
        await get("coordinator", `/dashboard/organisations/${f.a1s.id}?date=2026-06-30${query}`),
        { organisationId: String(f.a1s.id) },
      )) as Awaited<ReturnType<typeof organisationLoader>>;
    const first = await load("");
    expect(first.coverage.people.rows.length).toBeGreaterThan(0);
    for (const page of ["40", "2147483648"]) {
      const past = await load(`&page=${page}`);
      expect([past.coverage.people.page, past.coverage.people.rows]).toEqual([1, first.coverage.people.rows]);
      expect(pageText(renderPage(OrganisationPage, past))).toContain(first.coverage.people.rows[0]!.name);
    }
  });

  it("the expiring list shows its last page", async () => {
    const load = async (query: string) =>
      (await run(dashboardLoader, await get("coordinator", `/dashboard?${ON_QUERY}${query}`))) as Awaited<
        ReturnType<typeof dashboardLoader>
      >;
    const first = await load("");
    const last = Math.max(1, Math.ceil(first.data.expiring.total / first.data.expiring.pageSize));
    const lastPage = await load(`&page=${last}`);
    for (const page of ["40", "2147483648"]) {
      const past = await load(`&page=${page}`);
      expect([past.data.expiring.page, past.data.expiring.rows]).toEqual([last, lastPage.data.expiring.rows]);
    }
  });
});

describe("an organisation's figures say whose they are", () => {
  it("everyone's for the coordinator; the people they manage for a manager, whose figures count only those", async () => {
    const page = async (who: "coordinator" | "manager") =>
      pageText(
        renderPage(
          OrganisationPage,
          await run(organisationLoader, await get(who, `/dashboard/organisations/${f.dirA.id}?date=2026-06-30`), {
            organisationId: String(f.dirA.id),
          }),
        ),
      );
    const coordinator = await page("coordinator");
    expect(coordinator).toContain("Figures include everyone in Directorate A and the teams within it.");
    const manager = await page("manager");
    expect(manager).toContain("Figures include the people you manage in Directorate A and the teams within it.");
    expect(manager).not.toContain("Figures include everyone");
  });
});

describe("the schools pages", () => {
  it("are refused to a learner and a manager", async () => {
    expect(statusOf(await run(schoolsLoader, await get("learner", "/schools")))).toBe(403);
    expect(statusOf(await run(schoolsLoader, await get("manager", "/schools")))).toBe(403);
    expect(statusOf(await run(schoolsCsvLoader, await get("learner", "/schools.csv")))).toBe(403);
  });

  it("show the education officer every open school, filtered", async () => {
    const all = (await run(schoolsLoader, await get("educationOfficer", "/schools"))) as Awaited<
      ReturnType<typeof schoolsLoader>
    >;
    expect(all.coverage.rows.map((r) => r.name)).toEqual(["W Nursery", "X Primary", "Y Secondary", "Z Primary"]);
    expect(all.canDeclare).toBe(true);
    const primary = (await run(
      schoolsLoader,
      await get("educationOfficer", "/schools?phase=Primary&status=nonsense"),
    )) as Awaited<ReturnType<typeof schoolsLoader>>;
    expect(primary.coverage.rows.map((r) => r.name)).toEqual(["X Primary", "Z Primary"]);
    expect(primary.search).toBe("phase=Primary");
  });

  it("export the table as CSV with the same filters, declared figures apart", async () => {
    const response = (await run(
      schoolsCsvLoader,
      await get("educationOfficer", "/schools.csv?type=Academy+converter"),
    )) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /attachment; filename="schools-prevent-coverage-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(lines[0]).toMatch(/^School,URN,Phase,Type,/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["Y Secondary", "Z Primary"]);
    expect(lines.find((l) => l.startsWith("Z Primary"))).toContain("2026-05-01,20,5,25,Declared");
  });

  it("show one school, and 404 for anything that is not a school", async () => {
    const school = (await run(schoolLoader, await get("educationOfficer", `/schools/${f.school.x.id}`), {
      schoolId: String(f.school.x.id),
    })) as Awaited<ReturnType<typeof schoolLoader>>;
    expect(school.detail.staff.map((s) => s.name)[0]).toBe("Xena Lead");
    expect(
      statusOf(
        await run(schoolLoader, await get("educationOfficer", `/schools/${f.dirA.id}`), {
          schoolId: String(f.dirA.id),
        }),
      ),
    ).toBe(404);
  });

  it("take a declared headcount, keeping the input when it is wrong", async () => {
    const path = `/schools/${f.school.w.id}/declare`;
    const params = { schoolId: String(f.school.w.id) };
    const signedOut = await call(() =>
      declareAction({ request: new Request(`http://localhost:3000${path}`, { method: "POST" }), params, context: {} }),
    );
    expect((signedOut as Response).headers.get("Location")).toMatch(/^\/sign-in/);
    const refused = await call(async () =>
      declareAction({
        request: await signedInRequest(t.db, accounts.manager, path, {
          form: { headcount: "5", declaredTrained: "1" },
        }),
        params,
        context: {},
      }),
    );
    expect(statusOf(refused)).toBe(403);
    const tooMany = await call(async () =>
      declareAction({
        request: await signedInRequest(t.db, accounts.educationOfficer, path, {
          form: { headcount: "5", declaredTrained: "7", note: "" },
        }),
        params,
        context: {},
      }),
    );
    expect(tooMany).toHaveProperty("init.status", 400);
    expect(
      (tooMany as unknown as { data: { errors: Record<string, string>; values: Record<string, string> } }).data,
    ).toEqual({
      errors: { declaredTrained: "The number trained cannot be more than the headcount" },
      values: { headcount: "5", declaredTrained: "7", note: "" },
    });
    const notNumber = await call(async () =>
      declareAction({
        request: await signedInRequest(t.db, accounts.educationOfficer, path, {
          form: { headcount: "lots", declaredTrained: "" },
        }),
        params,
        context: {},
      }),
    );
    expect((notNumber as unknown as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      headcount: "Enter the headcount as a whole number, like 24",
      declaredTrained: "Enter the number of staff trained",
    });
    const done = await call(async () =>
      declareAction({
        request: await signedInRequest(t.db, accounts.educationOfficer, path, {
          form: { headcount: "12", declaredTrained: "4" },
        }),
        params,
        context: {},
      }),
    );
    expect(statusOf(done)).toBe(302);
    expect((done as Response).headers.get("Location")).toBe(`/schools/${f.school.w.id}?declared=1`);
    const audit = await queryRows<{ actor: string }>(
      t.db,
      sql`select actor_account_id as actor from audit_events where action = 'school_declaration.create'`,
    );
    expect(audit).toEqual([{ actor: accounts.educationOfficer }]);
  });
});

describe("KPI definitions and targets", () => {
  it("are listed for the coordinator only", async () => {
    const list = (await run(kpisLoader, await get("coordinator", "/admin/kpis"))) as Awaited<
      ReturnType<typeof kpisLoader>
    >;
    expect(list.definitions).toHaveLength(11);
    expect(list.canManage).toBe(true);
    expect(statusOf(await run(kpisLoader, await get("educationOfficer", "/admin/kpis")))).toBe(403);
  });

  it("change a target, audited, and refuse a bad one", async () => {
    const params = { key: "attendance_rate" };
    const post = async (who: keyof typeof accounts, target: string) =>
      call(async () =>
        kpiTargetAction({
          request: await signedInRequest(t.db, accounts[who], "/admin/kpis/attendance_rate", { form: { target } }),
          params,
          context: {},
        }),
      );
    expect(statusOf(await post("educationOfficer", "80"))).toBe(403);
    const bad = await post("coordinator", "ninety");
    expect(bad).toHaveProperty("init.status", 400);
    const tooHigh = await post("coordinator", "150");
    expect((tooHigh as unknown as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      target: "Enter a percentage from 0 to 100",
    });
    const ok = await post("coordinator", "85");
    expect((ok as Response).headers.get("Location")).toBe("/admin/kpis?updated=attendance_rate");
    const list = (await run(kpisLoader, await get("coordinator", "/admin/kpis?updated=attendance_rate"))) as Awaited<
      ReturnType<typeof kpisLoader>
    >;
    expect(list.definitions.find((d) => d.key === "attendance_rate")!.target).toBe(85);
    expect(list.updated).toBe("Attendance rate");
  });
});

describe("the quarterly report", () => {
  it("is for the coordinator, and a quarter not yet started is not found", async () => {
    expect(statusOf(await run(reportLoader, await get("educationOfficer", "/reports/quarterly")))).toBe(403);
    expect(statusOf(await run(reportPdfLoader, await get("manager", "/reports/quarterly.pdf")))).toBe(403);
    expect(statusOf(await run(reportLoader, await get("coordinator", "/reports/quarterly?quarter=2030-Q1")))).toBe(404);
    expect(statusOf(await run(reportLoader, await get("coordinator", "/reports/quarterly?quarter=junk")))).toBe(404);
  });

  it("reads an ended quarter without writing anything: no snapshot, no audit event in the viewer's name", async () => {
    const counts = async () =>
      (
        await queryRows<{ audit: number; snapshots: number; definitions: number }>(
          t.db,
          sql`select (select count(*)::int from audit_events) as audit, (select count(*)::int from kpi_snapshots) as snapshots,
                (select count(*)::int from kpi_definitions) as definitions`,
        )
      )[0];
    const before = await counts();
    const page = (await run(reportLoader, await get("coordinator", "/reports/quarterly?quarter=2026-Q1"))) as Awaited<
      ReturnType<typeof reportLoader>
    >;
    expect(page.report.state).toBe("unfrozen");
    expect(page.report.snapshots).toEqual([]);
    expect(page.report.rows.find((r) => r.key === "coverage_council_frontline")!.value).toEqual({
      value: 50,
      numerator: 3,
      denominator: 6,
    });
    expect([page.canFreeze, page.confirmFreeze, page.canRefreeze]).toEqual([true, false, false]);
    // Asking to freeze only shows the confirmation.
    const confirm = (await run(
      reportLoader,
      await get("coordinator", "/reports/quarterly?quarter=2026-Q1&freeze=confirm"),
    )) as Awaited<ReturnType<typeof reportLoader>>;
    expect(confirm.confirmFreeze).toBe(true);
    expect(await counts()).toEqual(before);
    expect(await listQuarterSnapshots(t.db, parseQuarter("2026-Q1")!)).toEqual([]);
    expect(await listQuarterSnapshots(t.db, parseQuarter("2025-Q4")!)).toEqual([]);
  });

  it("is frozen by the coordinator's confirmed POST, audited as theirs, then serves the same figures as a page, CSV and PDF", async () => {
    const post = async (form: Record<string, string>) =>
      call(async () =>
        refreezeAction({
          request: await signedInRequest(
            t.db,
            accounts.coordinator,
            "/reports/quarterly?quarter=2026-Q1&freeze=confirm",
            { form },
          ),
          params: {},
          context: {},
        }),
      );
    const done = await post({ quarter: "2026-Q1", intent: "freeze" });
    expect((done as Response).headers.get("Location")).toBe("/reports/quarterly?quarter=2026-Q1&frozen=1");
    const snapshots = await listQuarterSnapshots(t.db, parseQuarter("2026-Q1")!);
    expect(snapshots.map((s) => [s.takenBy, s.reason])).toEqual([[`Account ${accounts.coordinator}`, null]]);
    const audit = await queryRows<{ action: string; actor_account_id: string | null; entity_id: string }>(
      t.db,
      sql`select action, actor_account_id, entity_id::text from audit_events where entity_type = 'kpi_snapshot' order by id`,
    );
    expect(audit).toEqual([
      { action: "kpi_snapshot.freeze", actor_account_id: accounts.coordinator, entity_id: String(snapshots[0]!.id) },
    ]);
    // A second freeze changes nothing; a learner may not freeze.
    await post({ quarter: "2026-Q1", intent: "freeze" });
    expect(await listQuarterSnapshots(t.db, parseQuarter("2026-Q1")!)).toHaveLength(1);
    const refused = await call(async () =>
      refreezeAction({
        request: await signedInRequest(t.db, accounts.learner, "/reports/quarterly?quarter=2026-Q1", {
          form: { quarter: "2026-Q1", intent: "freeze" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(statusOf(refused)).toBe(403);

    const page = (await run(
      reportLoader,
      await get("coordinator", "/reports/quarterly?quarter=2026-Q1&frozen=1"),
    )) as Awaited<ReturnType<typeof reportLoader>>;
    expect(page.report.state).toBe("frozen");
    expect(page.report.label).toBe("Q1 2026 to 2027 (April to June 2026)");
    expect([page.canFreeze, page.canRefreeze, page.frozen]).toEqual([false, true, true]);

    const csv = (await run(
      reportCsvLoader,
      await get("coordinator", "/reports/quarterly.csv?quarter=2026-Q1"),
    )) as Response;
    const text = await csv.text();
    expect(text).toContain("Q1 2026 to 2027 (April to June 2026),Frozen,People trained,count,2");
    expect(text).toContain("Frontline council staff with current Prevent awareness,%,50,3,6");

    const pdf = (await run(
      reportPdfLoader,
      await get("coordinator", "/reports/quarterly.pdf?quarter=2026-Q1"),
    )) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toBe('attachment; filename="prevent-kpi-board-pack-2026-Q1.pdf"');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await listQuarterSnapshots(t.db, parseQuarter("2026-Q1")!)).toHaveLength(1);
  });

  it("re-freezes with a reason", async () => {
    const post = async (form: Record<string, string>) =>
      call(async () =>
        refreezeAction({
          request: await signedInRequest(t.db, accounts.coordinator, "/reports/quarterly?quarter=2026-Q1", { form }),
          params: {},
          context: {},
        }),
      );
    const missing = await post({ quarter: "2026-Q1", reason: " " });
    expect((missing as unknown as { data: { errors: Record<string, string> } }).data.errors).toEqual({
      reason: "Enter why the figures are being frozen again",
    });
    const done = await post({ quarter: "2026-Q1", reason: "Sessions were entered late" });
    expect((done as Response).headers.get("Location")).toBe("/reports/quarterly?quarter=2026-Q1&refrozen=1");
    const snapshots = await listQuarterSnapshots(t.db, parseQuarter("2026-Q1")!);
    expect(snapshots.map((s) => s.reason)).toEqual([null, "Sessions were entered late"]);
  });
});

describe("the KPI definitions page", () => {
  it("says, for every headline figure, whose training it counts and that a person covered by several requirements counts once", async () => {
    const page = (await run(kpisLoader, await get("coordinator", "/admin/kpis"))) as Awaited<
      ReturnType<typeof kpisLoader>
    >;
    const whose: Record<string, RegExp> = {
      coverage_council_frontline:
        /the training of council staff in post who are covered by the live Prevent awareness requirements for frontline council staff/,
      coverage_contractors: /the training of contractor companies' staff in post/,
      coverage_school_staff: /the training of school staff and governors in post/,
    };
    for (const key of Object.values(HEADLINE_KPIS)) {
      const formula = page.definitions.find((d) => d.key === key)!.formula;
      expect([key, formula]).toEqual([key, expect.stringMatching(whose[key]!)]);
      expect([key, formula]).toEqual([
        key,
        expect.stringContaining("Each person is counted once, however many of the requirements cover them."),
      ]);
      expect([key, formula]).toEqual([
        key,
        expect.stringContaining("for every one of those requirements that applies to them"),
      ]);
    }
  });
});
