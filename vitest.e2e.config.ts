import { defineConfig } from "vitest/config";

/** Browser tests: the built app on a fresh embedded database, driven by the system Chromium. */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/support/start-server.ts"],
    // One server and one browser at a time: the files share the seeded database.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
