/**
 * Whether a build is up to date with the sources it was built from, so `npm start` rebuilds only
 * when something it depends on changed. The fingerprint hashes the contents (not the dates: a git
 * checkout or a copy changes those) of every source a build reads; the build writes it into its
 * folder, and a start compares it with the sources' fingerprint now.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** What a build is made from: folders whole, single files, relative to the project's root. */
export const BUILD_SOURCES = [
  "app",
  "public",
  "server",
  "drizzle",
  "scripts/build-assets.mjs",
  "scripts/fresh-database.mjs",
  "package.json",
  "package-lock.json",
  "vite.config.ts",
  "remix.config.js",
];

/** Made by the build itself (scripts/build-assets.mjs writes the stylesheet into public/). */
const BUILD_OUTPUTS = new Set(["public/static/app.css"]);

export const FINGERPRINT_FILE = "source-fingerprint.txt";

async function filesUnder(root, relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  const entries = await readdir(full, { withFileTypes: true, recursive: true }).catch(() => null);
  if (entries === null) return [relative];
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path
        .relative(root, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join("/"),
    );
}

/** A hash of the path and contents of every source file, in a stable order. */
export async function sourceFingerprint(root, sources = BUILD_SOURCES) {
  const files = (await Promise.all(sources.map((source) => filesUnder(root, source))))
    .flat()
    .filter((file) => !BUILD_OUTPUTS.has(file))
    .sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** True when the build folder holds a complete build made from exactly these sources. */
export async function isBuildUpToDate(root, buildDir, sources = BUILD_SOURCES) {
  if (!existsSync(path.join(buildDir, "server/index.js"))) return false;
  const kept = await readFile(path.join(buildDir, FINGERPRINT_FILE), "utf8").catch(() => null);
  return kept !== null && kept.trim() === (await sourceFingerprint(root, sources));
}

/** Records in the build folder which sources it was made from (taken before the build began). */
export async function writeFingerprint(buildDir, fingerprint) {
  await writeFile(path.join(buildDir, FINGERPRINT_FILE), `${fingerprint}\n`);
}
