import { errorCodeOf } from './folder-file-system';

/**
 * What went wrong with a folder, as staff must hear it: it is gone (a share unmounted, a folder
 * deleted), the disk is full, it may not be written, or another I/O error.
 */
export type FolderFailureCode = 'FOLDER_MISSING' | 'FOLDER_FULL' | 'FOLDER_UNWRITABLE' | 'FOLDER_IO';

/** A coded failure of a folder operation; `errno` keeps the system's code for the log. */
export class FolderFailure extends Error {
  override readonly name = 'FolderFailure';

  constructor(
    readonly code: FolderFailureCode,
    readonly errno: string,
    message: string,
  ) {
    super(message);
  }
}

export function isFolderFailure(value: unknown): value is FolderFailure {
  return value instanceof FolderFailure;
}

export function folderFailureCodeOf(errno: string): FolderFailureCode {
  switch (errno) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'FOLDER_MISSING';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'FOLDER_FULL';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'FOLDER_UNWRITABLE';
    default:
      return 'FOLDER_IO';
  }
}

/** `error` of `what` (e.g. "writing the response") as a FolderFailure. */
export function folderFailureOf(error: unknown, what: string): FolderFailure {
  if (isFolderFailure(error)) return error;
  const errno = errorCodeOf(error);
  return new FolderFailure(folderFailureCodeOf(errno), errno, `${what} failed (${errno})`);
}
