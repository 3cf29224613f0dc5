import { once } from "node:events";
import type http from "node:http";
import net, { type AddressInfo } from "node:net";
import { sendRemixResponse } from "@remix-run/express/dist/server.js";
import compression from "compression";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { sendResponse } from "../../server/remix-handler.mjs";

const CHUNK = 64 * 1024;
const TOTAL = 64 * 1024 * 1024;

/** A body made a chunk at a time as it is pulled, like an export read through a cursor. */
function countedBody() {
  const counts = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counts.pulled >= TOTAL) return controller.close();
      counts.pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK));
    },
    cancel() {
      counts.cancelled = true;
    },
  });
  return { body, counts };
}

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(
  send: (res: express.Response, response: Response) => Promise<void>,
  body: ReadableStream,
  { compressed = false, contentType = "text/csv" } = {},
) {
  const app = express();
  if (compressed) app.use(compression());
  app.get("/", (_req, res, next) => {
    send(res, new Response(body, { headers: { "Content-Type": contentType } })).catch(next);
  });
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a download and reads nothing of it for a while: a slow client. A bare socket, so that
 * nothing between the test and the server (msw intercepts node:http) reads on its behalf.
 */
async function stalledDownload(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.pause();
  socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  await new Promise((resolve) => setTimeout(resolve, 500));
  return socket;
}

describe("a streamed response to a slow client", () => {
  it("is read from its source only as fast as the client takes it, and all of it arrives", async () => {
    const { body, counts } = countedBody();
    const response = await stalledDownload(await serve(sendResponse, body));
    expect(counts.pulled).toBeLessThan(8 * 1024 * 1024);
    let received = 0;
    response.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    response.resume();
    await once(response, "end");
    expect(counts.pulled).toBe(TOTAL);
    // The body and its chunked framing.
    expect(received).toBeGreaterThan(TOTAL);
  });

  it("cancels its source when the client goes away", async () => {
    const { body, counts } = countedBody();
    const response = await stalledDownload(await serve(sendResponse, body));
    response.destroy();
    await expect.poll(() => counts.cancelled).toBe(true);
    expect(counts.pulled).toBeLessThan(8 * 1024 * 1024);
  });

  it("was read to the end at once by Remix's Express adapter, whatever the client took", async () => {
    const { body, counts } = countedBody();
    await stalledDownload(await serve(sendRemixResponse, body));
    expect(counts.pulled).toBeGreaterThan(32 * 1024 * 1024);
  });
});

describe("a streamed response through the compression middleware", () => {
  it("sends its first chunk (a CSV's header line) before the rest is ready", async () => {
    const download = await firstChunkThenHeld("text/csv");
    // Without a flush after the first chunk the compressor kept it, and the headers with it.
    await expect.poll(() => download.text()).toBe("Name,Email\n");
    expect(download.head()).toMatch(/^content-encoding: br$/im);
    download.release();
    await download.ended;
    expect(download.text()).toBe(`Name,Email\n${"Ann,ann@example.org\n".repeat(2000)}`);
  });

  it("is one compressed stream for a page: its first chunk waits for the rest", async () => {
    const page = await firstChunkThenHeld("text/html; charset=utf-8");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.text()).toBe("");
    page.release();
    await page.ended;
    expect(page.text()).toBe(`Name,Email\n${"Ann,ann@example.org\n".repeat(2000)}`);
  });
});

/** A compressed response whose first chunk is ready and the rest held until `release()`, read as it arrives. */
async function firstChunkThenHeld(contentType: string) {
  let release = () => {};
  const rest = new Promise<void>((resolve) => {
    release = resolve;
  });
  const encoder = new TextEncoder();
  let sentFirst = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(encoder.encode("Name,Email\n"));
        return;
      }
      // The rest of the export: still being read from the database.
      await rest;
      controller.enqueue(encoder.encode("Ann,ann@example.org\n".repeat(2000)));
      controller.close();
    },
  });
  const port = await serve(sendResponse, body, { compressed: true, contentType });
  // A bare socket (msw intercepts node:http), the chunked framing undone here.
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n");
  const unpacked = zlib.createBrotliDecompress();
  let head = "";
  let raw = Buffer.alloc(0);
  socket.on("data", (data: Buffer) => {
    raw = Buffer.concat([raw, data]);
    if (!head) {
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return;
      head = raw.subarray(0, end).toString("latin1");
      raw = raw.subarray(end + 4);
    }
    for (;;) {
      const line = raw.indexOf("\r\n");
      if (line < 0) return;
      const size = Number.parseInt(raw.subarray(0, line).toString("latin1"), 16);
      if (raw.length < line + 2 + size + 2) return;
      if (size === 0) return unpacked.end();
      unpacked.write(raw.subarray(line + 2, line + 2 + size));
      raw = raw.subarray(line + 2 + size + 2);
    }
  });
  let text = "";
  unpacked.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { text: () => text, head: () => head, release, ended: once(unpacked, "end") };
}

describe("the first chunk through the compression middleware", () => {
  it("is on the socket before the rest of the body is read (on PGlite a batch's query holds the event loop)", async () => {
    let sentBeforeRest: boolean | undefined;
    let socket: { bytesWritten: number } | null = null;
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls += 1;
          if (pulls === 1) return controller.enqueue(new TextEncoder().encode("Name,Email\n"));
          sentBeforeRest ??= (socket?.bytesWritten ?? 0) > 0;
          controller.close();
        },
        // As csvStreamResponse's: nothing is read ahead of what is asked for.
      },
      { highWaterMark: 0 },
    );
    const app = express();
    app.use(compression());
    app.get("/", (_req, res, next) => {
      socket = res.socket;
      sendResponse(res, new Response(body, { headers: { "Content-Type": "text/csv" } })).catch(next);
    });
    server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    const client = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    await once(client, "connect");
    client.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n");
    client.resume();
    await once(client, "end");
    expect(sentBeforeRest).toBe(true);
  });
});
