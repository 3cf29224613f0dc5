import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requireSessionAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { getSession } from "../domain/sessions/get-session";
import { listRegister } from "../domain/sessions/list-register";
import { env } from "../env.server";
import { renderSignInSheet, signInSheetFilename } from "../pdf/sign-in-sheet";

const Params = z.object({ sessionId: z.coerce.number().int().positive().max(2_147_483_647) });

/** /sessions/123/register.pdf: the printable sign-in sheet of everyone with a place. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("session");
  const session = await getSession(db, parsed.data.sessionId);
  if (!session) notFound("session");
  requireSessionAccess(user, "register:take", session);
  const register = await listRegister(db, session.id);
  const sheet = {
    councilName: env().COUNCIL_NAME,
    courseTitle: session.courseTitle,
    courseCode: session.courseCode,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    date: session.date,
    place: session.online ? "Online" : (session.venue ?? ""),
    trainerName: session.trainerName,
    people: register
      .filter((r) => r.status !== "waitlisted")
      .map((r) => ({ name: r.name, organisationName: r.organisationName })),
  };
  const [pdf] = await Promise.all([
    renderSignInSheet(sheet),
    recordRead(db, user, {
      action: "export.downloaded",
      entityType: "session",
      entityId: session.id,
      details: { file: "register.pdf", people: sheet.people.length },
    }),
  ]);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${signInSheetFilename(sheet)}"`,
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
