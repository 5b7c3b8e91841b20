import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../kernel/bytes';
import type { XmlDeclaredEncoding } from '../xml/xml-element';
import { buildFaceFile, formatFaceFileName } from '../messages/face-file';
import type { QualificationResponse } from '../messages/qualification-messages';
import { FaceFolderError } from './face-folder-error';

/** CharacterCodeIdentifier (OQSCD005) of each encoding a face file may be written in. */
const CHARACTER_CODE_IDENTIFIER: Readonly<Record<FaceFileEncoding, string>> = { 'UTF-8': '0', Shift_JIS: '1' };

/** Longest kiosk or reception part of a token, after sanitising: keeps names well inside path limits. */
export const FACE_TOKEN_PART_MAX = 32;

export type FaceFileEncoding = Extract<XmlDeclaredEncoding, 'Shift_JIS' | 'UTF-8'>;

export interface WriteFaceFileInput {
  /** The face folder the レセコン watches (`FaceDataDir`); created when missing. */
  readonly folder: string;
  /** Names the kiosk (reader counter) that produced the file. */
  readonly kioskToken: string;
  /** Names the reception within that kiosk. */
  readonly receptionToken: string;
  /** A 個別照会 response of a card reading (ReferenceClassification 1). */
  readonly response: QualificationResponse;
  /** CharacterCodeIdentifier is set to match (0 UTF-8, 1 Shift_JIS) whatever the response says. */
  readonly encoding: FaceFileEncoding;
  /** The file name's time, written as JST. */
  readonly now: Date;
}

export interface WrittenFaceFile {
  readonly fileName: string;
  readonly path: string;
  readonly token: string;
  /** yyyyMMddHHmmss, JST. */
  readonly writtenAt: string;
  /** Characters written as ● because Shift_JIS has no code for them: log or flag these. */
  readonly substituted: readonly string[];
}

/** A face file written under its temporary name and flushed, not yet in place. */
export interface StagedFaceFile extends WrittenFaceFile {
  readonly folder: string;
  readonly tempPath: string;
}

/**
 * Writes one face file atomically: the XML goes to a temporary file in the same folder whose name the
 * レセコン never picks up (`.<final name>.<random>.tmp`: leading dot, not `.xml`, not a face file
 * name), is flushed to disk, then appears under its face file name in one step, and the folder
 * entry is flushed. A reader of the folder sees either no file or the whole file.
 *
 * Never overwrites: when a face file of that name exists (same kiosk, same reception, same second)
 * the write is refused with `FACE_FILE_EXISTS` and the temporary file removed; the caller decides
 * whether to try again a second later. The move is a hard link (which fails rather than replace), or,
 * where the file system has no hard links, an existence check followed by a rename.
 *
 * Errors: FaceFolderError (`INVALID_TOKEN`, `INVALID_TIME`, `FACE_FILE_EXISTS`, `FOLDER_UNWRITABLE`, `WRITE_FAILED`);
 * a response that is no face file (ReferenceClassification other than 1, invalid values) is OqsError.
 */
export async function writeFaceFile(input: WriteFaceFileInput): Promise<WrittenFaceFile> {
  return publishStagedFaceFile(await stageFaceFile(input));
}

/**
 * The face file name token: `<kiosk>-<reception>`, each part with every run of characters outside
 * `[A-Za-z0-9-]` replaced by `-` and leading or trailing `-` removed, 1 to FACE_TOKEN_PART_MAX long.
 * Two ids may sanitise to one token; the no-overwrite rule of writeFaceFile catches that.
 */
export function faceFileToken(kioskToken: string, receptionToken: string): string {
  return `${tokenPart(kioskToken, 'kiosk')}-${tokenPart(receptionToken, 'reception')}`;
}

/** yyyyMMddHHmmss in JST (UTC+9, no daylight saving), the local time of every facility. */
export function faceFileTime(now: Date): string {
  const jst = new Date(now.getTime() + 9 * 60 * 60 * 1000);
  const year = jst.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) throw new FaceFolderError('INVALID_TIME', 'the face file time is not a date between years 1 and 9999');
  return jst.toISOString().slice(0, 19).replace(/\D/g, '');
}

