import { z } from "zod";
import { formValues } from "../../lib/forms";
import { readQuery } from "../../lib/request";
import { NOTIFICATION_STATUSES } from "../../lib/values";

const OutboxQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional().catch(undefined),
  kind: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9.-]*$/)
    .catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type OutboxQueryValues = z.infer<typeof OutboxQuery>;

/** The outbox's filters and page from its query string; anything unreadable is ignored. */
export function readOutboxQuery(request: Request): OutboxQueryValues {
  return OutboxQuery.parse(formValues(readQuery(request)));
}
