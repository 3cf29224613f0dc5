/**
 * The schools table a page at a time (issue 22): the page's rows are the whole table's, the
 * summary and the schools with no coverage count every school the filters pick, and the page
 * links keep the filters.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { type SchoolFilters, schoolsCoverage, schoolsCoveragePage } from "../../app/domain/coverage/schools-coverage";
import SchoolsPage, { loader as schoolsLoader } from "../../app/routes/schools._index/route";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { pageText, renderPage } from "../support/render-page";
import { call, signedInRequest } from "../support/requests";

vi.mock("@remix-run/react", async (original) => {
  const { pageData } = await import("../support/render-page");
  return { ...(await original<typeof import("@remix-run/react")>()), useLoaderData: () => pageData.current };
});
import { type CoverageCouncil, ON, buildCoverageCouncil } from "./coverage-fixtures";

let t: TestDatabase;
let f: CoverageCouncil;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  f = await buildCoverageCouncil(t.db);
});
afterAll(() => t?.close());

const FILTERS: SchoolFilters[] = [{}, { phase: "Primary" }, { status: "red" }, { type: "Academy converter" }];

describe("a page of the schools table", () => {
  it("has the whole table's rows, a page at a time, and its summary and schools with no coverage over every page", async () => {
    for (const filters of FILTERS) {
      const whole = await schoolsCoverage(t.db, filters, ON);
      const { trainedInLastYear: _, ...summary } = whole.summary;
      for (const pageSize of [1, 2, 3]) {
        const rows = [];
        const pages = Math.max(1, Math.ceil(whole.rows.length / pageSize));
        for (let page = 1; page <= pages; page++) {
          const onPage = await schoolsCoveragePage(t.db, filters, ON, { page, pageSize });
          expect([onPage.page, onPage.total, onPage.summary]).toEqual([page, whole.rows.length, summary]);
          expect(onPage.noCoverage).toEqual(
            whole.rows.filter((r) => r.noCoverage).map((r) => ({ id: r.id, name: r.name, phase: r.phase })),
          );
          rows.push(...onPage.rows);
        }
        expect(rows, JSON.stringify({ filters, pageSize })).toEqual(whole.rows);
      }
    }
    // The fixture's schools: W has no coverage at all; Z and W are red.
    const red = await schoolsCoveragePage(t.db, { status: "red" }, ON, { page: 1, pageSize: 1 });
    expect([red.total, red.rows.map((r) => r.name), red.noCoverage.map((r) => r.name)]).toEqual([
      2,
      ["W Nursery"],
      ["W Nursery"],
    ]);
  });

  it("shows the last page for a page past it", async () => {
    const past = await schoolsCoveragePage(t.db, {}, ON, { page: 99, pageSize: 3 });
    expect([past.page, past.rows.map((r) => r.name)]).toEqual([2, ["Z Primary"]]);
    const none = await schoolsCoveragePage(t.db, { phase: "No such phase" }, ON, { page: 2, pageSize: 3 });
    expect([none.page, none.total, none.rows, none.noCoverage]).toEqual([1, 0, [], []]);
  });

  it("counts the people of a school's own units as its staff, and no other school's", async () => {
    const before = (await schoolsCoverage(t.db, {}, ON)).rows;
    const unit = await make.organisation(t.db, {
      kind: "service",
      name: "X Primary nursery unit",
      parentId: f.school.x.id,
    });
    await make.person(t.db, { organisationId: unit.id, startDate: "2024-09-01" });
    const after = (await schoolsCoverage(t.db, {}, ON)).rows;
    const staff = (rows: typeof before) => Object.fromEntries(rows.map((r) => [r.name, r.staff]));
    expect(staff(after)).toEqual({ ...staff(before), "X Primary": staff(before)["X Primary"]! + 1 });
    const page = await schoolsCoveragePage(t.db, { phase: "Primary" }, ON, { page: 1, pageSize: 1 });
    expect(page.rows.map((r) => [r.name, r.staff])).toEqual([["X Primary", staff(after)["X Primary"]]]);
  });
});

describe("the schools page", () => {
  let officer: string;
  beforeAll(async () => {
    const office = await make.organisation(t.db, { kind: "service", name: "Prevent team", parentId: f.council.id });
    const person = await make.person(t.db, { organisationId: office.id });
    officer = (await make.account(t.db, { personId: person.id, roles: ["education_officer"] })).id;
    // 50 more open schools, none with staff: 54 in all, two pages of 50.
    const root = await make.organisation(t.db, { kind: "schools", name: "More schools" });
    for (let n = 1; n <= 50; n++) {
      await make.organisation(t.db, {
        kind: "school",
        name: `School ${String(n).padStart(2, "0")}`,
        parentId: root.id,
        schoolPhase: n % 2 ? "Primary" : "Secondary",
      });
    }
  });
  const load = async (path: string) => {
    const request = await signedInRequest(t.db, officer, path);
    return (await call(() => schoolsLoader({ request, params: {}, context: {} }))) as Awaited<
      ReturnType<typeof schoolsLoader>
    >;
  };

  it("shows 50 schools a page, by name, with the summary and the schools with no coverage over all of them", async () => {
    const first = await load("/schools");
    const whole = await schoolsCoverage(t.db, {}, first.today);
    expect(first.coverage.rows.map((r) => r.name)).toEqual(whole.rows.slice(0, 50).map((r) => r.name));
    expect([first.coverage.page, first.coverage.total, first.coverage.summary.schools]).toEqual([1, 54, 54]);
    expect(first.coverage.summary.red).toBe(whole.summary.red);
    expect(first.coverage.noCoverage.length).toBe(whole.summary.noCoverage);
    const second = await load("/schools?page=2");
    expect(second.coverage.rows.map((r) => r.name)).toEqual(whole.rows.slice(50).map((r) => r.name));
  });

  it("keeps the filters apart from the page: the CSV export and the page links take them, not the page", async () => {
    const primary = await load("/schools?phase=Primary&page=2&status=nonsense");
    expect([primary.search, primary.values.page, primary.coverage.page, primary.coverage.total]).toEqual([
      "phase=Primary",
      2,
      1,
      27,
    ]);
    const unreadable = await load("/schools?page=-3");
    expect(unreadable.coverage.page).toBe(1);
  });

  it("shows the last page for a page past the end, or too large to be a number, and says which schools it shows", async () => {
    const second = await load("/schools?page=2");
    for (const page of ["40", "2147483648", "1e99"]) {
      const past = await load(`/schools?page=${page}`);
      expect([past.coverage.page, past.coverage.rows]).toEqual([2, second.coverage.rows]);
      expect(pageText(renderPage(SchoolsPage, past))).toContain("Showing 51 to 54 of 54 schools");
    }
  });
});
