import { z } from "zod";
import { notFound, requirePermission } from "../../auth/guards.server";
import { requireUser } from "../../auth/session.server";
import { getSessionWithFill } from "../../domain/sessions/list-sessions";
import { idSchema } from "../../lib/request";

const Params = z.object({ sessionId: idSchema });

/** For a session's administration pages: the coordinator, and the session in the URL with its fill (or 404). */
export async function requireSessionToManage(request: Request, params: unknown) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "sessions:manage");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("session");
  const session = await getSessionWithFill(db, parsed.data.sessionId);
  if (!session) notFound("session");
  return { db, user, session };
}
