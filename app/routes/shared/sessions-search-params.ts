import { z } from "zod";
import { pageSchema } from "../../lib/pagination";
import { idSchema } from "../../lib/request";

/** The sessions list's query string: which sessions, which page, and what just happened. */
export const SessionsQuery = z.object({
  when: z.enum(["upcoming", "past", "all"]).catch("upcoming"),
  course: idSchema.optional().catch(undefined),
  page: pageSchema,
  scheduled: z.coerce.number().int().positive().optional().catch(undefined),
  updated: z.coerce.number().int().positive().optional().catch(undefined),
  cancelled: z.coerce.number().int().positive().optional().catch(undefined),
});
