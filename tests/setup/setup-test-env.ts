import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { provideFileStorageForTests } from "../../app/storage/storage.server";
import { server } from "../mocks";
import { memoryStorage } from "../support/storage";

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

// Files a test keeps (certificates drawn on download, uploads) stay in memory, not in ./data;
// a test that looks at its files provides its own storage.
beforeAll(() => provideFileStorageForTests(memoryStorage()));
