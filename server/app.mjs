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
import { labelRoute, routePatterns } from "./route-pattern.mjs";
import { securityHeaders } from "./security-headers.mjs";

/** Static files say so in the log and the metrics, whatever path they sit at. */
const labelStatic = (res) => {
  res.locals.route = "static";
};

/**
 * A static handler asked only for paths whose first segment is in its folder (read at start: the
 * build's and public/'s files are deployed with it), so a page or a download is not first looked
 * for on disk twice (two stat calls a request, issue 22).
 */
function whereFilesMayBe(folder, serve) {
  const names = new Set(existsSync(folder) ? readdirSync(folder) : []);
  return (req, res, next) => {
    const first = req.path.split("/")[1] ?? "";
    let name;
    try {
      name = decodeURIComponent(first);
    } catch {
      return serve(req, res, next); // a malformed escape: answered by the static handler, as before
    }
    return names.has(name) ? serve(req, res, next) : next();
  };
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
