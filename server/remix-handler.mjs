// Remix behind Express, writing each response as the client takes it. @remix-run/express writes a
// streamed body without waiting for the socket (writeReadableStreamToWritable ignores what write()
// returns), so a large export to a slow client piled up in memory while its database cursor ran
// ahead; piped, the cursor is read only as fast as the client downloads (issue 22).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createRequestHandler as createRemixRequestHandler } from "@remix-run/node";
import { createRemixRequest } from "@remix-run/express/dist/server.js";

export function createRequestHandler({ build, getLoadContext, mode = process.env.NODE_ENV }) {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const response = await handleRequest(request, await getLoadContext?.(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** Writes a fetch Response to an Express response, its body piped with backpressure. */
export async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  try {
    if (!/^text\/csv/i.test(response.headers.get("Content-Type") ?? "")) {
      // A page or a file: one compressed stream. Splitting a page's first chunk off costs the whole
      // response more than it gains its first byte (the coordinator's dashboard: ~8 ms, issue 22).
      await pipeline(Readable.fromWeb(response.body), res);
      return;
    }
    // An export's first chunk (its header line) is written and flushed on its own: the compression
    // middleware holds what it is given until it has enough to compress, so without the flush
    // nothing, not even the headers, left before most of an export had been read (issue 22).
    const reader = response.body.getReader();
    const first = await reader.read();
    reader.releaseLock();
    if (first.done) {
      res.end();
      return;
    }
    const socket = res.socket;
    const written = socket?.bytesWritten ?? 0;
    res.write(first.value);
    res.flush?.();
    // The compressor flushes on libuv's thread pool, and its output reaches the socket only when the
    // event loop next polls. Read on at once and the next batch's query starts first: on PGlite, which
    // runs in this thread, the loop then waits for it, and the first byte with it. So wait (up to
    // 100 ms) until the first chunk is on the socket: a bound in time, not in turns of the loop, which
    // pass in microseconds when the machine is busy and the thread pool has not yet run the flush.
    const until = performance.now() + 100;
    while (socket && !socket.destroyed && socket.bytesWritten === written && performance.now() < until) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pipeline(Readable.fromWeb(response.body), res);
  } catch (error) {
    // The client went away mid-download: the body's stream is cancelled (a cursor released), nothing to answer.
    if (error?.code === "ERR_STREAM_PREMATURE_CLOSE" || res.destroyed) return;
    throw error;
  }
}
