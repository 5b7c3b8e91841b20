import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';

/** What a look at a file gives: enough to tell whether it is still being written. */
export interface FileLook {
  readonly size: number;
  readonly mtimeMs: number;
  readonly isFile: boolean;
}

/**
 * The file operations of the レセコン folders, as a port: the real file system by default, and in
 * tests one that fails where a full disk or a vanished folder would. Errors keep Node's `code`.
 */
export interface FolderFileSystem {
  readdir(folder: string): Promise<string[]>;
  stat(path: string): Promise<FileLook>;
  readFile(path: string): Promise<Uint8Array>;
  /** Creates `path` (never over an existing file), writes `bytes` and flushes them to disk. */
  writeNewFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Appends `text` and flushes it to disk (the ledger). */
  appendSynced(path: string, text: string): Promise<void>;
  /** A second name for the file; fails with EEXIST rather than replace one. */
  link(existing: string, path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(folder: string): Promise<void>;
  /** Removes a folder and everything in it (the archive's old days). */
  removeTree(folder: string): Promise<void>;
  /** Flushes the folder's entries (a new name) to disk, where the platform allows it. */
  syncFolder(folder: string): Promise<void>;
}

/** Errors of opening or fsyncing a directory on platforms and file systems that do not allow it. */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EPERM', 'EBADF']);

export const nodeFolderFileSystem: FolderFileSystem = {
  readdir: (folder) => readdir(folder),
  async stat(path) {
    const found = await stat(path);
    return { size: found.size, mtimeMs: found.mtimeMs, isFile: found.isFile() };
  },
  readFile: (path) => readFile(path),
  async writeNewFile(path, bytes) {
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async appendSynced(path, text) {
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
  },
  link: (existing, path) => link(existing, path),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  mkdir: async (folder) => {
    await mkdir(folder, { recursive: true });
  },
  removeTree: (folder) => rm(folder, { recursive: true, force: true }),
  async syncFolder(folder) {
    let handle;
    try {
      handle = await open(folder, 'r');
      await handle.sync();
    } catch (error) {
      if (!FOLDER_SYNC_UNSUPPORTED.has(errorCodeOf(error))) throw error;
    } finally {
      await handle?.close();
    }
  },
};

/** Node's error code (`ENOENT`, `ENOSPC`, …), or `unknown`. */
export function errorCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown';
}
