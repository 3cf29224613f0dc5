// Health checks (issue 24): liveness (the process answers) and readiness (the database answers
// and holds this build's migrations). Nothing personal in either; never cached.
import express from "express";

export function healthChecks(operations, log) {
  const router = express.Router();
  // Named so in the metrics, whatever route pattern the path would otherwise match.
  router.use("/health", (_req, res, next) => {
    res.locals.route = "health";
    next();
  });
  router.get("/health/live", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "live" });
  });
  router.get("/health/ready", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    try {
      const { ready, status, engine } = await operations.readiness();
      if (!ready) res.status(503).set("Retry-After", "5");
      res.json({ status, engine });
    } catch (error) {
      log.error({ error: operations.describeError(error) }, "The readiness check failed");
      res.status(503).json({ status: "error" });
    }
  });
  return router;
}
