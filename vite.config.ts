import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  // strictPort: PUBLIC_URL defaults to this port, so fail rather than quietly serve another.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
  build: { target: "es2022" },
  ssr: {
    // Native and CommonJS-heavy server packages stay external to the server bundle.
    external: ["@electric-sql/pglite", "@node-rs/argon2", "@react-pdf/renderer", "postgres"],
  },
});
