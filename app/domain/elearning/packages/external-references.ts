import type { Database } from "../../../db/database";
import type { FileStorage } from "../../../storage/file-storage";
import { listPackageFiles } from "./packages";

/**
 * What a package would load from other websites, which its Content Security Policy blocks
 * (decision 014): the hosts named by its pages' and stylesheets' src attributes, stylesheet and
 * icon links, and CSS url() and @import. Plain links (<a href>) are not loads and are left out. The
 * coordinator is told these on the package's page, so they can ask the author for a package that
 * carries its fonts and media inside the zip.
 */

const PATTERNS = [
  /\bsrc\s*=\s*["']?\s*((?:https?:)?\/\/[^\s"'>]+)/gi,
  /<link\b[^>]*\bhref\s*=\s*["']?\s*((?:https?:)?\/\/[^\s"'>]+)/gi,
  /url\(\s*["']?\s*((?:https?:)?\/\/[^\s"')]+)/gi,
  /@import\s+["']\s*((?:https?:)?\/\/[^\s"']+)/gi,
];

/** The hosts a page or stylesheet loads from, in the order first met. */
export function externalHostsIn(text: string): string[] {
  const hosts: string[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      try {
        const host = new URL(match[1]!, "https://package.invalid/").hostname.toLowerCase();
        if (host && !hosts.includes(host)) hosts.push(host);
      } catch {
        // Not an address: nothing is loaded from it.
      }
    }
  }
  return hosts;
}

const SCANNED = /\.(html?|xhtml|css)$/i;
const MAX_SCANNED_FILES = 300;
const MAX_SCANNED_BYTES = 2 * 1024 * 1024;

/** The other websites a package version's pages and stylesheets would load from, sorted. */
export async function packageExternalHosts(db: Database, storage: FileStorage, packageId: number): Promise<string[]> {
  const files = (await listPackageFiles(db, packageId))
    .filter((f) => SCANNED.test(f.path) && f.bytes <= MAX_SCANNED_BYTES)
    .slice(0, MAX_SCANNED_FILES);
  const hosts = new Set<string>();
  const decoder = new TextDecoder("utf-8");
  for (const file of files) {
    const bytes = await storage.get(file.fileKey);
    if (!bytes) continue;
    for (const host of externalHostsIn(decoder.decode(bytes))) hosts.add(host);
  }
  return [...hosts].sort();
}
