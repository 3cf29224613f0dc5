// Bad input to every route: a NUL byte in each field and query value, ids beyond PostgreSQL's
// integer, impossible dates, unsafe redirect targets and bodies that are not forms. Each must be
// answered 400/403/404 (or a safe redirect), never a 500. Routes are listed from app/routes, and
// their fields from their source, so a new route is covered without touching this file.
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabaseForTests } from "../../app/db/client.server";
import { queryOne } from "../../app/db/database";
import { DEMO_ACCOUNTS, seedDemo } from "../../app/demo/seed-demo.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { signedInRequest } from "../support/requests";

const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");
const COORDINATOR = DEMO_ACCOUNTS.find((a) => a.roles.includes("coordinator"))!.id;
const HUGE_IDS = ["2147483648", "99999999999999999999", "-1", "0", "1.5", "abc"];

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
interface RouteUnderTest {
  file: string;
  module: { loader?: Handler; action?: Handler };
  params: string[];
  /** The names the route's source reads or renders: form fields and query keys. */
  names: string[];
  intents: string[];
  /** Whether the route reads a posted form, or a query string (through app/lib/request). */
  readsForm: boolean;
  readsQuery: boolean;
}

/** Route module files: `app/routes/x.tsx` and `app/routes/x/route.tsx`. */
function routeFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .flatMap((entry) => {
      const full = path.join(ROUTES_DIR, entry);
      if (statSync(full).isDirectory())
        return ["route.tsx", "route.ts"].map((f) => path.join(full, f)).filter(existsSync);
      return /\.tsx?$/.test(entry) && !entry.endsWith(".test.ts") ? [full] : [];
    })
    .sort();
}

/** The route file and the route-folder files it reads, following relative imports within app/routes. */
function sourcesOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const out = [text];
  for (const [, spec] of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
    const base = path.resolve(path.dirname(file), spec!);
    if (!base.startsWith(ROUTES_DIR)) continue;
    const found = [`${base}.tsx`, `${base}.ts`, path.join(base, "route.tsx")].find(existsSync);
    if (found) out.push(...sourcesOf(found, seen));
  }
  return out;
}

function namesIn(sources: string[]): { names: string[]; intents: string[] } {
  const names = new Set<string>();
  const intents = new Set<string>();
  for (const text of sources) {
    for (const [, n] of text.matchAll(/\bname=\{?"([\w-]+)"/g)) names.add(n!);
    for (const [, p] of text.matchAll(/\bnamePrefix=\{?"([\w-]+)"/g))
      for (const s of ["day", "month", "year"]) names.add(`${p}-${s}`);
    for (const [, n] of text.matchAll(/\.(?:get|getAll|has)\("([\w-]+)"\)/g)) names.add(n!);
    for (const [, n] of text.matchAll(/^\s+"?([\w-]+)"?: z\./gm)) names.add(n!);
    for (const [, v] of text.matchAll(/name="intent"\s+value=\{?([^}>]+)/g))
      for (const [, s] of v!.matchAll(/"([\w-]+)"/g)) intents.add(s!);
    for (const [, s] of text.matchAll(/intent: z\.literal\("([\w-]+)"\)/g)) intents.add(s!);
  }
  names.delete("intent");
  return { names: [...names].sort(), intents: [...intents] };
}

function paramsOf(file: string): string[] {
  const id = path
    .relative(ROUTES_DIR, file)
    .replace(/\/route\.tsx?$/, "")
    .replace(/\.tsx?$/, "");
  return [...id.matchAll(/\$(\w+)/g)].map((m) => m[1]!);
}

/** A URL path for the route with these params (close enough for loaders that read the URL). */
function urlPath(file: string, params: Record<string, string>): string {
  const id = path
    .relative(ROUTES_DIR, file)
    .replace(/\/route\.tsx?$/, "")
    .replace(/\.tsx?$/, "");
  const segments = id
    .replace(/\[\.\]/g, "\u0001")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/\u0001/g, ".").replace(/\$(\w+)/g, (_, p: string) => encodeURIComponent(params[p] ?? "")));
  return `/${segments.join("/")}`.replace(/\/\.(?=\w)/g, ".");
}

