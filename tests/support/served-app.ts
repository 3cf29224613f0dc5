import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { http, passthrough } from "msw";
import { createServer } from "vite";
import type { Database } from "../../app/db/database";
import type { OpenDatabase } from "../../app/db/open.server";
import { createApp } from "../../server/app.mjs";
import { createLogger } from "../../server/logging.mjs";
import { createMetrics } from "../../server/metrics.mjs";
import { createOperationsApp } from "../../server/operations-app.mjs";
import { server as mockServer } from "../mocks";

/** msw lets a test talk to its own server over loopback, and nothing else: call in beforeEach (msw resets after each test). */
export function letLoopbackThrough(): void {
  mockServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
}

/** One JSON log line, as the server wrote it. */
export type LogLine = Record<string, unknown> & { msg: string };

export interface ServedApp {
  /** The public port, and the operations port (metrics, health, backup). */
  url: string;
  operationsUrl: string;
  /** Every line logged so far. */
  log: LogLine[];
  /** The app's own modules, as its build loads them (not this test file's copies). */
  appModule<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * The app as production serves it (server/app.mjs and server/operations-app.mjs over Remix's
 * build), in this process: Vite builds the server bundle in memory, so no `npm run build` is needed.
 * The build's modules are Vite's, not the test's: `database` is handed to Vite's client.server,
 * or, without one, the app opens what its environment (DATABASE_URL, DATA_DIR) names.
 */
export async function serveApp(
  options: { database?: { db: Database } & Partial<Omit<OpenDatabase, "db">>; operationsToken?: string } = {},
): Promise<ServedApp> {
  const vite = await createServer({
    configFile: "vite.config.ts",
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    appType: "custom",
    logLevel: "error",
  });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild & {
    entry: { module: typeof import("../../app/entry.server") };
  };
  const appModule = <T>(path: string) => vite.ssrLoadModule(path) as Promise<T>;
  if (options.database) {
    const { db, ...opened } = options.database;
    const client = await appModule<typeof import("../../app/db/client.server")>("/app/db/client.server.ts");
    client.provideDatabaseForTests(db, opened);
  }
  const log: LogLine[] = [];
  const logger = createLogger("info", { write: (line: string) => log.push(JSON.parse(line) as LogLine) });
  const { operations } = build.entry.module;
  operations.setServerLog(logger);
  const settings = { ...operations.parseOperationsSettings({}), operationsToken: options.operationsToken };
  const metrics = createMetrics(operations);
  const app = createApp({ build, buildDir: "build-tests-none", settings, logger, metrics, mode: "production" });
  const operationsApp = createOperationsApp({ operations, metrics, token: options.operationsToken, logger });
  const listen = (handler: typeof app) =>
    new Promise<Server>((resolve) => {
      const server = handler.listen(0, "127.0.0.1", () => resolve(server));
    });
  const [publicServer, operationsServer] = await Promise.all([listen(app), listen(operationsApp)]);
  const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: urlOf(publicServer),
    operationsUrl: urlOf(operationsServer),
    log,
    appModule,
    async close() {
      await Promise.all(
        [publicServer, operationsServer].map(
          (server) =>
            new Promise((resolve) => {
              server.closeAllConnections();
              server.close(resolve);
            }),
        ),
      );
      await vite.close();
    },
  };
}
