import type { FileStorage } from "../../app/storage/file-storage";

/** File storage in memory, for tests. */
export function memoryStorage(): FileStorage & { keys(): string[] } {
  const files = new Map<string, Uint8Array>();
  return {
    async put(key, bytes) {
      if (!files.has(key)) files.set(key, new Uint8Array(bytes));
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    keys: () => [...files.keys()],
  };
}
