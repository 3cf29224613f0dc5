import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { courses, elearningPackageFiles, elearningPackages } from "../../../db/schema";
import type { FileStorage } from "../../../storage/file-storage";
import { recordAuditEvent } from "../../audit/record-event";
import { DomainError } from "../../errors";
import { readScormPackage } from "./read-package";
import type { PackageLimits } from "./values";

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * A new version of a hosted course's package. The zip is read and checked whole first (nothing is
 * kept from a refused upload); then its files are kept content-addressed ("elearning/<sha-256>", so
 * a file unchanged between versions is kept once), and in one transaction the current version is
 * marked replaced and the new one becomes current. Attempts begun on an older version keep it.
 */
export async function uploadPackage(
  db: Database,
  storage: FileStorage,
  input: {
    courseId: number;
    fileName: string;
    bytes: Uint8Array;
    actorAccountId: string;
    now: Date;
    limits?: Partial<PackageLimits>;
  },
): Promise<{ packageId: number; version: number }> {
  const [course] = await db
    .select({ id: courses.id, deliveryMode: courses.deliveryMode, retiredAt: courses.retiredAt })
    .from(courses)
    .where(eq(courses.id, input.courseId));
  if (!course) throw new DomainError("Select a course", "package");
  if (course.deliveryMode !== "hosted_elearning") {
    throw new DomainError("A package can be uploaded only for a hosted e-learning course.", "package");
  }
  if (input.bytes.length === 0) throw new DomainError("Select a SCORM package (a .zip file)", "package");

  const read = await readScormPackage(input.bytes, input.limits);
  const checksum = sha256(input.bytes);
  const files = read.files.map((file) => ({
    path: file.path,
    fileKey: `elearning/${sha256(file.bytes)}`,
    bytes: file.bytes.length,
    contentType: file.contentType,
    content: file.bytes,
  }));
  const kept = new Set<string>();
  for (const file of files) {
    if (kept.has(file.fileKey)) continue;
    kept.add(file.fileKey);
    await storage.put(file.fileKey, file.content);
  }

  const fileName = (input.fileName.split(/[\\/]/).pop() ?? "").trim().slice(0, 200) || "package.zip";
  return db.transaction(async (tx) => {
    // One upload at a time per course: the version numbers and the one current version depend on it.
    await tx.execute(sql`select id from ${courses} where id = ${input.courseId} for update`);
    const [{ latest } = { latest: 0 }] = await tx
      .select({ latest: sql<number>`coalesce(max(${elearningPackages.version}), 0)::int` })
      .from(elearningPackages)
      .where(eq(elearningPackages.courseId, input.courseId));
    const replaced = await tx
      .update(elearningPackages)
      .set({ replacedAt: input.now })
      .where(and(eq(elearningPackages.courseId, input.courseId), isNull(elearningPackages.replacedAt)))
      .returning({ id: elearningPackages.id, version: elearningPackages.version });
    const version = latest + 1;
    const [row] = await tx
      .insert(elearningPackages)
      .values({
        courseId: input.courseId,
        version,
        scormVersion: read.scormVersion,
        schemaVersion: read.schemaVersion,
        title: read.title,
        launchPath: read.launchPath,
        fileName,
        checksum,
        fileCount: files.length,
        totalBytes: read.totalBytes,
        uploadedByAccountId: input.actorAccountId,
        uploadedAt: input.now,
      })
      .returning({ id: elearningPackages.id });
    const packageId = row!.id;
    // 5 parameters a row: 5,000 rows a statement stays inside PostgreSQL's 65,535 parameters.
    for (let start = 0; start < files.length; start += 5000) {
      await tx.insert(elearningPackageFiles).values(
        files.slice(start, start + 5000).map((file) => ({
          packageId,
          path: file.path,
          fileKey: file.fileKey,
          bytes: file.bytes,
          contentType: file.contentType,
        })),
      );
    }
    await recordAuditEvent(tx, {
      actorAccountId: input.actorAccountId,
      action: "elearning.package-upload",
      entityType: "elearning_package",
      entityId: packageId,
      before: replaced[0] ? { packageId: replaced[0].id, version: replaced[0].version } : null,
      after: {
        courseId: input.courseId,
        version,
        fileName,
        checksum,
        scormVersion: read.scormVersion,
        schemaVersion: read.schemaVersion,
        title: read.title,
        launchPath: read.launchPath,
        fileCount: files.length,
        totalBytes: read.totalBytes,
      },
    });
    return { packageId, version };
  });
}