/** First half of writeFaceFile: builds, writes and flushes the temporary file. */
export async function stageFaceFile(input: WriteFaceFileInput): Promise<StagedFaceFile> {
  const token = faceFileToken(input.kioskToken, input.receptionToken);
  const writtenAt = faceFileTime(input.now);
  const fileName = formatFaceFileName({ token, writtenAt });
  const built = buildFaceFile(
    { ...input.response, MessageHeader: { ...input.response.MessageHeader, CharacterCodeIdentifier: CHARACTER_CODE_IDENTIFIER[input.encoding] } },
    { encoding: input.encoding },
  );
  try {
    await mkdir(input.folder, { recursive: true });
  } catch (error) {
    throw new FaceFolderError('FOLDER_UNWRITABLE', `the face folder cannot be created (${codeOf(error)})`, { cause: error });
  }
  const path = join(input.folder, fileName);
  if (await exists(path)) throw new FaceFolderError('FACE_FILE_EXISTS', `${fileName} is already in the face folder`);

  const tempPath = join(input.folder, `.${fileName}.${toHex(randomBytes(4))}.tmp`);
  let handle;
  try {
    handle = await open(tempPath, 'wx', 0o644);
  } catch (error) {
    throw new FaceFolderError('FOLDER_UNWRITABLE', `no file can be created in the face folder (${codeOf(error)})`, { cause: error });
  }
  try {
    try {
      await handle.writeFile(built.bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await removeQuietly(tempPath);
    throw new FaceFolderError('WRITE_FAILED', `the face file could not be written (${codeOf(error)})`, { cause: error });
  }
  return { folder: input.folder, tempPath, fileName, path, token, writtenAt, substituted: built.substituted };
}

/** Second half of writeFaceFile: moves the staged file under its face file name, never over another. */
export async function publishStagedFaceFile(staged: StagedFaceFile): Promise<WrittenFaceFile> {
  try {
    await link(staged.tempPath, staged.path);
    await removeQuietly(staged.tempPath);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') {
      await removeQuietly(staged.tempPath);
      throw new FaceFolderError('FACE_FILE_EXISTS', `${staged.fileName} is already in the face folder`, { cause: error });
    }
    if (!NO_HARD_LINKS.has(codeOf(error))) {
      await removeQuietly(staged.tempPath);
      throw new FaceFolderError('WRITE_FAILED', `the face file could not be moved into place (${codeOf(error)})`, { cause: error });
    }
    await renameUnlessTaken(staged);
  }
  await syncFolder(staged.folder);
  const { folder: _folder, tempPath: _tempPath, ...written } = staged;
  return written;
}

/** Errors of link(2) that mean "this file system has no hard links", not "this link failed". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** Errors of opening or fsyncing a directory on platforms and file systems that do not allow it. */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EPERM', 'EBADF']);

async function renameUnlessTaken(staged: StagedFaceFile): Promise<void> {
  if (await exists(staged.path)) {
    await removeQuietly(staged.tempPath);
    throw new FaceFolderError('FACE_FILE_EXISTS', `${staged.fileName} is already in the face folder`);
  }
  try {
    await rename(staged.tempPath, staged.path);
  } catch (error) {
    await removeQuietly(staged.tempPath);
    throw new FaceFolderError('WRITE_FAILED', `the face file could not be moved into place (${codeOf(error)})`, { cause: error });
  }
}

async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!FOLDER_SYNC_UNSUPPORTED.has(codeOf(error))) {
      throw new FaceFolderError('WRITE_FAILED', `the face folder could not be flushed (${codeOf(error)})`, { cause: error });
    }
  } finally {
    await handle?.close();
  }
}

function tokenPart(value: string, what: string): string {
  const part = value.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (part === '') throw new FaceFolderError('INVALID_TOKEN', `the ${what} token has no letter or digit`);
  if (part.length > FACE_TOKEN_PART_MAX) {
    throw new FaceFolderError('INVALID_TOKEN', `the ${what} token is ${part.length} characters, at most ${FACE_TOKEN_PART_MAX}`);
  }
  return part;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw new FaceFolderError('FOLDER_UNWRITABLE', `the face folder cannot be read (${codeOf(error)})`, { cause: error });
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown';
}
