// The production server: Remix behind Express, with the checks that must run before any action.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { refuseCrossSiteWrites } from "./origin-check.mjs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
app.use(compression());
// A CSP needs a nonce threaded through Remix's inline scripts; see docs/decisions/005-security-headers.md.
app.use(
  helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    // With "no-referrer" browsers send `Origin: null` on form posts, hiding where they came from.
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  }),
);

app.use(refuseCrossSiteWrites());

// Vite fingerprints these, so they can be cached for a year.
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    // Express resolves the client's address, honouring X-Forwarded-For only behind a trusted proxy.
    getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

const server = app.listen(port, () => console.log(`Prevent Training Tracker on http://localhost:${port}`));

// The database module closes itself on SIGTERM; stop taking connections too.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => server.close());
}
