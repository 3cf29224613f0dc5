// The operations port (issue 24): metrics, the health checks, and the embedded database's backup
// for `npm run backup`. Never the public's: it listens on OPERATIONS_HOST (this machine unless
// set), and with OPERATIONS_TOKEN every request must carry it as a bearer token.
import { timingSafeEqual } from "node:crypto";
import express from "express";
import { healthChecks } from "./health.mjs";

function sameToken(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createOperationsApp({ operations, metrics, token, logger }) {
  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    if (!token) return next();
    const [scheme, given] = (req.headers.authorization ?? "").split(" ");
    if (scheme === "Bearer" && given && sameToken(given, token)) return next();
    res.status(401).set("WWW-Authenticate", "Bearer").json({ status: "a bearer token is needed" });
  });
  app.use(healthChecks(operations, logger));
  app.get("/metrics", async (_req, res, next) => {
    try {
      const { contentType, body } = await metrics.render();
      res.set("Content-Type", contentType).set("Cache-Control", "no-store").send(body);
    } catch (error) {
      next(error);
    }
  });
  app.get("/backup", async (_req, res, next) => {
    try {
      const copy = await operations.backupEmbeddedDatabase();
      if (!copy) {
        res.status(404).json({ status: "PostgreSQL: back it up with pg_dump or the platform's recovery (README)" });
        return;
      }
      logger.info({ bytes: copy.byteLength }, "Embedded database backed up");
      res.set("Content-Type", "application/gzip").set("Cache-Control", "no-store").send(Buffer.from(copy));
    } catch (error) {
      next(error);
    }
  });
  // Express's own error page would print the stack to the client.
  app.use((error, _req, res, _next) => {
    logger.error({ error: operations.describeError(error) }, "The operations port failed");
    res.status(500).json({ status: "error" });
  });
  return app;
}
