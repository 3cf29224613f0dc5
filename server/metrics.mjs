// Metrics in Prometheus's format (prom-client), served on the operations port (issue 24).
import client from "prom-client";

const METHODS = new Set(["GET", "HEAD", "POST"]);

export function createMetrics(operations) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const gauge = (name, help) => new client.Gauge({ name, help, registers: [registry] });

  const requestDuration = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer a request, by the route's pattern and the status",
    labelNames: ["method", "route", "status"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const databaseUp = gauge("ptt_database_up", "1 when the database answered this scrape's questions, else 0");
  const poolMax = gauge("ptt_database_connections_max", "Connections this instance may open to the database");
  const poolOpen = gauge("ptt_database_connections_open", "Connections this instance holds open");
  const poolActive = gauge("ptt_database_connections_active", "This instance's connections running a statement");
  const peopleWaiting = gauge(
    "ptt_kept_coverage_stale_people",
    "People whose kept coverage rows wait to be brought up to date",
  );
  const everyoneWaiting = gauge(
    "ptt_kept_coverage_everyone_stale",
    "1 when a change to requirements, the organisation tree or a sector left everyone's kept rows to redo",
  );
  const outboxWaiting = gauge("ptt_outbox_waiting_messages", "Messages in the outbox waiting to be sent");
  const outboxOldest = gauge("ptt_outbox_oldest_waiting_seconds", "Age of the oldest message waiting to be sent");

  return {
    /** Times every request on the public port; the label is the route's pattern (route-pattern.mjs). */
    timeRequests(req, res, next) {
      const end = requestDuration.startTimer();
      res.on("finish", () =>
        end({
          method: METHODS.has(req.method) ? req.method : "other",
          route: res.locals.route ?? "unmatched",
          status: String(res.statusCode),
        }),
      );
      next();
    },
    async render() {
      try {
        const figures = await operations.operationalFigures();
        databaseUp.set(1);
        if (figures.pool) {
          poolMax.set(figures.pool.max);
          poolOpen.set(figures.pool.open);
          poolActive.set(figures.pool.active);
        }
        peopleWaiting.set(figures.keptCoverage.peopleWaiting);
        everyoneWaiting.set(figures.keptCoverage.everyoneWaiting ? 1 : 0);
        outboxWaiting.set(figures.outbox.waiting);
        outboxOldest.set(figures.outbox.oldestWaitingSeconds);
      } catch (error) {
        if (!operations.isDatabaseUnavailable(error)) throw error;
        databaseUp.set(0);
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
