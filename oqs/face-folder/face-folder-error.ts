/** Every failure of the face-folder writer carries one of these codes (codec failures stay OqsError). */
export type FaceFolderErrorCode =
  /** The kiosk or reception token has no usable character, or is longer than a token part may be. */
  | 'INVALID_TOKEN'
  /** The time cannot be written as a face file name's yyyyMMddHHmmss (invalid date, year past 9999). */
  | 'INVALID_TIME'
  /** A face file of that name is already in the folder; nothing was written over it. */
  | 'FACE_FILE_EXISTS'
  /** The folder cannot be created, or no file can be created in it (permissions, read-only, not a folder). */
  | 'FOLDER_UNWRITABLE'
  /** Writing, flushing or moving the file into place failed after it was created (disk full, I/O error). */
  | 'WRITE_FAILED';

/** A coded failure of writing into the レセコン face folder; `cause` keeps the file system error. */
export class FaceFolderError extends Error {
  override readonly name = 'FaceFolderError';
  readonly code: FaceFolderErrorCode;

  constructor(code: FaceFolderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** What callers log: code and message, never a stack trace. */
  toJSON(): { code: FaceFolderErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isFaceFolderError(value: unknown, code?: FaceFolderErrorCode): value is FaceFolderError {
  return value instanceof FaceFolderError && (code === undefined || value.code === code);
}
