import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { forbidden, notFound } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/session.server";
import { hasAttemptOnPackage } from "../domain/elearning/attempts/attempts";
import { packageFile } from "../domain/elearning/packages/packages";
import { idSchema } from "../lib/request";
import { fileStorage } from "../storage/storage.server";

/** A path inside a package as the zip names it: no "..", no leading slash, no backslash or control character. */
const Params = z.object({
  packageId: idSchema,
  "*": z
    .string()
    .min(1)
    .max(1000)
    .refine(
      (path) =>
        !path.startsWith("/") &&
        !path.includes("\\") &&
        ![...path].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127) &&
        !path.split("/").some((segment) => segment === ".." || segment === "."),
    ),
});

/**
 * /elearning/content/:packageId/<path>: a package's files, for the frame of the player. Served to
 * a learner with an attempt on that package version, and to the coordinator (who manages
 * packages); anyone else gets the same 404 as for a path the package does not have. The
 * response carries the content's own Content Security Policy (server/security-headers.mjs).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const manages = can(user, "elearning:manage-packages");
  if (!manages && !can(user, "elearning:play")) forbidden("elearning:play");
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("file");
  const { packageId, "*": path } = parsed.data;
  const allowed =
    manages || (user.personId !== null && (await hasAttemptOnPackage(db, { personId: user.personId, packageId })));
  if (!allowed) notFound("file");
  const file = await packageFile(db, packageId, path);
  if (!file) notFound("file");
  const bytes = await fileStorage().get(file.fileKey);
  if (!bytes) notFound("file");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(bytes.byteLength),
      // Keys name content, so a file never changes under its path in one package version.
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
