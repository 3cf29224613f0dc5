/**
 * What `import … from "zod"` resolves to in the browser's bundle (vite.config.ts): zod itself,
 * told not to compile its fast object parsers. Building a z.object otherwise makes zod try
 * `new Function`, which the Content Security Policy refuses (no 'unsafe-eval') and reports as a
 * violation on every page whose modules build one. The server keeps zod's fast path.
 */
import { config } from "zod/v4";

config({ jitless: true });

export * from "zod/v4";
