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

/**
 * The certificate render worker (app/pdf/certificate-worker.ts) as a second entry of the server
 * build, build/server/certificate-worker.js, which a worker thread loads at run time: the pool
 * (app/pdf/render-pool.server.ts) gets its address relative to the chunk it lands in.
 */
function certificateRenderWorker(): Plugin {
  const pool = path.resolve("app/pdf/render-pool.server.ts");
  const builtAddress = 'new URL("./certificate-worker.js", import.meta.url)';
  let ssrBuild = false;
  let worker = "";
  return {
    name: "certificate-render-worker",
    apply: "build",
    configResolved(config) {
      ssrBuild = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!ssrBuild) return;
      worker = this.emitFile({
        type: "chunk",
        id: path.resolve("app/pdf/certificate-worker.ts"),
        fileName: "certificate-worker.js",
        preserveSignature: "strict",
      });
    },
    transform(code, id) {
      if (!ssrBuild || id !== pool) return null;
      if (!code.includes(builtAddress)) this.error(`${pool} no longer says ${builtAddress}`);
      return code.replace(builtAddress, `new URL(import.meta.ROLLUP_FILE_URL_${worker})`);
    },
  };
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [zodWithoutEvalInTheBrowser(), remix(remixConfig), certificateRenderWorker()],
  // strictPort: PUBLIC_URL defaults to this port, so fail rather than quietly serve another.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
  build: { target: "es2022" },
  ssr: {
    // Native and CommonJS-heavy server packages stay external to the server bundle.
    external: ["@electric-sql/pglite", "@node-rs/argon2", "@react-pdf/renderer", "postgres"],
  },
});
