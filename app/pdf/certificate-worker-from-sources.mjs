// The render worker run from the TypeScript sources (vitest, tsx, `npm run dev`): a worker thread
// does not inherit the tsx loader of its parent, so it loads the worker's module through tsx here.
// The built server runs build/server/certificate-worker.js instead (vite.config.ts).
import { tsImport } from "tsx/esm/api";

const worker = await tsImport("./certificate-worker.ts", import.meta.url);

export default worker.default;
