import fs from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';

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

// The descriptor-level calls: a request file is a few hundred bytes, and these cost the event loop less
// per call than FileHandle objects do (the folders see thousands of them in a burst).
const openFd = promisify(fs.open);
const writeFd = promisify(fs.write);
const readFd = promisify(fs.read);
const fsyncFd = promisify(fs.fsync);
const fdatasyncFd = promisify(fs.fdatasync);
const closeFd = promisify(fs.close);

async function withFd<T>(path: string, flags: string, mode: number, work: (fd: number) => Promise<T>): Promise<T> {
  const fd = await openFd(path, flags, mode);
  try {
    return await work(fd);
  } finally {
    await closeFd(fd);
  }
}

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await writeFd(fd, bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

export const nodeFolderFileSystem: FolderFileSystem = {
  readdir: (folder) => readdir(folder),
  async stat(path) {
    const found = await stat(path);
    return { size: found.size, mtimeMs: found.mtimeMs, isFile: found.isFile() };
  },
  readFile: (path) =>
    withFd(path, 'r', 0, async (fd) => {
      // One read takes a request whole (they are small); the loop only runs for a larger file.
      const chunks: Buffer[] = [];
      let total = 0;
      for (let size = 16 * 1024; ; size = 256 * 1024) {
        const chunk = Buffer.allocUnsafe(size);
        const { bytesRead } = await readFd(fd, chunk, 0, size, null);
        if (bytesRead > 0) chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (bytesRead < size) break;
      }
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    }),
  writeNewFile: (path, bytes) =>
    withFd(path, 'wx', 0o644, async (fd) => {
      await writeAll(fd, bytes);
      await fsyncFd(fd);
    }),
  appendSynced: (path, text) =>
    withFd(path, 'a', 0o600, async (fd) => {
      await writeAll(fd, Buffer.from(text, 'utf8'));
      await fdatasyncFd(fd);
    }),
  link: (existing, path) => link(existing, path),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  mkdir: async (folder) => {
    await mkdir(folder, { recursive: true });
  },
  removeTree: (folder) => rm(folder, { recursive: true, force: true }),
  async syncFolder(folder) {
    let fd: number | undefined;
    try {
      fd = await openFd(folder, 'r');
      await fsyncFd(fd);
    } catch (error) {
      if (!FOLDER_SYNC_UNSUPPORTED.has(errorCodeOf(error))) throw error;
    } finally {
      if (fd !== undefined) await closeFd(fd).catch(() => undefined);
    }
  },
};

/** Node's error code (`ENOENT`, `ENOSPC`, …), or `unknown`. */
export function errorCodeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown';
}
