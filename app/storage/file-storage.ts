import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Where uploaded files are kept (import files now; evidence and e-learning packages next), so app
 * servers keep no files of their own. The default is a local folder; a council running several
 * instances points them all at one shared store by giving another implementation of this interface.
 */
export interface FileStorage {
  /** Keeps the bytes under the key (a key that exists is left as it is: keys name content). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes kept under the key, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
}

/** Keys are made by the service (e.g. "imports/<sha-256>.csv"): letters, digits, dots, dashes and one level of folders. */
const KEY = /^[a-z0-9-]+\/[a-z0-9.-]+$/;

function checkedKey(key: string): string {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`Not a storage key: ${key}`);
  return key;
}

/** Files under one folder on this machine. Writes go to a temporary name first, so a reader never sees half a file. */
export function localFolderStorage(folder: string): FileStorage {
  return {
    async put(key, bytes) {
      const target = path.join(folder, checkedKey(key));
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.${Date.now()}.part`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(path.join(folder, checkedKey(key))));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}
