import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { server } from "../mocks";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// A console.error in a test is a bug the test did not catch: fail on it.
const originalError = console.error;
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    originalError(...args);
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
