import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBuildUpToDate, sourceFingerprint, writeFingerprint } from "../../scripts/build-fingerprint.mjs";

let root: string;
let buildDir: string;

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

/** A project with a few sources, built once into build/ (its fingerprint taken then). */
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "build-fingerprint-"));
  buildDir = path.join(root, "build");
  await put("app/root.tsx", "export default function App() {}");
  await put("app/routes/_index.tsx", "export default function Start() {}");
  await put("server/index.mjs", "// the server");
  await put("package-lock.json", "{}");
  await put("public/favicon.ico", "icon");
  await put("build/server/index.js", "// built");
  await writeFingerprint(buildDir, await sourceFingerprint(root));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("whether npm start may reuse a build", () => {
  it("reuses a build made from the sources as they are", async () => {
    expect(await isBuildUpToDate(root, buildDir)).toBe(true);
  });

  it("rebuilds when a source changes, is added or is removed", async () => {
    await put("app/routes/_index.tsx", "export default function Start() { return null; }");
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);

    await put("app/routes/_index.tsx", "export default function Start() {}");
    expect(await isBuildUpToDate(root, buildDir)).toBe(true);
    await put("app/routes/people.tsx", "export default function People() {}");
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);

    await rm(path.join(root, "app/routes/people.tsx"));
    expect(await isBuildUpToDate(root, buildDir)).toBe(true);
    await rm(path.join(root, "public/favicon.ico"));
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);
  });

  it("rebuilds when the locked packages change", async () => {
    await put("package-lock.json", '{"lockfileVersion":3}');
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);
  });

  it("goes by contents, not dates: a checkout that only touches files reuses the build", async () => {
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, "app/root.tsx"), later, later);
    expect(await isBuildUpToDate(root, buildDir)).toBe(true);
  });

  it("ignores what the build writes into public/ itself and what is not a source", async () => {
    await put("public/static/app.css", "body{}");
    await put("tests/unit/some.test.ts", "it()");
    await put("data/pglite/PG_VERSION", "17");
    expect(await isBuildUpToDate(root, buildDir)).toBe(true);
  });

  it("builds when there is no build, or a build without its fingerprint", async () => {
    await rm(path.join(buildDir, "server/index.js"));
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);

    await put("build/server/index.js", "// built");
    await rm(path.join(buildDir, "source-fingerprint.txt"));
    expect(await isBuildUpToDate(root, buildDir)).toBe(false);
  });
});
