import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { type Plugin, defineConfig } from "vite";
import remixConfig from "./remix.config.js";

const zodInTheBrowser = path.resolve("app/lib/zod-in-the-browser.ts");

/** In the browser's bundle, "zod" is zod without `new Function` (app/lib/zod-in-the-browser.ts says why). */
function zodWithoutEvalInTheBrowser(): Plugin {
  return {
    name: "zod-without-eval-in-the-browser",
    enforce: "pre",
    resolveId(id, importer, options) {
      if (id === "zod" && !options?.ssr && importer !== zodInTheBrowser) return zodInTheBrowser;
      return null;
    },
  };
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [zodWithoutEvalInTheBrowser(), remix(remixConfig)],
  // strictPort: PUBLIC_URL defaults to this port, so fail rather than quietly serve another.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
  build: { target: "es2022" },
  ssr: {
    // Native and CommonJS-heavy server packages stay external to the server bundle.
    external: ["@electric-sql/pglite", "@node-rs/argon2", "@react-pdf/renderer", "postgres"],
  },
});
