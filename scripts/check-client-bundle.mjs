#!/usr/bin/env node
/**
 * Fails when the browser's bundle carries server code: drizzle (its column and table objects),
 * the names of our SQL tables, the PostgreSQL drivers, password hashing, lucia or Node built-ins.
 * Run after `npm run build` (`npm run test:e2e` does); it reads $BUILD_DIR/client (default build).
 * A finding names the file and the marker: follow that file's imports back to the page that pulled
 * the server module in, and import the value from a module without a database import instead
 * (app/lib/values.ts, or the capability's values.ts).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What server code leaves behind in a minified bundle. */
const MARKERS = [
  { name: "drizzle-orm", pattern: /drizzle/i },
  { name: "drizzle table or column", pattern: /\b(?:pgTable|PgTable|PgColumn|pgEnum|PgEnum)\b/ },
  { name: "PostgreSQL driver (postgres)", pattern: /PostgresError|pg_catalog/ },
  { name: "PGlite", pattern: /pglite/i },
  { name: "argon2 password hashing", pattern: /argon2/i },
  // app/auth/password-policy.server.ts: some 49,000 passwords (its first three here) belong on the server only.
  {
    name: "the common-password list (zxcvbn-ts)",
    pattern: /zxcvbn|["']123456["'],\s*["']password["'],\s*["']12345678["']/i,
  },
  { name: "lucia sessions", pattern: /\blucia\b/i },
  { name: "SQL statement", pattern: /\b(?:create table|insert into|delete from)\s/i },
  { name: "Node built-in module", pattern: /["']node:[a-z_/]+["']/ },
];

/**
 * The tables of the latest migration snapshot, as quoted strings: a drizzle table definition
 * carries its name. Only names with an underscore, which no page text or component uses.
 */
export async function tableNameMarkers(metaDir = path.join(root, "drizzle/meta")) {
  const snapshots = (await readdir(metaDir)).filter((file) => /^\d+_snapshot\.json$/.test(file)).sort();
  if (snapshots.length === 0) return [];
  const snapshot = JSON.parse(await readFile(path.join(metaDir, snapshots.at(-1)), "utf8"));
  return Object.values(snapshot.tables ?? {})
    .map((table) => table.name)
    .filter((name) => name.includes("_"))
    .map((name) => ({ name: `SQL table name "${name}"`, pattern: new RegExp(`["'\`]${name}["'\`]`) }));
}

/** The fixed markers and the table names. */
export async function allMarkers() {
  return [...MARKERS, ...(await tableNameMarkers())];
}

async function javascriptFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.[cm]?js$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** Every marker found in the JavaScript under `clientDir`, with a little text either side. */
export async function scanClientBundle(clientDir, markers = MARKERS) {
  const findings = [];
  let bytes = 0;
  const files = await javascriptFiles(clientDir);
  for (const file of files) {
    const text = await readFile(file, "utf8");
    bytes += Buffer.byteLength(text);
    for (const marker of markers) {
      const match = marker.pattern.exec(text);
      if (!match) continue;
      const from = Math.max(0, match.index - 40);
      const excerpt = text.slice(from, match.index + match[0].length + 40).replace(/\s+/g, " ");
      findings.push({ file: path.relative(clientDir, file), marker: marker.name, excerpt });
    }
  }
  return { files: files.length, bytes, findings };
}

async function main() {
  const buildDir = path.resolve(root, process.env.BUILD_DIR ?? "build");
  const clientDir = path.join(buildDir, "client");
  try {
    await readdir(clientDir);
  } catch {
    console.error(`check-client-bundle: no ${path.relative(root, clientDir)}; run \`npm run build\` first`);
    process.exit(2);
  }
  const result = await scanClientBundle(clientDir, await allMarkers());
  const size = `${result.files} files, ${(result.bytes / 1024).toFixed(1)} KB of JavaScript`;
  if (result.findings.length === 0) {
    console.log(`check-client-bundle: ${path.relative(root, clientDir)}: no server code (${size})`);
    return;
  }
  console.error(
    `check-client-bundle: server code in the browser's bundle (${path.relative(root, clientDir)}, ${size}):`,
  );
  for (const finding of result.findings) {
    console.error(`  ${finding.file}: ${finding.marker}  …${finding.excerpt}…`);
  }
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
