import { formatDate } from "./dates";

/** What an attended booking whose completion was revoked says beside "Attended". */
export function revokedCompletionText(booking: {
  completionRevokedAt: string | null;
  issuesCertificate: boolean;
}): string | null {
  if (booking.completionRevokedAt === null) return null;
  return `${booking.issuesCertificate ? "Certificate" : "Completion"} revoked on ${formatDate(booking.completionRevokedAt)}`;
}
