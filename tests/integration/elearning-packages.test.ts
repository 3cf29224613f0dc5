import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, elearningAttempts, elearningPackageFiles, elearningPackages } from "../../app/db/schema";
import { DomainError } from "../../app/domain/errors";
import {
  currentPackage,
  getPackage,
  listPackageVersions,
  packageFile,
} from "../../app/domain/elearning/packages/packages";
import { readScormPackage } from "../../app/domain/elearning/packages/read-package";
import { uploadPackage } from "../../app/domain/elearning/packages/upload-package";
import { createTestDatabase, type TestDatabase } from "../support/database";
import * as make from "../support/factories";
import {
  PLAIN_PAGE,
  badScormPackages,
  buildScormPackage,
  goodScormPackage,
  scormManifest,
  understateSize,
  zipEntries,
} from "../support/scorm-packages";
import { memoryStorage } from "../support/storage";

/**
 * Hosted SCORM packages: what is read from a good one (version, title, the launch as written), every
 * bad upload refused with its message and nothing stored, and a new version replacing the old with
 * the old one's files and attempts kept.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const NOW = new Date("2026-12-07T10:00:00Z");
let coordinator: string;
let courseId: number;
let learnerId: number;
let storage: ReturnType<typeof memoryStorage>;

beforeEach(async () => {
  await t.reset();
  storage = memoryStorage();
  const council = await make.organisation(t.db, { kind: "council", name: "Northbridge Council" });
  const person = await make.person(t.db, { organisationId: council.id });
  coordinator = (await make.account(t.db, { personId: person.id, roles: ["coordinator"] })).id;
  learnerId = (await make.person(t.db, { organisationId: council.id })).id;
  courseId = (await make.course(t.db, { deliveryMode: "hosted_elearning", title: "Prevent online" })).id;
});

function upload(bytes: Uint8Array, limits?: { maxExpandedBytes?: number; maxFiles?: number; maxUploadBytes?: number }) {
  return uploadPackage(t.db, storage, {
    courseId,
    fileName: "course.zip",
    bytes,
    actorAccountId: coordinator,
    now: NOW,
    ...(limits ? { limits } : {}),
  });
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).field).toBe("package");
  return error as DomainError;
}

describe("reading a package", () => {
  it.each([
    ["1.2", "scorm_1_2", "1.2"],
    ["2004-2nd", "scorm_2004", "CAM 1.3"],
    ["2004-3rd", "scorm_2004", "2004 3rd Edition"],
    ["2004-4th", "scorm_2004", "2004 4th Edition"],
  ] as const)(
    "SCORM %s: version, title and the launch exactly as written",
    async (scorm, scormVersion, schemaVersion) => {
      const read = await readScormPackage(
        await buildScormPackage({
          scorm,
          title: "Prevent & you",
          launch: "content/start.html?lesson=1&mode=normal",
          files: { "content/start.html": PLAIN_PAGE, "content/app.js": "void 0;\n" },
        }),
      );
      expect(read).toMatchObject({
        scormVersion,
        schemaVersion,
        title: "Prevent & you",
        launchPath: "content/start.html?lesson=1&mode=normal",
      });
      expect(read.files.map((f) => [f.path, f.contentType])).toEqual([
        ["imsmanifest.xml", "application/xml"],
        ["content/start.html", "text/html; charset=utf-8"],
        ["content/app.js", "text/javascript; charset=utf-8"],
      ]);
    },
  );

  it("launches the first SCO of the default organisation, past assets, with xml:base and the item's parameters", async () => {
    const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adl="http://www.adlnet.org/xsd/adlcp_v1p3" xml:base="course/">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="second">
    <organization identifier="first"><title>Not the default</title>
      <item identifier="i0" identifierref="r-other"><title>x</title></item>
    </organization>
    <organization identifier="second"><title>The default</title>
      <item identifier="i1"><title>Module</title>
        <item identifier="i2" identifierref="r-asset"><title>Asset</title></item>
        <item identifier="i3" identifierref="r-sco" parameters="?from=item"><title>Lesson</title></item>
      </item>
    </organization>
  </organizations>
  <resources xml:base="lessons/">
    <resource identifier="r-other" type="webcontent" adl:scormType="sco" href="other.html"/>
    <resource identifier="r-asset" type="webcontent" adl:scormType="asset" href="asset.html"/>
    <resource identifier="r-sco" type="webcontent" adl:scormType="sco" href="one/index.html?a=1"/>
  </resources>
</manifest>`;
    const read = await readScormPackage(
      await buildScormPackage({
        scorm: "2004-4th",
        launch: "",
        manifest,
        files: { "course/lessons/one/index.html": PLAIN_PAGE, "course/lessons/asset.html": PLAIN_PAGE },
      }),
    );
    expect(read.title).toBe("The default");
    expect(read.launchPath).toBe("course/lessons/one/index.html?a=1&from=item");
  });

  it("finds the SCORM version from the namespaces when the manifest has no schemaversion", async () => {
    const manifest = scormManifest({ scorm: "1.2", launch: "index.html" }).replace(
      "<schemaversion>1.2</schemaversion>",
      "",
    );
    const read = await readScormPackage(
      await buildScormPackage({ scorm: "1.2", launch: "index.html", manifest, files: { "index.html": PLAIN_PAGE } }),
    );
    expect(read).toMatchObject({ scormVersion: "scorm_1_2", schemaVersion: "1.2" });
  });
});

describe("bad uploads are refused with a message and nothing stored", () => {
  const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
    ["not a zip", badScormPackages.notAZip, /not a zip file/],
    ["an empty file", async () => new Uint8Array(), /Select a SCORM package/],
    ["an empty zip", badScormPackages.empty, /The zip is empty/],
    ["a truncated zip", badScormPackages.truncated, /incomplete: it looks cut short/],
    [
      "no manifest at the root",
      badScormPackages.noManifestAtRoot,
      /must be at the top of the zip, not in “course\/imsmanifest.xml”/,
    ],
    [
      "no manifest at all",
      () => zipEntries([{ path: "index.html", bytes: new TextEncoder().encode(PLAIN_PAGE) }]),
      /no imsmanifest.xml at its top/,
    ],
    ["a malformed manifest", badScormPackages.malformedManifest, /not well-formed XML \(line \d+: /],
    [
      "a missing launch file",
      badScormPackages.launchFileMissing,
      /launches “lesson.html”, but the zip has no file “lesson.html”/,
    ],
    [
      "a ../ entry",
      badScormPackages.parentDirectoryEntry,
      /holds “..\/evil.html”, which would be stored outside the package’s folder/,
    ],
    ["an absolute path", badScormPackages.absolutePathEntry, /holds “\/tmp\/evil.html”, an absolute path/],
    ["a drive path", badScormPackages.drivePathEntry, /holds “C:\/evil.html”, an absolute path/],
    ["a symbolic link", badScormPackages.symlinkEntry, /holds “passwd”, a symbolic link/],
  ];

  it.each(cases)("%s", async (_name, make, message) => {
    const error = await refusal(upload(await make()));
    expect(error.message).toMatch(message);
    expect(storage.keys()).toEqual([]);
    expect(await t.db.select().from(elearningPackages)).toEqual([]);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, "elearning.package-upload"))).toEqual([]);
  });

  it("a zip that expands past the limit, stopped by its stated size", async () => {
    const error = await refusal(upload(await badScormPackages.zipBomb(2_000_000), { maxExpandedBytes: 1_000_000 }));
    expect(error.message).toMatch(/expands to more than 1 MB/);
    expect(storage.keys()).toEqual([]);
  });

  it("a zip that understates its size is stopped while expanding, before it is all expanded", async () => {
    // The zip says padding.bin is 1 byte: only the bytes counted as they come show it is 50 MB.
    const bytes = await badScormPackages.lyingZipBomb(50_000_000);
    const error = await refusal(readScormPackage(bytes, { maxExpandedBytes: 1_000_000 }));
    expect(error.message).toMatch(/expands to more than 1 MB/);
  });

  it("many small files past the total, counted as they expand", async () => {
    const files: Record<string, string> = { "index.html": PLAIN_PAGE };
    for (let i = 0; i < 30; i++) files[`media/${i}.txt`] = "x".repeat(50_000);
    const error = await refusal(
      upload(await buildScormPackage({ scorm: "1.2", launch: "index.html", files }), { maxExpandedBytes: 1_000_000 }),
    );
    expect(error.message).toMatch(/expands to more than 1 MB/);
  });

  it("a zip whose file is shorter than it says is damaged", async () => {
    const bytes = understateSize(await goodScormPackage(), "css/style.css", 1000);
    expect((await refusal(upload(bytes))).message).toMatch(/does not have the size the zip says/);
  });

  it("a package for a course that is not hosted e-learning", async () => {
    courseId = (await make.course(t.db, { deliveryMode: "face_to_face" })).id;
    const error = await refusal(upload(await goodScormPackage()));
    expect(error.message).toMatch(/only for a hosted e-learning course/);
  });

  it("a launch that points at another website", async () => {
    const bytes = await buildScormPackage({
      scorm: "1.2",
      launch: "https://example.com/course.html",
      files: { "index.html": PLAIN_PAGE },
      manifest: scormManifest({ scorm: "1.2", launch: "https://example.com/course.html", files: ["index.html"] }),
    });
    expect((await refusal(upload(bytes))).message).toMatch(/on another website/);
  });

  it("a manifest with no SCO", async () => {
    const manifest = scormManifest({ scorm: "1.2", launch: "index.html" }).replace(
      'adlcp:scormtype="sco"',
      'adlcp:scormtype="asset"',
    );
    const bytes = await buildScormPackage({
      scorm: "1.2",
      launch: "index.html",
      manifest,
      files: { "index.html": PLAIN_PAGE },
    });
    expect((await refusal(upload(bytes))).message).toMatch(/no SCO/);
  });
});

describe("uploading and replacing", () => {
  it("keeps the files content-addressed, the rows, and the audit", async () => {
    const { packageId, version } = await upload(await goodScormPackage({ title: "Version one" }));
    expect(version).toBe(1);
    const current = await currentPackage(t.db, courseId);
    expect(current).toMatchObject({
      id: packageId,
      version: 1,
      title: "Version one",
      launchPath: "index.html",
      fileCount: 3,
    });
    const file = await packageFile(t.db, packageId, "index.html");
    expect(file).toMatchObject({ contentType: "text/html; charset=utf-8", bytes: PLAIN_PAGE.length });
    expect(file!.fileKey).toMatch(/^elearning\/[0-9a-f]{64}$/);
    expect(new TextDecoder().decode((await storage.get(file!.fileKey))!)).toBe(PLAIN_PAGE);
    expect(await packageFile(t.db, packageId, "missing.html")).toBeNull();
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "elearning.package-upload"));
    expect(audit).toMatchObject({ actorAccountId: coordinator, entityId: String(packageId) });
  });

  it("a new version replaces the old; the old keeps its files and its attempts", async () => {
    const first = await upload(await goodScormPackage({ title: "Version one" }));
    const [attempt] = await t.db
      .insert(elearningAttempts)
      .values({ personId: learnerId, courseId, packageId: first.packageId, attemptNumber: 1, location: "page-3" })
      .returning();
    const second = await upload(
      await goodScormPackage({
        title: "Version two",
        files: { "index.html": PLAIN_PAGE, "css/style.css": "body { margin: 1em }\n", "new.html": PLAIN_PAGE },
      }),
    );
    expect(second.version).toBe(2);
    expect((await currentPackage(t.db, courseId))!.id).toBe(second.packageId);
    expect((await getPackage(t.db, first.packageId))!.replacedAt).toEqual(NOW);
    // The old version's files are all still there, and its attempt still points at it.
    for (const row of await t.db
      .select()
      .from(elearningPackageFiles)
      .where(eq(elearningPackageFiles.packageId, first.packageId))) {
      expect(await storage.get(row.fileKey)).not.toBeNull();
    }
    expect(await packageFile(t.db, first.packageId, "css/style.css")).not.toBeNull();
    expect(await packageFile(t.db, first.packageId, "new.html")).toBeNull();
    const [kept] = await t.db.select().from(elearningAttempts).where(eq(elearningAttempts.id, attempt!.id));
    expect(kept).toMatchObject({ packageId: first.packageId, location: "page-3" });
    // The same index.html is kept once for both versions.
    expect((await packageFile(t.db, second.packageId, "index.html"))!.fileKey).toBe(
      (await packageFile(t.db, first.packageId, "index.html"))!.fileKey,
    );
    const history = await listPackageVersions(t.db, courseId);
    expect(history.map((v) => [v.version, v.title, v.attempts, v.replacedAt !== null])).toEqual([
      [2, "Version two", 0, false],
      [1, "Version one", 1, true],
    ]);
  });

  it("a refused upload leaves the current version current", async () => {
    const first = await upload(await goodScormPackage());
    await refusal(upload(await badScormPackages.malformedManifest()));
    expect((await currentPackage(t.db, courseId))!.id).toBe(first.packageId);
    expect(await t.db.select().from(elearningPackages)).toHaveLength(1);
  });
});
