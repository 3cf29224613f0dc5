// The production server: Remix behind Express, with the checks that must run before any action.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { refuseCrossSiteWrites } from "./origin-check.mjs";
import { securityHeaders } from "./security-headers.mjs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
app.use(compression());
app.use(securityHeaders());

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
    getLoadContext: (req, res) => ({
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce,
    }),
  }),
);

const server = app.listen(port, () => console.log(`Prevent Training Tracker on http://localhost:${port}`));

// The database module closes itself on SIGTERM; stop taking connections too.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => server.close());
}
