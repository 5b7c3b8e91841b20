import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { errorCodeOf, type FolderFileSystem } from './folder-file-system';
import { folderFailureOf } from './folder-failure';

/** Errors of link(2) that mean "this file system has no hard links", not "this link failed". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** The temporary name a file is written under before it appears: `.<name>.<8 hex>.tmp`. */
const STAGED_NAME = /^\.(.+)\.[0-9a-f]{8}\.tmp$/;

export function isStagedName(name: string): boolean {
  return STAGED_NAME.test(name);
}

/**
 * Puts `bytes` into `folder` under `fileName` so that a reader of the folder sees either no file or
 * the whole file, and never replaces a file of that name:
 *
 * 1. the bytes go to `.<fileName>.<random>.tmp` in the same folder (a name no レセコン picks up), which
 *    is flushed to disk;
 * 2. it is hard-linked under `fileName` — link(2) fails with EEXIST instead of replacing — or, where
 *    the file system has no hard links, renamed after checking that the name is free;
 * 3. the temporary name is removed and the folder's entries are flushed.
 *
 * `exists` means a file of that name was there already (nothing was written over it). A failure is a
 * FolderFailure (missing folder, full disk, no permission, I/O) with nothing left behind but, after a
 * crash, the temporary file.
 */
export async function publishOnce(
  fs: FolderFileSystem,
  folder: string,
  fileName: string,
  bytes: Uint8Array,
  /** Flushes the folder's entries; a GroupedFolderSync shares one flush among files written together. */
  syncFolder: () => Promise<void> = () => fs.syncFolder(folder),
): Promise<'written' | 'exists'> {
  const path = join(folder, fileName);
  const tempPath = join(folder, `.${fileName}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeNewFile(tempPath, bytes);
  } catch (error) {
    await fs.unlink(tempPath).catch(() => undefined);
    throw folderFailureOf(error, `writing ${fileName}`);
  }
  try {
    try {
      await fs.link(tempPath, path);
    } catch (error) {
      const errno = errorCodeOf(error);
      if (errno === 'EEXIST') return 'exists';
      if (!NO_HARD_LINKS.has(errno)) throw error;
      if (await present(fs, path)) return 'exists';
      await fs.rename(tempPath, path);
    }
    await syncFolder();
    return 'written';
  } catch (error) {
    throw folderFailureOf(error, `publishing ${fileName}`);
  } finally {
    await fs.unlink(tempPath).catch(() => undefined);
  }
}

async function present(fs: FolderFileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return false;
    throw error;
  }
}
