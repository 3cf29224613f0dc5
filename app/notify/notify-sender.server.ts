import { NotifyClient } from "notifications-node-client";
import { type MessageSender, type OutgoingEmail, SendFailure } from "../domain/notifications/dispatch";

/** GOV.UK Notify's API; tests answer for it with msw. */
export const NOTIFY_API = "https://api.notifications.service.gov.uk";

/** One request to Notify may take this long before it counts as an unknown outcome (far below a claim's 2 minutes). */
const REQUEST_TIMEOUT_MS = 15_000;

interface NotifyErrorLike {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  code?: string;
  message?: string;
}

/** Notify's answer as a SendFailure: 400 and 403 refuse for good, 429 is "later", the rest unknown. */
export function notifyFailure(error: unknown): SendFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as NotifyErrorLike;
  const status = e.response?.status;
  const errors = e.response?.data?.errors;
  const said =
    Array.isArray(errors) && errors.length > 0
      ? errors.map((x) => [x.error, x.message].filter(Boolean).join(": ")).join("; ")
      : undefined;
  if (status === undefined) {
    // No answer: refused connection, timeout, reset. Notify may have taken the message.
    return new SendFailure("unknown", `No answer from GOV.UK Notify (${e.code ?? e.message ?? "network error"})`);
  }
  const message = said ?? `GOV.UK Notify answered ${status}`;
  if (status === 429) return new SendFailure("rate-limited", message, status);
  if (status >= 500) return new SendFailure("unknown", message, status);
  return new SendFailure("refused", message, status);
}

/**
 * Sends e-mail through GOV.UK Notify with its own client (notifications-node-client). The API key
 * holds the service id and the secret; `baseUrl` is for Notify's other environments.
 */
export function notifySender(apiKey: string, options: { baseUrl?: string } = {}): MessageSender {
  const client = new NotifyClient(options.baseUrl ?? NOTIFY_API, apiKey);
  // The client's HTTP library waits for ever by default; a claim must outlast every request.
  const restClient = client.apiClient.restClient as (config: Record<string, unknown>) => Promise<unknown>;
  client.apiClient.setClient(((config: Record<string, unknown>) =>
    restClient({ ...config, timeout: REQUEST_TIMEOUT_MS })) as never);

  return {
    async send(email: OutgoingEmail) {
      try {
        const response = await client.sendEmail(email.templateId, email.emailAddress, {
          personalisation: email.personalisation,
          reference: email.reference,
        });
        return { notifyId: response.data.id };
      } catch (error) {
        throw notifyFailure(error);
      }
    },
    async findByReference(reference: string) {
      try {
        const response = await client.getNotifications("email", undefined, reference);
        const found = response.data.notifications.find((n) => n.reference === reference);
        return found ? { notifyId: found.id } : null;
      } catch (error) {
        throw notifyFailure(error);
      }
    },
  };
}
