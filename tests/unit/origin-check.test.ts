import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { http, passthrough } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { server as mockServer } from "../mocks";
import { isCrossSiteWrite } from "../../server/origin-check.mjs";

const own = "https://training.example.gov.uk";
const headers = (h: Record<string, string>) => (name: string) => h[name];

describe("refusing state changes from other sites", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite("GET", headers({ origin: "https://evil.example" }), own)).toBe(false);
  });
  it("refuses a post from another origin", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example" }), own)).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "null" }), own)).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "null", "sec-fetch-site": "cross-site" }), own)).toBe(true);
  });
  it("accepts an opaque origin that the browser says is our own site", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "null", "sec-fetch-site": "same-origin" }), own)).toBe(false);
  });
  it("accepts a post from our own origin", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: own }), own)).toBe(false);
  });
  it("falls back on Sec-Fetch-Site when there is no Origin", () => {
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site" }), own)).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ "sec-fetch-site": "same-origin" }), own)).toBe(false);
  });
});

describe("the server's check before Remix sees a write", () => {
  // What Remix does with the request next: build it from Express's, then run its own CSRF check,
  // which throws (a 500) when Origin and the host it believes disagree.
  async function serve(trustProxy: boolean) {
    const express = (await import("express")).default;
    const { refuseCrossSiteWrites } = await import("../../server/origin-check.mjs");
    // The two functions Remix runs on every action request, from their modules.
    const { createRemixRequest } = await import("@remix-run/express/dist/server.js");
    const { throwIfPotentialCSRFAttack } = await import("@remix-run/server-runtime/dist/actions.js");
    const app = express();
    app.set("trust proxy", trustProxy);
    app.use(refuseCrossSiteWrites());
    app.all("*", (req, res) => {
      try {
        throwIfPotentialCSRFAttack(createRemixRequest(req, res).headers);
        res.status(200).send("done");
      } catch {
        res.status(500).send("Remix refused it");
      }
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    return { port, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  function post(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/sign-in",
          headers: { Host: `127.0.0.1:${port}`, ...headers },
        },
        (response) => {
          let body = "";
          response.on("data", (chunk) => (body += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on("error", reject);
      request.end("email=a");
    });
  }

  beforeAll(() => mockServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough())));

  it("takes an opaque origin the browser says is ours, without Remix throwing", async () => {
    const app = await serve(false);
    try {
      expect(await post(app.port, { Origin: "null", "Sec-Fetch-Site": "same-origin" })).toMatchObject({ status: 200 });
      expect(await post(app.port, { Origin: "null" })).toEqual({
        status: 403,
        body: "Requests from another site are refused.",
      });
    } finally {
      await app.close();
    }
  });

  it("ignores X-Forwarded-Host from a client when no proxy is trusted", async () => {
    const app = await serve(false);
    try {
      const own = `http://127.0.0.1:${app.port}`;
      expect(await post(app.port, { Origin: own, "X-Forwarded-Host": "evil.example" })).toMatchObject({ status: 200 });
      expect(await post(app.port, { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" })).toMatchObject(
        { status: 403 },
      );
    } finally {
      await app.close();
    }
  });

  it("behind a trusted proxy, judges the origin against the forwarded host", async () => {
    const app = await serve(true);
    try {
      const own = `http://127.0.0.1:${app.port}`;
      expect(await post(app.port, { Origin: own, "X-Forwarded-Host": "evil.example" })).toMatchObject({ status: 403 });
      expect(
        await post(app.port, { Origin: "http://training.example", "X-Forwarded-Host": "training.example" }),
      ).toMatchObject({ status: 200 });
    } finally {
      await app.close();
    }
  });
});
