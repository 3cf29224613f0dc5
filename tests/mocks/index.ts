import { http, passthrough } from "msw";
import { setupServer } from "msw/node";

/**
 * Outside HTTP services, one handler file each (GOV.UK Notify arrives with the notifications
 * issue). Anything not handled here fails the test: nothing in a test reaches the network.
 */
export const handlers = [
  // react-pdf loads its layout engine's WebAssembly from a data: URL; that is not the network.
  http.get(
    ({ request }) => request.url.startsWith("data:"),
    () => passthrough(),
  ),
];

export const server = setupServer(...handlers);
