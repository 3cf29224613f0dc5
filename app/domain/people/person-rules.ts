/**
 * The checks on a person's details, shared by the screens that add and change people by hand and
 * by the roster import, so both refuse the same things in the same words. Pure: no database.
 */
import { z } from "zod";
import { isRealIsoDate } from "../../lib/dates";

/** A cell a spreadsheet would run as a formula when the file is opened again (CSV injection). */
export function formulaProblem(value: string): string | null {
  if (/^[=+@\t\r]/.test(value) || /^-[^\d\s]/.test(value)) {
    return `"${value.slice(0, 40)}" starts with ${JSON.stringify(value[0])}, so a spreadsheet would run it as a formula`;
  }
  return null;
}

const emailSchema = z.email();

/** An e-mail address in the usual form, or why not. */
export function emailProblem(value: string): string | null {
  if (value.length > 254 || !emailSchema.safeParse(value).success) {
    return "Enter an e-mail address in the correct format, like name@example.com";
  }
  return null;
}

/** E-mail addresses are unique regardless of case. */
export function emailKey(value: string): string {
  return value.trim().toLowerCase();
}

/** A start date and an optional leaving date (YYYY-MM-DD), or what is wrong with them. */
export function datesProblem(
  startDate: string,
  leavingDate: string | null,
): { field: "startDate" | "leavingDate"; reason: string } | null {
  if (!isRealIsoDate(startDate)) return { field: "startDate", reason: "The start date must be a real date" };
  if (leavingDate !== null && !isRealIsoDate(leavingDate)) {
    return { field: "leavingDate", reason: "The leaving date must be a real date" };
  }
  if (leavingDate !== null && leavingDate < startDate) {
    return { field: "leavingDate", reason: "The leaving date must be the same as or after the start date" };
  }
  return null;
}

/**
 * Chains of line management that come back to where they started, each as its people's keys in
 * order ("A manages B, B manages A" → [A, B]). `managerOf` maps a person to their manager's key.
 */
export function managementLoops(managerOf: ReadonlyMap<string, string | null>): string[][] {
  const loops: string[][] = [];
  const settled = new Set<string>();
  for (const start of managerOf.keys()) {
    if (settled.has(start)) continue;
    const chain: string[] = [];
    const onChain = new Map<string, number>();
    let current: string | null | undefined = start;
    while (current != null && !settled.has(current) && !onChain.has(current)) {
      onChain.set(current, chain.length);
      chain.push(current);
      current = managerOf.get(current);
    }
    if (current != null && onChain.has(current)) loops.push(chain.slice(onChain.get(current)));
    for (const key of chain) settled.add(key);
  }
  return loops;
}
