// Logs as data (issue 24): one JSON line per request (pino-http) with its id, the route's pattern,
// status and duration; never the URL's query, headers, cookies or body.
import { randomUUID } from "node:crypto";
import pino from "pino";
import { pinoHttp } from "pino-http";

export function createLogger(level, destination) {
  return pino(
    {
      level,
      base: { service: "prevent-training-tracker" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A proxy's X-Request-Id is kept only from a trusted proxy, and only when it looks like an id. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The request's line. `describeError` is the app's redaction (app/lib/log-error.ts): a failed
 * query's bound parameters never reach the log.
 */
export function requestLogging(logger, { trustProxy, describeError }) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const incoming = req.headers["x-request-id"];
      const id = trustProxy && typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customAttributeKeys: { responseTime: "durationMs" },
    // Only these facts: pino's own serializers would write the URL and every header (cookies too).
    serializers: {
      req: (req) => ({ method: req.method }),
      res: (res) => ({ statusCode: res.statusCode }),
      err: (err) => ({ message: describeError(err) }),
    },
    wrapSerializers: false,
    customProps: (req, res) => ({ requestId: req.id, route: res.locals.route }),
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? (res.statusCode === 503 ? "warn" : "error") : "info",
    customSuccessMessage: (req, res) => `${req.method} ${res.locals.route} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${res.locals.route} ${res.statusCode}`,
    // The operations port's health checks every few seconds would drown the rest.
    autoLogging: { ignore: (req) => req.path === "/health/live" || req.path === "/health/ready" },
  });
}
