import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { messageText } from "../../app/domain/notifications/message-text";
import type { NotificationKind } from "../../app/domain/notifications/notify";
import { MESSAGE_TEMPLATES } from "../../app/domain/notifications/templates";

const SERVICE = "https://training.example.gov.uk";

const session = {
  sessionId: 7,
  bookingId: 42,
  courseTitle: "Prevent awareness workshop",
  startsAt: "2026-11-24T09:30:00.000Z",
  endsAt: "2026-11-24T12:30:00.000Z",
  venue: "Town Hall",
  joiningLink: null,
};

describe("MESSAGE_TEMPLATES", () => {
  it("names a NOTIFY_TEMPLATE_ setting for every kind, each different", () => {
    const settings = Object.values(MESSAGE_TEMPLATES).map((t) => t.setting);
    expect(new Set(settings).size).toBe(settings.length);
    for (const s of settings) expect(s).toMatch(/^NOTIFY_TEMPLATE_[A-Z0-9_]+$/);
    expect(MESSAGE_TEMPLATES["booking.confirmed"].setting).toBe("NOTIFY_TEMPLATE_BOOKING_CONFIRMED");
    expect(MESSAGE_TEMPLATES["attendance.no-show"].setting).toBe("NOTIFY_TEMPLATE_ATTENDANCE_NO_SHOW");
  });

  it("is documented in the README: every kind with its setting, one row each", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const [kind, t] of Object.entries(MESSAGE_TEMPLATES)) {
      expect(readme, kind).toContain(`| \`${kind}\` | \`${t.setting}\` |`);
    }
  });

  it("gives every kind the app's own words, with links made absolute, and only strings", () => {
    for (const [kind, t] of Object.entries(MESSAGE_TEMPLATES) as [
      NotificationKind,
      (typeof MESSAGE_TEMPLATES)[NotificationKind],
    ][]) {
      const p = t.personalisation(
        { ...session, link: `${SERVICE}/x`, certificatePath: "/certificates/3.pdf" },
        SERVICE,
      );
      for (const v of Object.values(p)) expect(typeof v).toBe("string");
      const words = messageText(
        kind,
        { ...session, link: `${SERVICE}/x`, certificatePath: "/certificates/3.pdf" },
        { serviceUrl: SERVICE },
      );
      expect(p.subject).toBe(words.subject);
      expect(p.body).toBe(words.body);
    }
  });

  it("booking confirmed: the session's facts in London time and the calendar file's absolute link", () => {
    const p = MESSAGE_TEMPLATES["booking.confirmed"].personalisation(session, SERVICE);
    expect(p).toMatchObject({
      course_title: "Prevent awareness workshop",
      session_date: "24 November 2026",
      session_time: "9:30am to 12:30pm",
      venue: "Town Hall",
      joining_link: "",
      calendar_link: `${SERVICE}/bookings/42/calendar.ics`,
    });
    expect(p.body).toContain(`${SERVICE}/bookings/42/calendar.ics`);
    // In the app, the same words with the service's own path.
    expect(messageText("booking.confirmed", session).body).toContain(" /bookings/42/calendar.ics");
  });

  it("certificate issued: the certificate's absolute link", () => {
    const p = MESSAGE_TEMPLATES["certificate.issued"].personalisation(
      {
        courseTitle: "Prevent",
        completedOn: "2026-03-01",
        certificatePath: "/certificates/9.pdf",
        certificateCode: "AB12",
      },
      SERVICE,
    );
    expect(p).toMatchObject({
      completed_on: "1 March 2026",
      certificate_link: `${SERVICE}/certificates/9.pdf`,
      certificate_code: "AB12",
      expires_on: "",
    });
  });
});
