import { z } from "zod";
import type { KeysetCursor } from "../../lib/keyset-cursor";
import { AUDIT_ACTION_WORDS } from "../../domain/audit/values";
import { isRealIsoDate } from "../../lib/dates";
import { formValues } from "../../lib/forms";
import { idSchema, readQuery } from "../../lib/request";
import { readCursor } from "./keyset-search-params.server";

const dayPart = z.string().trim().max(4).catch("");

const AuditQuery = z.object({
  kind: z.enum(["", "changes", "reads"]).catch(""),
  // One of the actions in words; anything else (an old link's prefix) shows everything.
  action: z
    .string()
    .trim()
    .refine((a) => a === "" || Object.hasOwn(AUDIT_ACTION_WORDS, a))
    .catch(""),
  entity: z.string().trim().max(50).catch(""),
  id: z.string().trim().max(100).catch(""),
  person: idSchema.optional().catch(undefined),
  actor: z.string().trim().max(100).catch(""),
  "from-day": dayPart,
  "from-month": dayPart,
  "from-year": dayPart,
  "to-day": dayPart,
  "to-month": dayPart,
  "to-year": dayPart,
});

export type DateParts = { day: string; month: string; year: string };

/** A day from the three boxes of a GOV.UK date input: the ISO date, nothing when all are empty, an error otherwise. */
function dayFrom(parts: DateParts, which: string): { date?: string; error?: string } {
  if (!parts.day && !parts.month && !parts.year) return {};
  const iso = `${parts.year.padStart(4, "0")}-${parts.month.padStart(2, "0")}-${parts.day.padStart(2, "0")}`;
  if (!/^\d+$/.test(parts.day + parts.month + parts.year) || parts.year.length !== 4 || !isRealIsoDate(iso)) {
    return { error: `The ${which} date must be a real date, for example 24 11 2026` };
  }
  return { date: iso };
}

export interface AuditSearch {
  kind: "" | "changes" | "reads";
  action: string;
  entity: string;
  id: string;
  person?: number;
  actor: string;
  from: DateParts & { date?: string; error?: string };
  to: DateParts & { date?: string; error?: string };
  cursor: KeysetCursor;
}

/** The audit log's filters and cursor from its query string: filters it cannot read are left out; a bad cursor is a 400. */
export function readAuditSearch(request: Request): AuditSearch {
  const query = readQuery(request);
  const cursor = readCursor(query);
  const q = AuditQuery.parse(formValues(query));
  const fromParts = { day: q["from-day"], month: q["from-month"], year: q["from-year"] };
  const toParts = { day: q["to-day"], month: q["to-month"], year: q["to-year"] };
  const from = dayFrom(fromParts, "from");
  let to = dayFrom(toParts, "to");
  // A range that ends before it starts holds nothing: said, as on the sessions list, and its end ignored.
  if (from.date && to.date && to.date < from.date) {
    to = { error: "The to date must be the same as or after the from date" };
  }
  return {
    kind: q.kind,
    action: q.action,
    entity: q.entity,
    id: q.id,
    person: q.person,
    actor: q.actor,
    from: { ...fromParts, ...from },
    to: { ...toParts, ...to },
    cursor,
  };
}
