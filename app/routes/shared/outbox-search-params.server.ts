import { z } from "zod";
import { formValues } from "../../lib/forms";
import { readQuery } from "../../lib/request";
import { NOTIFICATION_STATUSES } from "../../lib/values";
import type { KeysetCursor } from "../../lib/keyset-cursor";
import { readCursor } from "./keyset-search-params.server";

const OutboxQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional().catch(undefined),
  kind: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9.-]*$/)
    .catch(""),
});

export type OutboxQueryValues = z.infer<typeof OutboxQuery> & { cursor: KeysetCursor };

/** The outbox's filters and cursor from its query string; a filter it cannot read is ignored, a bad cursor is a 400. */
export function readOutboxQuery(request: Request): OutboxQueryValues {
  const query = readQuery(request);
  return { ...OutboxQuery.parse(formValues(query)), cursor: readCursor(query) };
}
