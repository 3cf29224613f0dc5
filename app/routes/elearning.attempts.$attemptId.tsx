import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, postOnly, requirePermission } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { getAttempt, saveAttempt } from "../domain/elearning/attempts/attempts";
import { MAX_STATE_CHARACTERS, runtimeStateSchema } from "../domain/elearning/attempts/runtime-state";
import { badRequest, idSchema } from "../lib/request";

const Params = z.object({ attemptId: idSchema });

/**
 * The player's saves: POST /elearning/attempts/:attemptId with the runtime's model as JSON, sent
 * by fetch (application/json, keepalive) or by navigator.sendBeacon as the window closes (a
 * string body arrives as text/plain). Only the attempt's own person; 400 for a body that is not
 * the model; saving the same state twice, or after the completion was recorded, changes nothing.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await requireUser(request);
  requirePermission(user, "elearning:play");
  const parsed = Params.safeParse(params);
  if (!parsed.success || user.personId === null) notFound("attempt");
  const attempt = await getAttempt(db, { attemptId: parsed.data.attemptId, personId: user.personId });
  if (!attempt) notFound("attempt");

  const state = runtimeStateSchema(attempt.scormVersion).safeParse(await readModel(request));
  if (!state.success) {
    const issue = state.error.issues[0];
    badRequest(`The progress could not be saved: ${issue?.path.join(".") ?? "body"}: ${issue?.message ?? "not valid"}`);
  }
  const result = await saveAttempt(db, {
    attemptId: attempt.id,
    personId: user.personId,
    actorAccountId: user.accountId,
    state: state.data,
    now: new Date(),
  });
  if (!result) notFound("attempt");
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}

/** Only the player's saves post here: a GET is a 404, not Remix's logged 400 for a route with no loader. */
export const loader = postOnly;

/** JSON sent as application/json (fetch) or text/plain (sendBeacon); a 400 for anything else. */
async function readModel(request: Request): Promise<unknown> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase().split(";")[0]!.trim();
  if (type !== "application/json" && type !== "text/plain") {
    badRequest("The progress must be sent as JSON.");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_STATE_CHARACTERS * 4) badRequest("The progress sent is too large.");
  let text: string;
  try {
    text = await request.text();
  } catch {
    badRequest("The progress could not be read. Try again.");
  }
  if (text.length > MAX_STATE_CHARACTERS) badRequest("The progress sent is too large.");
  // PostgreSQL keeps no NUL in text or JSON: refuse it here, as app/lib/request does for forms.
  if (text.includes("\u0000") || /\\u0000/i.test(text)) badRequest("The progress contained a NUL character.");
  try {
    return JSON.parse(text);
  } catch {
    badRequest("The progress must be sent as JSON.");
  }
}
