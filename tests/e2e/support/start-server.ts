import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { E2E_SSO } from "./sso-settings";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where tests/e2e/sso.test.ts starts the OpenID provider the app's SSO_ISSUER names. */
    ssoIssuerPort: number;
    /** Where browser.ts keeps two-step accounts' sessions between test files. */
    keptSessionsDir: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs} ms`);
}

/** Starts the built app (npm run build first) on a free port with a fresh, seeded embedded database. */
export default async function startServer(project: TestProject) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ptt-e2e-"));
  const baseUrl = `http://localhost:${port}`;
  // Council single sign-on for e-mails in SSO_EMAIL_DOMAINS (no demo person's): the provider is
  // started by tests/e2e/sso.test.ts on this port; the app reads its discovery document when first needed.
  const ssoIssuerPort = await freePort();
  const child = spawn(process.execPath, ["server/index.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SEED_DEMO: "true",
      PUBLIC_URL: baseUrl,
      SSO_ISSUER: `http://127.0.0.1:${ssoIssuerPort}`,
      SSO_CLIENT_ID: E2E_SSO.clientId,
      SSO_CLIENT_SECRET: E2E_SSO.clientSecret,
      SSO_EMAIL_DOMAINS: E2E_SSO.emailDomain,
      SSO_NAME: E2E_SSO.name,
      // Each browser context comes from an address of its own (newPage's X-Forwarded-For), as people
      // sign in from their own computers: the suite's many sign-ins would otherwise share one
      // address's sign-in limit (50 in 15 minutes) and be refused.
      TRUST_PROXY: "true",
      // Quiet test output (problems only); an operations port of its own, beside other servers on this machine.
      LOG_LEVEL: "warn",
      OPERATIONS_PORT: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitUntilServing(`${baseUrl}/sign-in`, child, 150_000);
  project.provide("baseUrl", baseUrl);
  project.provide("ssoIssuerPort", ssoIssuerPort);
  const keptSessionsDir = mkdtempSync(path.join(tmpdir(), "ptt-e2e-sessions-"));
  project.provide("keptSessionsDir", keptSessionsDir);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(undefined);
      child.once("exit", resolve);
      setTimeout(() => {
        child.kill("SIGKILL");
        resolve(undefined);
      }, 10_000);
    });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keptSessionsDir, { recursive: true, force: true });
  };
}
