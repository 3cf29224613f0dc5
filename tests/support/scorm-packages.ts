import { ZipFile } from "yazl";

/**
 * Small SCORM packages for tests, built here so every test says what is inside its zip: good ones
 * (SCORM 1.2 and 2004 2nd, 3rd and 4th edition) and the bad ones an upload must refuse. Where yazl
 * refuses to write a bad entry (`../`, absolute paths), the zip is made with a placeholder name of
 * the same length and the name's bytes are patched afterwards.
 */

export type TestScormVersion = "1.2" | "2004-2nd" | "2004-3rd" | "2004-4th";

export type PackageFiles = Record<string, string | Uint8Array>;

type ZipEntry = { path: string; bytes: Uint8Array; mode?: number; compress?: boolean };

/** A zip of the entries in order (yazl, deflated unless an entry says otherwise). */
export async function zipEntries(entries: ZipEntry[]): Promise<Uint8Array> {
  const zip = new ZipFile();
  const mtime = new Date("2026-01-01T00:00:00Z");
  for (const entry of entries) {
    zip.addBuffer(Buffer.from(entry.bytes), entry.path, {
      mtime,
      compress: entry.compress ?? true,
      ...(entry.mode === undefined ? {} : { mode: entry.mode }),
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

function asBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

const SCHEMA_VERSIONS: Record<TestScormVersion, string> = {
  "1.2": "1.2",
  "2004-2nd": "CAM 1.3",
  "2004-3rd": "2004 3rd Edition",
  "2004-4th": "2004 4th Edition",
};

/** imsmanifest.xml for one SCO launched at `launch` (written as given, query string included). */
export function scormManifest(options: {
  scorm: TestScormVersion;
  launch: string;
  title?: string;
  files?: string[];
}): string {
  const title = escapeXml(options.title ?? "Test course");
  const href = escapeXml(options.launch);
  const fileLines = (options.files ?? [options.launch.split("?")[0]!])
    .map((file) => `      <file href="${escapeXml(file)}"/>`)
    .join("\n");
  if (options.scorm === "1.2") {
    return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.package" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>${title}</title>
      <item identifier="item-1" identifierref="resource-1" isvisible="true">
        <title>${title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="resource-1" type="webcontent" adlcp:scormtype="sco" href="${href}">
${fileLines}
    </resource>
  </resources>
</manifest>
`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.package" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>${SCHEMA_VERSIONS[options.scorm]}</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>${title}</title>
      <item identifier="item-1" identifierref="resource-1">
        <title>${title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="resource-1" type="webcontent" adlcp:scormType="sco" href="${href}">
${fileLines}
    </resource>
  </resources>
</manifest>
`;
}

export type BuildScormPackageOptions = {
  scorm: TestScormVersion;
  /** The package's files by path (the manifest is added unless `files` has one). */
  files: PackageFiles;
  /** The SCO's href as the manifest writes it, e.g. "index.html?start=1". */
  launch: string;
  title?: string;
  /** The whole imsmanifest.xml, instead of the one made from the options. */
  manifest?: string;
};

/** A SCORM package as a zip: imsmanifest.xml at the root, then the files. */
export async function buildScormPackage(options: BuildScormPackageOptions): Promise<Uint8Array> {
  const manifest =
    options.manifest ??
    scormManifest({
      scorm: options.scorm,
      launch: options.launch,
      title: options.title,
      files: Object.keys(options.files),
    });
  const entries: ZipEntry[] = [];
  if (!("imsmanifest.xml" in options.files)) entries.push({ path: "imsmanifest.xml", bytes: asBytes(manifest) });
  for (const [path, content] of Object.entries(options.files)) entries.push({ path, bytes: asBytes(content) });
  return zipEntries(entries);
}

/** A launch page that does nothing with the SCORM API (for packages about upload, not play). */
export const PLAIN_PAGE =
  '<!doctype html><html lang="en"><head><title>Lesson</title></head><body><p>Lesson</p></body></html>\n';

/** A small good SCORM 1.2 package: index.html and a stylesheet. */
export function goodScormPackage(options: Partial<BuildScormPackageOptions> = {}): Promise<Uint8Array> {
  return buildScormPackage({
    scorm: options.scorm ?? "1.2",
    launch: options.launch ?? "index.html",
    title: options.title ?? "Test course",
    files: options.files ?? { "index.html": PLAIN_PAGE, "css/style.css": "body { margin: 0 }\n" },
    ...(options.manifest === undefined ? {} : { manifest: options.manifest }),
  });
}

/** Replaces an entry's name in a zip (local header and central directory) with another of the same byte length. */
export function renameZipEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  const fromBytes = Buffer.from(from, "utf8");
  const toBytes = Buffer.from(to, "utf8");
  if (fromBytes.length !== toBytes.length) throw new Error("renameZipEntry: names must be the same length");
  const out = Buffer.from(zip);
  let found = 0;
  for (let index = out.indexOf(fromBytes); index !== -1; index = out.indexOf(fromBytes, index + 1)) {
    toBytes.copy(out, index);
    found++;
  }
  if (found === 0) throw new Error(`renameZipEntry: ${from} not in the zip`);
  return new Uint8Array(out);
}

/** Sets one entry's stated uncompressed size (local header and central directory) to `size`: a zip that lies. */
export function understateSize(zip: Uint8Array, entryPath: string, size: number): Uint8Array {
  const out = Buffer.from(zip);
  const name = Buffer.from(entryPath, "utf8");
  let found = 0;
  for (let i = 0; i + 46 <= out.length; i++) {
    const signature = out.readUInt32LE(i);
    if (signature === 0x04034b50 && out.subarray(i + 30, i + 30 + name.length).equals(name)) {
      out.writeUInt32LE(size, i + 22);
      found++;
    } else if (signature === 0x02014b50 && out.subarray(i + 46, i + 46 + name.length).equals(name)) {
      out.writeUInt32LE(size, i + 24);
      found++;
    }
  }
  if (found !== 2) throw new Error(`understateSize: ${entryPath} found ${found} times, not 2`);
  return new Uint8Array(out);
}

/** The bad uploads an upload must refuse, each a zip (or not) made on demand. */
export const badScormPackages = {
  /** A text file with a .zip name. */
  notAZip: async () => new TextEncoder().encode("This is a text file, not a zip.\n"),
  /** A zip with no entries at all (just the end-of-central-directory record). */
  empty: () => zipEntries([]),
  /** A good package cut off half-way. */
  truncated: async () => {
    const whole = await goodScormPackage();
    return whole.slice(0, Math.floor(whole.length / 2));
  },
  /** The manifest is in a folder, not at the root. */
  noManifestAtRoot: () =>
    zipEntries([
      { path: "course/imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
      { path: "course/index.html", bytes: asBytes(PLAIN_PAGE) },
    ]),
  /** imsmanifest.xml that is not well-formed XML (an element never closed). */
  malformedManifest: () =>
    buildScormPackage({
      scorm: "1.2",
      launch: "index.html",
      files: { "index.html": PLAIN_PAGE },
      manifest:
        '<?xml version="1.0"?>\n<manifest identifier="x"><organizations default="o"><organization identifier="o">\n',
    }),
  /** The manifest launches lesson.html, which the zip does not hold. */
  launchFileMissing: () =>
    buildScormPackage({
      scorm: "2004-4th",
      launch: "lesson.html",
      files: { "index.html": PLAIN_PAGE },
      manifest: scormManifest({ scorm: "2004-4th", launch: "lesson.html", files: ["index.html"] }),
    }),
  /** An entry named "../evil.html" (would land outside the package's folder). */
  parentDirectoryEntry: async () =>
    renameZipEntry(
      await zipEntries([
        { path: "imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
        { path: "index.html", bytes: asBytes(PLAIN_PAGE) },
        { path: "zz/evil.html", bytes: asBytes(PLAIN_PAGE) },
      ]),
      "zz/evil.html",
      "../evil.html",
    ),
  /** An entry named "/tmp/evil.html" (an absolute path). */
  absolutePathEntry: async () =>
    renameZipEntry(
      await zipEntries([
        { path: "imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
        { path: "index.html", bytes: asBytes(PLAIN_PAGE) },
        { path: "xtmp/evil.html", bytes: asBytes(PLAIN_PAGE) },
      ]),
      "xtmp/evil.html",
      "/tmp/evil.html",
    ),
  /** An entry named "C:/evil.html" (a Windows drive path). */
  drivePathEntry: async () =>
    renameZipEntry(
      await zipEntries([
        { path: "imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
        { path: "index.html", bytes: asBytes(PLAIN_PAGE) },
        { path: "Cx/evil.html", bytes: asBytes(PLAIN_PAGE) },
      ]),
      "Cx/evil.html",
      "C:/evil.html",
    ),
  /** An entry that is a symbolic link (Unix mode 120777) to /etc/passwd. */
  symlinkEntry: () =>
    zipEntries([
      { path: "imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
      { path: "index.html", bytes: asBytes(PLAIN_PAGE) },
      { path: "passwd", bytes: asBytes("/etc/passwd"), mode: 0o120777 },
    ]),
  /**
   * A package whose one big file of zeros expands to `expandedBytes` (default 101 MiB, past the
   * upload's default limit) though the zip itself is small.
   */
  zipBomb: (expandedBytes = 101 * 1024 * 1024) =>
    zipEntries([
      { path: "imsmanifest.xml", bytes: asBytes(scormManifest({ scorm: "1.2", launch: "index.html" })) },
      { path: "index.html", bytes: asBytes(PLAIN_PAGE) },
      { path: "padding.bin", bytes: new Uint8Array(expandedBytes) },
    ]),
  /** The same, with the big file's stated size patched to 1 byte: only what is counted while expanding shows it. */
  lyingZipBomb: async (expandedBytes = 101 * 1024 * 1024) =>
    understateSize(await badScormPackages.zipBomb(expandedBytes), "padding.bin", 1),
};

export type BadScormPackage = keyof typeof badScormPackages;
