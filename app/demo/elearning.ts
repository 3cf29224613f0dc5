import archiver from "archiver";
import type { Database } from "../db/database";
import { uploadPackage } from "../domain/elearning/packages/upload-package";
import type { FileStorage } from "../storage/file-storage";
import { COURSE_CODES } from "./catalogue";
import indexHtml from "./elearning/safeguarding-children-1/index.html?raw";
import manifest from "./elearning/safeguarding-children-1/imsmanifest.xml?raw";
import lessonCss from "./elearning/safeguarding-children-1/lesson.css?raw";
import lessonJs from "./elearning/safeguarding-children-1/lesson.js?raw";

/**
 * The demo's hosted e-learning: a small real SCORM 1.2 lesson (four pages and a three-question quiz
 * that reports passed or failed with a score) for "Safeguarding children level 1", zipped here and
 * uploaded the way the coordinator's page does it, so a learner can play it on day one.
 */

const LESSON_FILES: Record<string, string> = {
  "imsmanifest.xml": manifest,
  "index.html": indexHtml,
  "lesson.js": lessonJs,
  "lesson.css": lessonCss,
};

/** The same bytes every time (fixed dates), so the demo's package has the same checksum on every seed. */
async function zipLesson(): Promise<Uint8Array> {
  const zip = archiver("zip", { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  zip.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    zip.on("end", resolve);
    zip.on("error", reject);
  });
  for (const [name, text] of Object.entries(LESSON_FILES)) {
    zip.append(text, { name, date: new Date("2026-01-05T09:00:00Z") });
  }
  await zip.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function writeDemoElearning(
  tx: Database,
  input: { courseIds: ReadonlyMap<string, number>; coordinatorAccountId: string; storage: FileStorage; now: Date },
): Promise<void> {
  const courseId = input.courseIds.get(COURSE_CODES.safeguardingChildren1);
  if (courseId === undefined) throw new Error("seedDemo: the hosted e-learning course is missing");
  await uploadPackage(tx, input.storage, {
    courseId,
    fileName: "safeguarding-children-level-1.zip",
    bytes: await zipLesson(),
    actorAccountId: input.coordinatorAccountId,
    now: input.now,
  });
}
