import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { accounts, elearningAttempts, elearningPackageFiles, elearningPackages, people } from "../../../db/schema";

export type ElearningPackage = typeof elearningPackages.$inferSelect;

/** The course's current package version, if one has been uploaded. */
export async function currentPackage(db: Database, courseId: number): Promise<ElearningPackage | undefined> {
  const [row] = await db
    .select()
    .from(elearningPackages)
    .where(and(eq(elearningPackages.courseId, courseId), isNull(elearningPackages.replacedAt)));
  return row;
}

/** One package version by id (current or replaced). */
export async function getPackage(db: Database, packageId: number): Promise<ElearningPackage | undefined> {
  const [row] = await db.select().from(elearningPackages).where(eq(elearningPackages.id, packageId));
  return row;
}

/** A file of a package by its path inside the zip: where its bytes are kept, its type and size; null if none. */
export async function packageFile(
  db: Database,
  packageId: number,
  path: string,
): Promise<{ fileKey: string; contentType: string; bytes: number } | null> {
  const [row] = await db
    .select({
      fileKey: elearningPackageFiles.fileKey,
      contentType: elearningPackageFiles.contentType,
      bytes: elearningPackageFiles.bytes,
    })
    .from(elearningPackageFiles)
    .where(and(eq(elearningPackageFiles.packageId, packageId), eq(elearningPackageFiles.path, path)));
  return row ?? null;
}

export interface PackageVersion {
  id: number;
  version: number;
  scormVersion: ElearningPackage["scormVersion"];
  schemaVersion: string;
  title: string;
  launchPath: string;
  fileName: string;
  fileCount: number;
  totalBytes: number;
  uploadedAt: Date;
  uploadedBy: string | null;
  replacedAt: Date | null;
  attempts: number;
}

/** Every version of a course's package, newest first, with who uploaded it and how many attempts it has. */
export async function listPackageVersions(db: Database, courseId: number): Promise<PackageVersion[]> {
  const rows = await db
    .select({
      id: elearningPackages.id,
      version: elearningPackages.version,
      scormVersion: elearningPackages.scormVersion,
      schemaVersion: elearningPackages.schemaVersion,
      title: elearningPackages.title,
      launchPath: elearningPackages.launchPath,
      fileName: elearningPackages.fileName,
      fileCount: elearningPackages.fileCount,
      totalBytes: elearningPackages.totalBytes,
      uploadedAt: elearningPackages.uploadedAt,
      uploadedBy: sql<string | null>`${people.givenName} || ' ' || ${people.familyName}`,
      replacedAt: elearningPackages.replacedAt,
      attempts: sql<number>`(select count(*)::int from ${elearningAttempts} where ${elearningAttempts.packageId} = ${elearningPackages.id})`,
    })
    .from(elearningPackages)
    .leftJoin(accounts, eq(accounts.id, elearningPackages.uploadedByAccountId))
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(eq(elearningPackages.courseId, courseId))
    .orderBy(desc(elearningPackages.version), asc(elearningPackages.id));
  return rows;
}

/** A package version's files: path, storage key and size, by path. */
export async function listPackageFiles(
  db: Database,
  packageId: number,
): Promise<Array<{ path: string; fileKey: string; bytes: number; contentType: string }>> {
  return db
    .select({
      path: elearningPackageFiles.path,
      fileKey: elearningPackageFiles.fileKey,
      bytes: elearningPackageFiles.bytes,
      contentType: elearningPackageFiles.contentType,
    })
    .from(elearningPackageFiles)
    .where(eq(elearningPackageFiles.packageId, packageId))
    .orderBy(asc(elearningPackageFiles.path));
}
