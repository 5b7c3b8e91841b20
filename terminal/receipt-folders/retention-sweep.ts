import { join } from 'node:path';
import { faceFileTime, parseFaceFileName } from '../../oqs';
import { errorCodeOf, isResponseName, isStagedName, type FolderFileSystem } from '../../oqs/receipt-folder';
import { inFolder, type FolderRole } from './folder-step';

/** A temporary file of ours this old was left by a crash: nothing will finish it. */
export const STALE_STAGED_MS = 60 * 60_000;

export interface RetentionPlaces {
  readonly resFolder: string;
  readonly archiveFolder: string;
  readonly faceFolder: string | undefined;
  readonly responseKeepMs: number;
  readonly archiveKeepMs: number;
  readonly faceKeepMs: number | undefined;
}

export interface SweepReport {
  readonly responsesRemoved: number;
  readonly archiveDaysRemoved: number;
  readonly faceFilesRemoved: number;
  readonly stagedRemoved: number;
}

/**
 * Keeps the folders from growing without end, never taking a file the レセコン may not have read yet:
 *
 * - Res: responses (`…res….xml`) whose file time is older than responseKeepMs (at least an hour), and
 *   our own temporary files a crash left (older than an hour); anything else there is left alone.
 * - archive: the day folders (`yyyyMMdd`, JST) of answered requests older than archiveKeepMs.
 * - face: face files older than faceKeepMs, when set; the reception's staged files are its own.
 *
 * `now` is the file system's clock (file times are compared with it). A folder that cannot be read is
 * a FolderStepFailure naming it; one that does not exist has nothing to remove.
 */
export async function sweepFolders(fs: FolderFileSystem, places: RetentionPlaces, now: number): Promise<SweepReport> {
  let responsesRemoved = 0;
  let stagedRemoved = 0;
  for (const name of await namesIn(fs, 'res', places.resFolder)) {
    const response = isResponseName(name);
    if (!response && !isStagedName(name)) continue;
    const path = join(places.resFolder, name);
    const keepMs = response ? places.responseKeepMs : STALE_STAGED_MS;
    if (await removeIfOlder(fs, 'res', path, now - keepMs)) {
      if (response) responsesRemoved += 1;
      else stagedRemoved += 1;
    }
  }

  let archiveDaysRemoved = 0;
  const oldestDayKept = faceFileTime(new Date(now - places.archiveKeepMs)).slice(0, 8);
  for (const name of await namesIn(fs, 'archive', places.archiveFolder)) {
    if (!/^\d{8}$/.test(name) || name >= oldestDayKept) continue;
    await inFolder('archive', `removing the archive of ${name}`, () => fs.removeTree(join(places.archiveFolder, name)));
    archiveDaysRemoved += 1;
  }

  let faceFilesRemoved = 0;
  if (places.faceFolder !== undefined && places.faceKeepMs !== undefined) {
    for (const name of await namesIn(fs, 'face', places.faceFolder)) {
      if (parseFaceFileName(name) === undefined) continue;
      if (await removeIfOlder(fs, 'face', join(places.faceFolder, name), now - places.faceKeepMs)) faceFilesRemoved += 1;
    }
  }
  return { responsesRemoved, archiveDaysRemoved, faceFilesRemoved, stagedRemoved };
}

async function namesIn(fs: FolderFileSystem, role: FolderRole, folder: string): Promise<string[]> {
  return inFolder(role, `listing the ${role} folder`, async () => {
    try {
      return await fs.readdir(folder);
    } catch (error) {
      if (errorCodeOf(error) === 'ENOENT') return [];
      throw error;
    }
  });
}

async function removeIfOlder(fs: FolderFileSystem, role: FolderRole, path: string, before: number): Promise<boolean> {
  return inFolder(role, 'removing an old file', async () => {
    try {
      const look = await fs.stat(path);
      if (!look.isFile || look.mtimeMs >= before) return false;
      await fs.unlink(path);
      return true;
    } catch (error) {
      if (errorCodeOf(error) === 'ENOENT') return false;
      throw error;
    }
  });
}
