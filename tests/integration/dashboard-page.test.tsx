import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { ensureKpiDefinitions } from "../../app/domain/kpis/ensure-kpi-definitions";
import Dashboard, { loader as dashboardLoader } from "../../app/routes/dashboard._index/route";
import { SECTORS } from "../../app/lib/values";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import { signedInRequest } from "../support/requests";
import { buildCoverageCouncil } from "./coverage-fixtures";

// The page is drawn from what its loader returned, as Remix would hand it over.
const loaded = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("@remix-run/react", async (original) => ({
  ...(await original<typeof import("@remix-run/react")>()),
  useLoaderData: () => loaded.current,
}));

let t: TestDatabase;
let coordinator: string;
beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  const f = await buildCoverageCouncil(t.db);
  await ensureKpiDefinitions(t.db);
  const person = await make.person(t.db, { organisationId: f.council.id });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
});
afterAll(() => t?.close());

async function page() {
  const data = await dashboardLoader({
    request: await signedInRequest(t.db, coordinator, "/dashboard?on-day=30&on-month=6&on-year=2026"),
    params: {},
    context: {},
  });
  loaded.current = data;
  return { data, html: renderToStaticMarkup(<Dashboard />) };
}

/** The cells of the table whose caption starts with `caption`, row by row, as text. */
function tableCells(html: string, caption: string): string[][] {
  const table = html
    .split("<table")
    .find((part) => part.includes(`class="govuk-table__caption govuk-table__caption--s">${caption}`));
  if (!table) throw new Error(`No table captioned ${caption}`);
  const body = table.slice(table.indexOf("<tbody"), table.indexOf("</tbody>"));
  return body
    .split("<tr")
    .slice(1)
    .map((row) =>
      row
        .split(/<t[hd]\b/)
        .slice(1)
        .map((cell) => cell.slice(cell.indexOf(">") + 1)),
    );
}

describe("the coordinator's dashboard page", () => {
  it("says 'n/a' (not applicable, with a key) where a requirement applies to no one in a sector, never 'No one'", async () => {
    const { data, html } = await page();
    const rows = tableCells(html, "Coverage of each requirement by sector");
    expect(rows).toHaveLength(data.data.bySector.length);
    let notApplicable = 0;
    data.data.bySector.forEach((requirement, r) => {
      SECTORS.forEach((sector, s) => {
        const cell = rows[r]![s + 1]!;
        if (requirement.sectors[sector].applicable === 0) {
          notApplicable++;
          expect(cell).toContain(
            '<span aria-hidden="true">n/a</span><span class="govuk-visually-hidden">not applicable</span>',
          );
        } else {
          // One figure, kept on one line: "50% (3 of 6)".
          expect(cell).toMatch(/^<span style="white-space:nowrap">\d+(\.\d)?% \(\d+ of \d+\)<\/span><\/t[dh]>/);
        }
      });
    });
    expect(notApplicable).toBeGreaterThan(0);
    expect(html).not.toContain("No one");
    expect(html).toContain(
      '<abbr title="not applicable">n/a</abbr>: not applicable, the requirement applies to no one in that sector on this date',
    );
  });

  it("puts each part of the page in a tab of its own, listed at the top, the expiring list's pages opening its tab", async () => {
    const { html } = await page();
    const links = [...html.matchAll(/<a class="govuk-tabs__tab" href="#([a-z-]+)">([^<]+)<\/a>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(links).toEqual([
      ["headline-figures", "Headline figures"],
      ["by-sector", "By sector"],
      ["by-directorate", "By directorate"],
      ["trend", "Trend"],
      ["runs-out", "Runs out soon"],
    ]);
    for (const [id] of links) expect(html).toMatch(new RegExp(`<div class="govuk-tabs__panel[^"]*" id="${id}"`));
  });

  it("draws each headline's target as a line on the trend chart and labels every line on the chart itself", async () => {
    const { data, html } = await page();
    const svg = html.slice(html.indexOf('<svg class="app-chart"'), html.indexOf("</svg>"));
    const withTargets = data.data.headlines.filter((h) => h.target !== null);
    expect(withTargets.length).toBeGreaterThan(0);
    expect(svg.match(/class="app-chart__target"/g)).toHaveLength(withTargets.length);
    const labels = [...svg.matchAll(/<tspan[^>]*>([^<]+)<\/tspan>/g)].map((m) => m[1]).join(" ");
    for (const name of ["Frontline council staff", "Contractors’ staff", "School staff"]) {
      expect(labels).toMatch(new RegExp(`${name}: \\d+(\\.\\d)?%`));
    }
    for (const h of withTargets) expect(labels).toContain(`target: ${h.target}%`);
    // No legend to match colours against: the lines are named where they are.
    expect(html).not.toContain("<figcaption>");
  });
});
