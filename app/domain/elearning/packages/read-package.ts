import { XMLParser, XMLValidator } from "fast-xml-parser";
import yauzl from "yauzl";
import type { ScormVersion } from "../../../lib/values";
import { DomainError } from "../../errors";
import { contentTypeFor } from "./content-types";
import { DEFAULT_PACKAGE_LIMITS, MAX_MANIFEST_BYTES, type PackageLimits, megabytes } from "./values";

/**
 * Reads an uploaded SCORM package: the zip entry by entry (yauzl), each entry's bytes counted as
 * they expand so a zip bomb is stopped at the limit, not after; then imsmanifest.xml with a real XML
 * parser, for the SCORM version, the title and the first SCO of the default organisation. Anything
 * wrong is a DomainError on the form's "package" field, and nothing has been stored.
 */

export interface PackageFileContent {
  /** Relative to the package root, as the zip names it. */
  path: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface ScormPackage {
  scormVersion: ScormVersion;
  /** As the manifest states it ("1.2", "2004 4th Edition", "CAM 1.3"), or the version found from its namespaces. */
  schemaVersion: string;
  title: string;
  /** The first SCO's href with xml:base applied, exactly as written (query string included). */
  launchPath: string;
  files: PackageFileContent[];
  totalBytes: number;
}

const FIELD = "package";
const MANIFEST = "imsmanifest.xml";

function refuse(message: string): never {
  throw new DomainError(message, FIELD, "package");
}

function quoted(name: string): string {
  return `“${name.length > 120 ? `${name.slice(0, 117)}…` : name}”`;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Turns yauzl's own refusals (it checks names and sizes too) into messages a coordinator can act on. */
function messageForZipError(error: Error): string {
  const message = error.message;
  const name = (prefix: string) => message.slice(prefix.length).trim();
  if (message.startsWith("invalid relative path:")) {
    return `The zip holds ${quoted(name("invalid relative path:"))}, which would be stored outside the package’s folder. Remove it and zip the package again.`;
  }
  if (message.startsWith("absolute path:")) {
    return `The zip holds ${quoted(name("absolute path:"))}, an absolute path, which would be stored outside the package’s folder. Zip the package again from inside its folder.`;
  }
  if (message.startsWith("invalid characters in fileName:")) {
    return `The zip holds ${quoted(name("invalid characters in fileName:"))}, a name with a backslash. Zip the package again with a standard zip tool.`;
  }
  if (/too many bytes|not enough bytes/.test(message)) {
    return "The zip is damaged: a file in it does not have the size the zip says. Export the package again.";
  }
  if (/encrypt/i.test(message)) {
    return "The zip is password-protected. Upload a package without a password.";
  }
  if (/unsupported compression method/.test(message)) {
    return "The zip uses a kind of compression this service cannot read. Zip the package again with a standard zip tool.";
  }
  return "The zip is damaged or cut short, so it could not be read. Export the package again and upload it.";
}

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      // Sizes are checked here, while counting (a zip that understates them is stopped at the limit).
      { lazyEntries: true, validateEntrySizes: false, strictFileNames: true, decodeStrings: true },
      (error, zip) => {
        if (error || !zip) {
          const startsLikeAZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
          if (/End of central directory record signature not found/.test(error?.message ?? "")) {
            reject(
              new DomainError(
                startsLikeAZip
                  ? "The zip is incomplete: it looks cut short (truncated), perhaps while it was copied or uploaded. Upload the whole file again."
                  : "The selected file is not a zip file. Upload the SCORM package as a .zip file.",
                FIELD,
                "package",
              ),
            );
          } else {
            reject(new DomainError(messageForZipError(error ?? new Error("unreadable")), FIELD, "package"));
          }
          return;
        }
        resolve(zip);
      },
    );
  });
}

