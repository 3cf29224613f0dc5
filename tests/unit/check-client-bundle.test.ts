import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allMarkers, scanClientBundle } from "../../scripts/check-client-bundle.mjs";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function clientBuild(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), "client-bundle-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe("the client bundle check", () => {
  it("passes a bundle of components and value lists", async () => {
    const clientDir = await clientBuild({
      "assets/route-a.js": 'const SECTORS=["council","contractor","school","partner"];export{SECTORS};',
      "assets/entry.client.js": 'import"./route-a.js";document.body.className+=" govuk-frontend-supported";',
    });
    const result = await scanClientBundle(clientDir, await allMarkers());
    expect(result).toMatchObject({ files: 2, findings: [] });
  });

  it("names the file and the marker when drizzle or a table definition is in the bundle", async () => {
    const clientDir = await clientBuild({
      "assets/route-a.js": "export const a=1;",
      "assets/schema-x1.js":
        'const i=Symbol.for("drizzle:entityKind");class C{static[i]="PgColumn"}b("person_requirements",{personId:u("person_id")});',
    });
    const result = await scanClientBundle(clientDir, await allMarkers());
    const markers = result.findings.map((finding) => `${finding.file}: ${finding.marker}`);
    expect(markers).toEqual([
      "assets/schema-x1.js: drizzle-orm",
      "assets/schema-x1.js: drizzle table or column",
      'assets/schema-x1.js: SQL table name "person_requirements"',
    ]);
  });

  it("finds the drivers, password hashing and Node built-ins", async () => {
    const clientDir = await clientBuild({
      "a.js": "class PostgresError extends Error{}",
      "b.js": 'import("@node-rs/argon2")',
      "c.js": 'import{createHash}from"node:crypto";',
      "d.js": "new Lucia(adapter)",
    });
    const result = await scanClientBundle(clientDir);
    expect(result.findings.map((finding) => `${finding.file}: ${finding.marker}`)).toEqual([
      "a.js: PostgreSQL driver (postgres)",
      "b.js: argon2 password hashing",
      "c.js: Node built-in module",
      "d.js: lucia sessions",
    ]);
  });
});