let t: TestDatabase;
let valid: Record<string, string>;
const routes: RouteUnderTest[] = [];
const failures: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  provideDatabaseForTests(t.db);
  await seedDemo(t.db, { today: "2026-11-25" });
  const row = await queryOne<Record<string, string | null>>(
    t.db,
    sql`select
      (select b.session_id::text from bookings b order by b.id limit 1) as "sessionId",
      (select b.id::text from bookings b order by b.id limit 1) as "bookingId",
      (select id::text from courses order by id limit 1) as "courseId",
      (select id::text from completions where certificate_code is not null order by id limit 1) as "id",
      (select certificate_code from completions where certificate_code is not null order by id limit 1) as "code",
      (select id::text from requirements order by id limit 1) as "requirementId",
      (select id::text from organisations where kind = 'school' order by id limit 1) as "schoolId",
      (select id::text from organisations order by id limit 1) as "organisationId",
      (select id::text from people order by id limit 1) as "personId",
      (select key from kpi_definitions order by key limit 1) as "key",
      (select id from accounts where email = 'learner@example.com') as "accountId"`,
  );
  valid = Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v ?? "1"]));
  valid.key ??= "prevent-coverage";
  valid.file = `${valid.id}.pdf`;
  for (const file of routeFiles()) {
    const module = (await import(file)) as RouteUnderTest["module"];
    if (!module.loader && !module.action) continue;
    const sources = sourcesOf(file);
    const params = paramsOf(file);
    const { names, intents } = namesIn(sources);
    routes.push({
      file,
      module,
      params,
      names: names.filter((n) => !params.includes(n)),
      intents,
      readsForm: sources.some((s) => /readForm\(|formData\(\)/.test(s)),
      readsQuery: sources.some((s) => /readQuery\(|searchParams/.test(s)),
    });
  }
}, 300_000);
afterAll(() => t?.close());

function label(route: RouteUnderTest) {
  return path.relative(ROUTES_DIR, route.file);
}

/** A plausible value for a field, so that the one bad value is what the route meets. */
function plausible(name: string): string {
  if (name in valid) return valid[name]!;
  if (/-day$/.test(name)) return "15";
  if (/-month$/.test(name)) return "6";
  if (/-year$/.test(name)) return "2027";
  if (/ids?$/i.test(name) || ["course", "for"].includes(name)) return valid.personId!;
  const known: Record<string, string> = {
    email: "coordinator@example.com",
    password: "demo-password",
    redirectTo: "/",
    startTime: "10:00",
    endTime: "12:00",
    page: "1",
    quarter: "2026-Q3",
    date: "2026-06-15",
    capacity: "20",
    places: "1",
    target: "80",
  };
  return known[name] ?? "1";
}

function isIdField(name: string) {
  return /(^id|Id|Ids)$/.test(name);
}

/** Calls a loader or action and reduces the outcome to a status (500 for anything thrown that is not a Response). */
async function statusOf(
  fn: () => Promise<unknown>,
): Promise<{ status: number; location?: string | null; error?: unknown }> {
  try {
    const result = await fn();
    if (result instanceof Response) {
      // Read to the end, so a file being made (a zip drawing certificates) finishes while the database is open.
      await result.arrayBuffer();
      return { status: result.status, location: result.headers.get("Location") };
    }
    const init = (result as { init?: ResponseInit | null } | null)?.init;
    if (
      result &&
      typeof result === "object" &&
      "type" in result &&
      (result as { type: string }).type === "DataWithResponseInit"
    ) {
      return { status: init?.status ?? 200 };
    }
    return { status: 200 };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    return { status: 500, error: thrown };
  }
}

async function expectAnswer(what: string, allowed: number[], fn: () => Promise<unknown>): Promise<void> {
  const outcome = await statusOf(fn);
  if (outcome.status === 500 || !allowed.includes(outcome.status)) {
    const why = outcome.error instanceof Error ? outcome.error.message.split("\n")[0] : "";
    failures.push(`${what} → ${outcome.status} ${why}`.trim());
  }
  if (
    outcome.location &&
    (/[\u0000-\u001f\u007f\u2028\u2029]/.test(outcome.location) || !/^\/(?![/\\])/.test(outcome.location))
  ) {
    failures.push(`${what} → redirects off the site: ${JSON.stringify(outcome.location)}`);
  }
}

async function run(
  route: RouteUnderTest,
  kind: "loader" | "action",
  params: Record<string, string>,
  init: Parameters<typeof signedInRequest>[3],
  query = "",
) {
  const request = await signedInRequest(t.db, COORDINATOR, `${urlPath(route.file, params)}${query}`, init);
  return route.module[kind]!({ request, params, context: { clientAddress: "192.0.2.1" } });
}

function validParams(route: RouteUnderTest) {
  return Object.fromEntries(route.params.map((p) => [p, valid[p] ?? "1"]));
}

function baseForm(route: RouteUnderTest, intent?: string): Record<string, string> {
  const form = Object.fromEntries(route.names.map((n) => [n, plausible(n)]));
  return intent ? { ...form, intent } : form;
}

const REFUSED = [400, 403, 404];
/** An id field the chosen intent does not use is ignored, and the action may go ahead without it. */
const ID_REFUSED = [302, 303, ...REFUSED];
/** A loader may send elsewhere (a page that only posts, or a signed-in visit to sign-in), on the site. */
const LOADER_REFUSED = [302, 303, 400, 403, 404];
/** A filter that cannot be read may be ignored (the page as if unfiltered) or refused. */
const IGNORED_OR_REFUSED = [200, 400, 403, 404];

