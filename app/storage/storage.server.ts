import path from "node:path";
import { env } from "../env.server";
import { type FileStorage, localFolderStorage } from "./file-storage";

let storage: FileStorage | undefined;

/** The service's file storage: DATA_DIR/files. */
export function fileStorage(): FileStorage {
  storage ??= localFolderStorage(path.join(env().DATA_DIR, "files"));
  return storage;
}

/** Tests keep their files apart (a temporary folder, or memory). */
export function provideFileStorageForTests(replacement: FileStorage): void {
  storage = replacement;
}
