// The public port's Express app: Remix behind the checks that must run before any action, with a
// log line and a timing per request (issue 24). server/index.mjs listens; tests drive it too.
import compression from "compression";
import express from "express";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { answer503WhileDatabaseAway } from "./database-outage.mjs";
import { healthChecks } from "./health.mjs";
import { requestLogging } from "./logging.mjs";
import { refuseCrossSiteWrites } from "./origin-check.mjs";
import { createRequestHandler } from "./remix-handler.mjs";
import { MALFORMED_PATH, labelRoute, routePatterns } from "./route-pattern.mjs";
import { securityHeaders } from "./security-headers.mjs";

/** Static files say so in the log and the metrics, whatever path they sit at. */
const labelStatic = (res) => {
  res.locals.route = "static";
};

/**
 * A static handler asked only for paths whose first segment is in its folder (read at start: the
 * build's and public/'s files are deployed with it), so a page or a download is not first looked
 * for on disk twice (two stat calls a request, issue 22). Paths that cannot be decoded never get
 * here: refuseMalformedPaths answers them first.
 */
function whereFilesMayBe(folder, serve) {
  const names = new Set(existsSync(folder) ? readdirSync(folder) : []);
  return (req, res, next) =>
    names.has(decodeURIComponent(req.path.split("/")[1] ?? "")) ? serve(req, res, next) : next();
}

/**
 * A path with a broken percent escape is the address of nothing: a 400 that says so, before the
 * static handlers and Remix, which would answer with a stack trace and a warning quoting the path
 * in the log (issue 24). Its log line names it by MALFORMED_PATH.
 */
function refuseMalformedPaths(_req, res, next) {
  if (res.locals.route !== MALFORMED_PATH) return next();
  res
    .status(400)
    .type("text/plain")
    .set("Cache-Control", "no-store")
    .send("This web address is not valid: part of it is wrongly encoded. Check the address and try again.\n");
}

export function createApp({ build, buildDir, settings, logger, metrics, mode = process.env.NODE_ENV }) {
  const { operations } = build.entry.module;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", settings.trustProxy);
  app.use(labelRoute(routePatterns(build)));
  app.use(
    requestLogging(logger, { trustProxy: settings.trustProxy !== false, describeError: operations.describeError }),
  );
  app.use(metrics.timeRequests);
  app.use(healthChecks(operations, logger));
  app.use(compression());
  app.use(securityHeaders());
  app.use(refuseCrossSiteWrites());
  app.use(refuseMalformedPaths);

  // Vite fingerprints these, so they can be cached for a year.
  app.use(
    "/assets",
    express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", setHeaders: labelStatic }),
  );
  app.use(
    whereFilesMayBe(
      path.join(buildDir, "client"),
      express.static(path.join(buildDir, "client"), { maxAge: "1h", setHeaders: labelStatic }),
    ),
  );
  app.use(whereFilesMayBe("public", express.static("public", { maxAge: "1h", setHeaders: labelStatic })));

  app.all(
    "*",
    createRequestHandler({
      build: answer503WhileDatabaseAway(build, {
        isDatabaseUnavailable: operations.isDatabaseUnavailable,
        log: logger,
      }),
      mode,
      // Express resolves the client's address, honouring X-Forwarded-For only behind a trusted proxy.
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: res.locals.cspNonce,
        requestId: req.id,
        route: res.locals.route,
      }),
    }),
  );
  return app;
}