/** Every file of the zip, each counted as it expands against what is left of the limit. */
async function expandEntries(
  zip: yauzl.ZipFile,
  limits: PackageLimits,
): Promise<{ files: PackageFileContent[]; totalBytes: number }> {
  const files: PackageFileContent[] = [];
  const seen = new Set<string>();
  let totalBytes = 0;
  const tooBig = () =>
    new DomainError(
      `The package expands to more than ${megabytes(limits.maxExpandedBytes)}, the most a package may hold once unzipped.`,
      FIELD,
      "package",
    );

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      zip.close();
      reject(
        error instanceof DomainError ? error : new DomainError(messageForZipError(error as Error), FIELD, "package"),
      );
    };
    zip.on("error", fail);
    zip.on("end", () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      if (settled) return;
      const path = entry.fileName;
      if (path.endsWith("/")) {
        zip.readEntry();
        return;
      }
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        fail(
          new DomainError(
            `The zip holds ${quoted(path)}, a symbolic link. Packages may hold only ordinary files: zip the package again without links.`,
            FIELD,
            "package",
          ),
        );
        return;
      }
      if (entry.isEncrypted()) {
        fail(new Error("encrypted entry"));
        return;
      }
      if (seen.has(path)) {
        fail(new DomainError(`The zip holds ${quoted(path)} twice. Zip the package again.`, FIELD, "package"));
        return;
      }
      seen.add(path);
      if (files.length >= limits.maxFiles) {
        fail(
          new DomainError(
            `The package holds more than ${limits.maxFiles.toLocaleString("en-GB")} files.`,
            FIELD,
            "package",
          ),
        );
        return;
      }
      // What the zip says is only a claim: it is checked here, and the bytes are counted below.
      if (totalBytes + entry.uncompressedSize > limits.maxExpandedBytes) {
        fail(tooBig());
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          fail(error ?? new Error("unreadable entry"));
          return;
        }
        const chunks: Buffer[] = [];
        let entryBytes = 0;
        stream.on("data", (chunk: Buffer) => {
          if (settled) return;
          entryBytes += chunk.length;
          totalBytes += chunk.length;
          if (totalBytes > limits.maxExpandedBytes) {
            stream.destroy();
            fail(tooBig());
            return;
          }
          chunks.push(chunk);
        });
        stream.on("error", fail);
        stream.on("end", () => {
          if (settled) return;
          if (entryBytes !== entry.uncompressedSize) {
            fail(new Error("not enough bytes or too many bytes in the stream"));
            return;
          }
          const bytes = new Uint8Array(Buffer.concat(chunks, entryBytes));
          files.push({ path, bytes, contentType: contentTypeFor(path) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return { files, totalBytes };
}

// ---------------------------------------------------------------- the manifest

type XmlNode = Record<string, unknown>;

const REPEATED = new Set(["organization", "item", "resource", "file", "dependency"]);

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== "object") return [];
  const found: XmlNode[] = [];
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key === "@" || localName(key) !== name) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      found.push(one && typeof one === "object" ? (one as XmlNode) : { "#text": one });
    }
  }
  return found;
}

function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function attributes(node: unknown): Record<string, string> {
  const group = node && typeof node === "object" ? (node as XmlNode)["@"] : undefined;
  return group && typeof group === "object" ? (group as Record<string, string>) : {};
}

/** An attribute by its local name, whatever prefix the manifest gives it (adlcp:scormtype, adlcp:scormType…). */
function attribute(node: unknown, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(attributes(node))) {
    if (key.startsWith("xmlns")) continue;
    if (localName(key).toLowerCase() === wanted) return String(value);
  }
  return undefined;
}

function text(node: XmlNode | undefined): string {
  if (!node) return "";
  const value = node["#text"];
  return value === undefined || value === null ? "" : String(value).trim();
}

