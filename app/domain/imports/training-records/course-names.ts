import type { CourseForRecords } from "../../catalogue/courses-for-records";

/**
 * The key a course name as people typed it is grouped and remembered by: accents and punctuation
 * dropped, lower case, spaces collapsed ("Wrap  3." and "WRAP 3" are one group; "W.R.A.P." is "wrap").
 */
export function courseNameKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A catalogue course whose code or title is the name (once both are keyed the same way), or
 * whose title's bracketed short name is ("WRAP" for "Workshop to Raise Awareness of Prevent
 * (WRAP)"): a suggestion the coordinator confirms, never a remembered mapping. Only when exactly
 * one course fits.
 */
export function suggestCourse(key: string, courses: readonly CourseForRecords[]): CourseForRecords | null {
  const fits = courses.filter((course) => {
    const names = [course.code, course.title, course.title.replace(/\s*\([^)]*\)\s*/g, " ")];
    for (const bracketed of course.title.matchAll(/\(([^)]+)\)/g)) names.push(bracketed[1]!);
    const codeParts = course.code.split(/[-_ ]/);
    if (codeParts.length > 1) names.push(codeParts[codeParts.length - 1]!);
    return names.some((name) => courseNameKey(name) === key);
  });
  return fits.length === 1 ? fits[0]! : null;
}
