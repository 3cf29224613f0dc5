import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePersonAccess } from "../auth/guards.server";
import { requireUser } from "../auth/session.server";
import { recordRead } from "../domain/audit/reads";
import { getBooking } from "../domain/sessions/get-booking";
import { bookingCalendar } from "../domain/sessions/booking-calendar";
import { env } from "../env.server";
import { onDomainError } from "./shared/domain-errors.server";

const Params = z.object({ bookingId: z.coerce.number().int().positive().max(2_147_483_647) });

/**
 * /bookings/123/calendar.ics: the booking as a calendar invitation, or as its cancellation once
 * the booking or the session is cancelled (same UID, so it disappears from the calendar).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) notFound("booking");
  const booking = await getBooking(db, parsed.data.bookingId);
  if (!booking) notFound("booking");
  await requirePersonAccess(db, user, "record:view", booking.personId);
  const { COUNCIL_NAME, PUBLIC_URL, TRAINING_TEAM_EMAIL } = env();
  // A place on the waiting list has no invitation yet: a 404 that says why.
  const file = await onDomainError(
    () =>
      bookingCalendar(db, booking.id, {
        organiser: {
          name: `${COUNCIL_NAME} Prevent training`,
          email: TRAINING_TEAM_EMAIL,
        },
        publicUrl: PUBLIC_URL,
      }),
    (error) => {
      throw new Response(error.message, { status: 404, statusText: "Not Found" });
    },
  );
  if (!file) notFound("booking");
  // Someone else's booking says where and when they will be: audited (decision 010); one's own is not.
  await recordRead(db, user, {
    action: "export.downloaded",
    entityType: "booking",
    entityId: booking.id,
    subjectPersonId: booking.personId,
    details: { file: "calendar.ics" },
  });
  return new Response(file.content, {
    headers: {
      "Content-Type": `text/calendar; charset=utf-8; method=${file.method}`,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
