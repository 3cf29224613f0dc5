#!/usr/bin/env node
/**
 * Builds the stylesheet served at /static/app.css (run by `npm run build` and `npm run dev`
 * before Remix): app/styles/app.scss → public/static/app.css, compressed, with node_modules as a
 * Sass load path so `@use "govuk-frontend/dist/govuk"` works. GOV.UK Frontend's own images and
 * fonts are not copied: they carry the GOV.UK brand, which a council service must not use
 * (docs/decisions/003-council-branding.md). GOV.UK Frontend's JavaScript is bundled by Vite
 * through app/entry.client.tsx. The output is ignored by git.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const scssEntry = path.join(root, "app/styles/app.scss");
const outDir = path.join(root, "public/static");

async function buildCss() {
  const result = sass.compile(scssEntry, {
    loadPaths: [path.join(root, "node_modules")],
    style: "compressed",
    // Deprecation warnings from inside govuk-frontend are not ours to fix.
    quietDeps: true,
  });
  if (result.css.includes("GDS Transport")) {
    throw new Error("app.css mentions GDS Transport: the council service must use Arial");
  }
  const outFile = path.join(outDir, "app.css");
  await writeFile(outFile, result.css);
  return outFile;
}

async function main() {
  const started = Date.now();
  await mkdir(outDir, { recursive: true });
  const outputs = [await buildCss()];
  for (const output of outputs) console.log(`built ${path.relative(root, output)}`);
  console.log(`assets built in ${Date.now() - started}ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