function decodeManifest(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

function parseManifest(bytes: Uint8Array): XmlNode {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    refuse(`The package’s ${MANIFEST} is larger than ${megabytes(MAX_MANIFEST_BYTES)}.`);
  }
  const xml = decodeManifest(bytes);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    refuse(
      `The package’s ${MANIFEST} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). Export the package again from the authoring tool.`,
    );
  }
  if (/<!ENTITY/i.test(xml)) {
    refuse(`The package’s ${MANIFEST} declares its own XML entities, which this service does not read.`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    attributesGroupName: "@",
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => REPEATED.has(localName(name)),
  });
  const document = parser.parse(xml) as XmlNode;
  const manifest = child(document, "manifest");
  if (!manifest) refuse(`The package’s ${MANIFEST} has no <manifest> element, so it is not a SCORM manifest.`);
  return manifest;
}

/** Every namespace the manifest declares, on any element. */
function namespaces(node: unknown, found: string[] = []): string[] {
  if (!node || typeof node !== "object") return found;
  for (const [key, value] of Object.entries(attributes(node))) {
    if (key === "xmlns" || key.startsWith("xmlns:")) found.push(String(value));
  }
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key === "@") continue;
    for (const one of Array.isArray(value) ? value : [value]) namespaces(one, found);
  }
  return found;
}

function scormVersionOf(manifest: XmlNode): { scormVersion: ScormVersion; schemaVersion: string } {
  const stated = text(child(child(manifest, "metadata"), "schemaversion"));
  if (stated) {
    if (/^1\.2$/.test(stated)) return { scormVersion: "scorm_1_2", schemaVersion: stated };
    if (/^CAM\s*1\.3$/i.test(stated) || /2004/.test(stated))
      return { scormVersion: "scorm_2004", schemaVersion: stated };
    refuse(
      `The package’s manifest says it follows SCORM schema version ${quoted(stated)}: packages must be SCORM 1.2 or SCORM 2004.`,
    );
  }
  const declared = namespaces(manifest).join(" ");
  if (/adlcp_rootv1p2/i.test(declared)) return { scormVersion: "scorm_1_2", schemaVersion: "1.2" };
  if (/adlcp_v1p3/i.test(declared)) return { scormVersion: "scorm_2004", schemaVersion: "2004" };
  refuse(
    "The package’s manifest does not say which version of SCORM it follows (no schemaversion, no SCORM namespace): packages must be SCORM 1.2 or SCORM 2004.",
  );
}

/** xml:base values apply to what they enclose, so they are joined, each as a folder. */
function joinBase(base: string, next: string | undefined): string {
  if (!next) return base;
  if (/^[a-z][a-z0-9+.-]*:/i.test(next) || next.startsWith("/")) return next;
  const folder = next.endsWith("/") ? next : next.slice(0, next.lastIndexOf("/") + 1);
  return base + folder;
}

function xmlBase(node: unknown): string | undefined {
  return attributes(node)["xml:base"];
}

/** The SCO's launch: its href with the item's parameters added, as SCORM's content packaging says. */
function withParameters(href: string, parameters: string | undefined): string {
  if (!parameters) return href;
  if (parameters.startsWith("#")) return href.includes("#") ? href : href + parameters;
  const query = parameters.replace(/^[?&]+/, "");
  if (!query) return href;
  const hash = href.indexOf("#");
  const [beforeHash, afterHash] = hash === -1 ? [href, ""] : [href.slice(0, hash), href.slice(hash)];
  return `${beforeHash}${beforeHash.includes("?") ? "&" : "?"}${query}${afterHash}`;
}

