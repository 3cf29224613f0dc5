import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { type BackgroundWork, startServiceBackgroundWork } from "./background.server";
import { getDatabase, onDatabaseClosing, onDatabaseOpened } from "./db/client.server";
import { env } from "./env.server";
import { logError } from "./lib/log-error";
import { prepareService } from "./start-up.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content Security Policy nonce, made by server/index.mjs (absent in dev and tests). */
    cspNonce?: string;
  }
}

export const streamTimeout = 5_000;

let background: BackgroundWork | undefined;

// At start-up, not in a loader: the service's own preparation (start-up.server), then the
// background work (the outbox's dispatcher, the daily messages), never in tests.
onDatabaseOpened(async (db) => {
  await prepareService(db);
  if (process.env.NODE_ENV !== "test") background = startServiceBackgroundWork(db, env());
});

// On SIGTERM the background work stops (a send under way is finished and marked) before the database closes.
onDatabaseClosing(async () => {
  await background?.stop();
});

// Open, migrate and (when empty) seed the database at boot, not on the first request.
if (process.env.NODE_ENV !== "test") {
  getDatabase().catch((error: unknown) => {
    logError("The database could not be opened:", error);
    process.exit(1);
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Remix's inline scripts carry the nonce the Content Security Policy names (server/index.mjs).
  const nonce = loadContext.cspNonce;
  // Bots and no-JavaScript clients get the whole document at once.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          withNoStore(responseHeaders);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError("Rendering failed:", error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Pages and their `.data` requests show personal data: no shared or browser cache may keep them
 * (a route that sets its own Cache-Control keeps it).
 */
function withNoStore(headers: Headers): void {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
}

export function handleDataRequest(response: Response): Response {
  if (response.headers.has("Cache-Control")) return response;
  const headers = new Headers(response.headers);
  withNoStore(headers);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Replaces Remix's default, which prints errors whole: a failed query's message holds its
 * bound parameters (e-mails, reasons, search terms), and those must never reach the log.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Remix wraps some errors in an ErrorResponse; log what was thrown.
  const thrown =
    isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error;
  logError(`${request.method} ${new URL(request.url).pathname} failed:`, thrown);
}
