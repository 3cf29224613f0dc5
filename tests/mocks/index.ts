import { setupServer } from "msw/node";

/**
 * Outside HTTP services, one handler file each (GOV.UK Notify arrives with the notifications
 * issue). Anything not handled here fails the test: nothing in a test reaches the network.
 */
export const handlers = [];

export const server = setupServer(...handlers);