describe("bad input to every route", () => {
  it("lists the routes to probe", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((r) => r.file.endsWith("sign-in.tsx"))).toBe(true);
  });

  it("answers bad input with 400, 403 or 404, never a 500", async () => {
    for (const route of routes) {
      const name = label(route);
      const params = validParams(route);
      for (const kind of ["loader", "action"] as const) {
        if (!route.module[kind]) continue;
        const post = kind === "action";
        const form = post ? baseForm(route, route.intents[0]) : undefined;
        for (const param of route.params) {
          for (const bad of HUGE_IDS) {
            const value = param === "file" ? `${bad}.pdf` : bad;
            await expectAnswer(`${name} ${kind} :${param}=${value}`, post ? REFUSED : LOADER_REFUSED, () =>
              run(route, kind, { ...params, [param]: value }, post ? { form } : {}),
            );
          }
        }
        if (!post) {
          for (const key of route.names) {
            const q = (v: string) => `?${new URLSearchParams({ [key]: v })}`;
            // A loader that never reads the query may ignore it; one that does must refuse a NUL.
            const nul = route.readsQuery ? LOADER_REFUSED : [200, ...LOADER_REFUSED];
            await expectAnswer(`${name} loader ?${key}=NUL`, nul, () => run(route, kind, params, {}, q("a\u0000b")));
            const dateLike = key === "date" || /^(from|to|on|when|date)/.test(key);
            if (dateLike)
              await expectAnswer(`${name} loader ?${key}=2026-02-31`, [302, ...IGNORED_OR_REFUSED], () =>
                run(route, kind, params, {}, q("2026-02-31")),
              );
            if (isIdField(key) || ["course", "for"].includes(key)) {
              for (const bad of HUGE_IDS.slice(0, 2)) {
                await expectAnswer(`${name} loader ?${key}=${bad}`, [302, ...IGNORED_OR_REFUSED], () =>
                  run(route, kind, params, {}, q(bad)),
                );
              }
            }
          }
          if (route.names.includes("redirectTo")) {
            for (const bad of ["/\r\nSet-Cookie: a=b", "/\u0000", "/\u2028x", "/%0d%0aX: y"]) {
              await expectAnswer(`${name} loader ?redirectTo=${JSON.stringify(bad)}`, [200, 302, 303, 400], () =>
                run(route, kind, params, {}, `?${new URLSearchParams({ redirectTo: bad })}`),
              );
            }
          }
          await expectAnswer(`${name} loader ?date=2026-02-31`, [302, ...IGNORED_OR_REFUSED], () =>
            run(route, kind, params, {}, "?date=2026-02-31"),
          );
          continue;
        }
        for (const intent of !route.readsForm ? [] : route.intents.length ? route.intents : [undefined]) {
          const base = baseForm(route, intent);
          for (const key of route.names) {
            await expectAnswer(`${name} action${intent ? `[${intent}]` : ""} ${key}=NUL`, REFUSED, () =>
              run(route, kind, params, { form: { ...base, [key]: "a\u0000b" } }),
            );
            if (isIdField(key)) {
              for (const bad of HUGE_IDS.slice(0, 2)) {
                await expectAnswer(`${name} action${intent ? `[${intent}]` : ""} ${key}=${bad}`, ID_REFUSED, () =>
                  run(route, kind, params, { form: { ...base, [key]: bad } }),
                );
              }
            }
          }
        }
        if (route.names.includes("redirectTo")) {
          for (const bad of ["/\r\nSet-Cookie: a=b", "/\u2028x"]) {
            await expectAnswer(`${name} action redirectTo=${JSON.stringify(bad)}`, [200, 302, 303, 400], () =>
              run(route, kind, params, { form: { ...baseForm(route), redirectTo: bad } }),
            );
          }
        }
        const bodies: Array<[string, string, BodyInit]> = [
          ["text/plain", "text/plain", "title=x"],
          ["JSON", "application/json", JSON.stringify({ title: "x" })],
          [
            "broken multipart",
            "multipart/form-data; boundary=----x",
            '------x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
          ],
          ["multipart without a boundary", "multipart/form-data", "a=b"],
        ];
        for (const [what, type, body] of bodies) {
          // An action that reads no form (a single button) may do its work whatever the body.
          await expectAnswer(
            `${name} action with a ${what} body`,
            route.readsForm ? REFUSED : [302, 303, ...REFUSED],
            () => run(route, kind, params, { method: "POST", headers: { "Content-Type": type }, body }),
          );
        }
      }
    }
    console.log(`bad input: ${failures.length} wrong answers\n${failures.join("\n")}`);
    expect(failures).toEqual([]);
  }, 600_000);
});

describe("route modules read forms and queries through app/lib/request", () => {
  it("no route calls request.formData() or reads searchParams itself", () => {
    const offenders = routeFiles()
      .flatMap((file) => [file, ...readdirSync(path.dirname(file)).map((f) => path.join(path.dirname(file), f))])
      .filter((file, i, all) => all.indexOf(file) === i && /\.tsx?$/.test(file) && statSync(file).isFile())
      .filter((file) => /request\.formData\(\)|\.searchParams\b/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(ROUTES_DIR, file));
    expect(offenders).toEqual([]);
  });
});
