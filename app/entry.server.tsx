import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { RequestReferenceProvider } from "./components/request-reference";
import { type BackgroundWork, startServiceBackgroundWork } from "./background.server";
import { getDatabase, onDatabaseClosing, onDatabaseOpened } from "./db/client.server";
import { env } from "./env.server";
import { describeError, logError, logWarning, setServerLog } from "./lib/log-error";
import {
  backupEmbeddedDatabase,
  isDatabaseUnavailable,
  operationalFigures,
  parseOperationsSettings,
  readiness,
} from "./operations.server";
import { prepareService } from "./start-up.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content Security Policy nonce, made by server/index.mjs (absent in dev and tests). */
    cspNonce?: string;
    /** This request's id, as its log line has it (server/logging.mjs); shown on error pages. */
    requestId?: string;
    /** The matched route's pattern, e.g. /people/:personId (server/route-pattern.mjs): logs name routes so. */
    route?: string;
  }
}

/** What the production server (server/*.mjs) asks of the app: issue 24, decision 019. */
export const operations = {
  parseOperationsSettings,
  readiness,
  operationalFigures,
  backupEmbeddedDatabase,
  isDatabaseUnavailable,
  setServerLog,
  describeError,
};

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

// Open, migrate and (when empty) seed the database at boot, not on the first request. PostgreSQL
// away at start is waited for: pages answer 503 and readiness says so until a request or a
// readiness check opens it; any other failure (a bad setting, a failed migration) stops the server.
if (process.env.NODE_ENV !== "test") {
  getDatabase().catch((error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      logWarning("The database is unavailable at start; it will be tried again on the next request");
      return;
    }
    logError("The database could not be opened:", error);
    process.exit(1);
  });
}

/** How long a client should wait before trying again while the database is away (GOV.UK's 503 page). */
export const RETRY_AFTER_SECONDS = "30";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Remix's inline scripts carry the nonce the Content Security Policy names (server/index.mjs).
  const nonce = loadContext.cspNonce;
  // The database was away (server/database-outage.mjs answered 503): say when to try again.
  if (responseStatusCode === 503) responseHeaders.set("Retry-After", RETRY_AFTER_SECONDS);
  // Bots and no-JavaScript clients get the whole document at once.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RequestReferenceProvider id={loadContext.requestId}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </RequestReferenceProvider>
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
          if (shellRendered)
            logError("Rendering failed", error, { requestId: loadContext.requestId, route: loadContext.route });
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
  if (response.headers.has("Cache-Control") && response.status !== 503) return response;
  const headers = new Headers(response.headers);
  withNoStore(headers);
  if (response.status === 503) headers.set("Retry-After", RETRY_AFTER_SECONDS);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Replaces Remix's default, which prints errors whole: a failed query's message holds its
 * bound parameters (e-mails, reasons, search terms), and those must never reach the log.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Remix wraps some errors in an ErrorResponse; log what was thrown.
  const thrown =
    isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error;
  // The route's pattern, not its path: a path may hold what identifies someone.
  const route = context?.route ?? "unmatched";
  logError(`${request.method} ${route} failed`, thrown, { requestId: context?.requestId, route });
}