function findLaunch(manifest: XmlNode): { title: string; launchPath: string } {
  const organizations = child(manifest, "organizations");
  const all = children(organizations, "organization");
  const defaultId = attribute(organizations, "default");
  const organization = all.find((o) => attribute(o, "identifier") === defaultId) ?? all[0];
  const resourcesNode = child(manifest, "resources");
  const resources = children(resourcesNode, "resource");
  const byId = new Map(resources.map((r) => [attribute(r, "identifier") ?? "", r]));
  const title = text(child(organization, "title")) || "Untitled package";

  const items: XmlNode[] = [];
  const walk = (node: unknown) => {
    for (const item of children(node, "item")) {
      items.push(item);
      walk(item);
    }
  };
  walk(organization);
  for (const item of items) {
    const ref = attribute(item, "identifierref");
    const resource = ref ? byId.get(ref) : undefined;
    if (!resource || (attribute(resource, "scormtype") ?? "").toLowerCase() !== "sco") continue;
    const href = attribute(resource, "href");
    if (!href) refuse(`The manifest’s SCO ${quoted(ref ?? "")} has no href, so there is nothing to launch.`);
    const base = joinBase(joinBase(joinBase("", xmlBase(manifest)), xmlBase(resourcesNode)), xmlBase(resource));
    const launch = /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/") ? href : base + href;
    return { title, launchPath: withParameters(launch, attribute(item, "parameters")) };
  }
  if (!organization) refuse("The package’s manifest has no organisation of content, so there is nothing to launch.");
  refuse(
    'The package’s manifest has no SCO (a resource with adlcp:scormtype="sco") in its default organisation, so there is nothing to launch.',
  );
}

/** The launch path's file, checked to stay in the package and to be in the zip. */
function checkLaunch(launchPath: string, paths: Set<string>): void {
  if (/^[a-z][a-z0-9+.-]*:/i.test(launchPath) || launchPath.startsWith("//")) {
    refuse(
      `The package launches ${quoted(launchPath)}, on another website, rather than content in the zip: it cannot be hosted here.`,
    );
  }
  const filePart = launchPath.split(/[?#]/)[0]!;
  const segments: string[] = [];
  for (const segment of filePart.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) {
        refuse(`The package launches ${quoted(launchPath)}, which is outside the package’s folder.`);
      }
      segments.pop();
    } else segments.push(segment);
  }
  const normalised = segments.join("/");
  let decoded = normalised;
  try {
    decoded = decodeURIComponent(normalised);
  } catch {
    // A stray % stays as written.
  }
  if (!paths.has(normalised) && !paths.has(decoded)) {
    refuse(
      `The package’s manifest launches ${quoted(launchPath)}, but the zip has no file ${quoted(decoded || filePart)}. Export the package again.`,
    );
  }
}

export async function readScormPackage(
  zipBytes: Uint8Array,
  limits: Partial<PackageLimits> = {},
): Promise<ScormPackage> {
  const limit: PackageLimits = { ...DEFAULT_PACKAGE_LIMITS, ...limits };
  if (zipBytes.length === 0) refuse("The selected file is empty.");
  if (zipBytes.length > limit.maxUploadBytes) {
    refuse(`The selected file must be smaller than ${megabytes(limit.maxUploadBytes)}.`);
  }
  const zip = await openZip(zipBytes);
  if (zip.entryCount === 0) {
    zip.close();
    refuse("The zip is empty: it holds no files. Upload the SCORM package with its files.");
  }
  const { files, totalBytes } = await expandEntries(zip, limit);
  if (files.length === 0) refuse("The zip is empty: it holds only folders. Upload the SCORM package with its files.");
  const manifestFile = files.find((f) => f.path === MANIFEST);
  if (!manifestFile) {
    const elsewhere = files.find(
      (f) => f.path.toLowerCase().endsWith(`/${MANIFEST}`) || f.path.toLowerCase() === MANIFEST,
    );
    refuse(
      elsewhere
        ? `The package’s ${MANIFEST} must be at the top of the zip, not in ${quoted(elsewhere.path)}. Zip the package’s contents, not the folder they are in.`
        : `The zip has no ${MANIFEST} at its top, so it is not a SCORM package. Export the course from the authoring tool as SCORM 1.2 or SCORM 2004.`,
    );
  }
  const manifest = parseManifest(manifestFile.bytes);
  const { scormVersion, schemaVersion } = scormVersionOf(manifest);
  const { title, launchPath } = findLaunch(manifest);
  checkLaunch(launchPath, new Set(files.map((f) => f.path)));
  return { scormVersion, schemaVersion, title: title.slice(0, 500), launchPath, files, totalBytes };
}
