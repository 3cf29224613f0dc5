// The production server: the public port (server/app.mjs) and the operations port
// (server/operations-app.mjs), with JSON logs (server/logging.mjs). Decision 019.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { createApp } from "./app.mjs";
import { createLogger } from "./logging.mjs";
import { createMetrics } from "./metrics.mjs";
import { createOperationsApp } from "./operations-app.mjs";

const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);
const { operations } = build.entry.module;

let settings;
try {
  settings = operations.parseOperationsSettings(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const logger = createLogger(settings.logLevel);
operations.setServerLog(logger);
// The app's few console lines at start-up (the demo seeded, e-mail not set up) become JSON lines too.
console.log = (...args) => logger.info(format(...args));
console.warn = (...args) => logger.warn(format(...args));
const metrics = createMetrics(operations);

const app = createApp({ build, buildDir, settings, logger, metrics });
const server = app.listen(port, () => logger.info({ port }, `Prevent Training Tracker on http://localhost:${port}`));

const operationsApp = createOperationsApp({ operations, metrics, token: settings.operationsToken, logger });
const operationsServer = operationsApp.listen(settings.operationsPort, settings.operationsHost, () => {
  const { port: listening } = operationsServer.address();
  logger.info(
    { port: listening, host: settings.operationsHost },
    "Operations port (metrics, health, backup) listening",
  );
  // `npm run backup` and `npm run restore` find a running server, and its operations port, here.
  if (settings.engine === "pglite") {
    mkdirSync(settings.dataDir, { recursive: true });
    writeFileSync(runningFile(), JSON.stringify({ pid: process.pid, host: settings.operationsHost, port: listening }));
  }
});

// A port already taken leaves the service up without its metrics and backup, said loudly, rather
// than down: the public port matters more.
operationsServer.on("error", (error) => {
  logger.error(
    { error: operations.describeError(error), port: settings.operationsPort },
    "The operations port could not listen: no metrics or backup from this instance (set OPERATIONS_PORT)",
  );
});

function runningFile() {
  return path.join(settings.dataDir, "server.json");
}

// The database module closes itself on SIGTERM; stop taking connections too.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close();
    operationsServer.close();
  });
}
process.once("exit", () => {
  if (settings.engine === "pglite") rmSync(runningFile(), { force: true });
});
