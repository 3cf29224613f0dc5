#!/usr/bin/env node
/**
 * `npm start` and `npm run demo`: builds the app only when the build in $BUILD_DIR (default
 * build/) is missing or was made from other sources (scripts/build-fingerprint.mjs), then starts
 * the production server, saying what it does with a line a step. `--demo` seeds the demo council
 * into an empty database (SEED_DEMO=true) and serves it on this computer.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuildUpToDate, sourceFingerprint, writeFingerprint } from "./build-fingerprint.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.resolve(root, process.env.BUILD_DIR ?? "build");
const shownBuildDir = path.relative(process.cwd(), buildDir) || ".";

if (await isBuildUpToDate(root, buildDir)) {
  console.log(`Using the build in ${shownBuildDir}/ (up to date with the sources)`);
} else {
  console.log(`Building the app into ${shownBuildDir}/ (about a minute the first time)…`);
  const started = Date.now();
  // Taken before building: a source edited during the build makes the next start build again.
  const fingerprint = await sourceFingerprint(root);
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8", env: process.env });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
    console.error("The build failed (its output is above).");
    process.exit(build.status ?? 1);
  }
  await writeFingerprint(buildDir, fingerprint);
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s`);
}

process.env.NODE_ENV = "production";
if (process.argv.includes("--demo")) {
  process.env.SEED_DEMO = "true";
  process.env.PUBLIC_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
}
await import("../server/index.mjs");

// The server answers once its database is open, migrated and seeded: say so when it first does.
const address = `http://localhost:${process.env.PORT ?? 3000}`;
for (;;) {
  const status = await fetch(`${address}/`, { redirect: "manual" }).then(
    (response) => response.status,
    () => 0,
  );
  if (status > 0 && status < 500) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
console.log(`Ready on ${address}`);
