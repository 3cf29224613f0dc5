import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { NOTIFY_API } from "../../app/notify/notify-sender.server";

/** A well-formed GOV.UK Notify API key (name, service id, secret) that only msw ever sees. */
export const TEST_NOTIFY_API_KEY = "ptt_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

export interface NotifyRequest {
  template_id: string;
  email_address: string;
  personalisation?: Record<string, string>;
  reference?: string;
}

/** An answer the fake gives instead of taking the message: a status with Notify's error body, or a dropped connection. */
export type FakeAnswer = { status: number; error?: string; message?: string } | "network-error";

/**
 * GOV.UK Notify's API as msw answers for it: POST /v2/notifications/email takes a message (or
 * gives the next queued failure), GET /v2/notifications?reference= finds what it took.
 * `server.use(...fake.handlers)` in a test.
 */
export function fakeNotify() {
  const taken: (NotifyRequest & { id: string; authorization: string | null })[] = [];
  const posts: NotifyRequest[] = [];
  const lookups: string[] = [];
  const answers: FakeAnswer[] = [];
  /** Set to hold POSTs until released (concurrency tests). */
  let gate: Promise<void> | undefined;

  const failWith = (answer: FakeAnswer) =>
    answer === "network-error"
      ? HttpResponse.error()
      : HttpResponse.json(
          {
            status_code: answer.status,
            errors: [{ error: answer.error ?? "Error", message: answer.message ?? `Status ${answer.status}` }],
          },
          { status: answer.status },
        );

  const handlers = [
    http.post(`${NOTIFY_API}/v2/notifications/email`, async ({ request }) => {
      const body = (await request.json()) as NotifyRequest;
      posts.push(body);
      if (gate) await gate;
      const answer = answers.shift();
      if (answer) return failWith(answer);
      const id = randomUUID();
      taken.push({ ...body, id, authorization: request.headers.get("authorization") });
      return HttpResponse.json(
        {
          id,
          reference: body.reference ?? null,
          content: { subject: "Subject", body: "Body", from_email: "service@notifications.service.gov.uk" },
          uri: `${NOTIFY_API}/v2/notifications/${id}`,
          template: { id: body.template_id, version: 1, uri: `${NOTIFY_API}/v2/template/${body.template_id}` },
        },
        { status: 201 },
      );
    }),
    http.get(`${NOTIFY_API}/v2/notifications`, ({ request }) => {
      const reference = new URL(request.url).searchParams.get("reference") ?? "";
      lookups.push(reference);
      const answer = answers.shift();
      if (answer) return failWith(answer);
      const found = taken.filter((t) => !reference || t.reference === reference);
      return HttpResponse.json({
        notifications: found.map((t) => ({
          id: t.id,
          reference: t.reference ?? null,
          email_address: t.email_address,
          type: "email",
          status: "delivered",
          template: { id: t.template_id, version: 1, uri: "" },
          body: "Body",
          subject: "Subject",
          created_at: new Date().toISOString(),
        })),
        links: { current: `${NOTIFY_API}/v2/notifications` },
      });
    }),
  ];

  return {
    handlers,
    /** Messages Notify took (each a 201). */
    taken,
    /** Every POST, taken or not. */
    posts,
    /** Every look-up by reference. */
    lookups,
    /** The next requests' answers, in order, before it goes back to taking messages. */
    answerNext(...next: FakeAnswer[]) {
      answers.push(...next);
    },
    /** Holds every POST until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}
