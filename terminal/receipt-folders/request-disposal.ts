import { join } from 'node:path';
import { faceFileTime } from '../../oqs';
import { errorCodeOf, type FolderFileSystem } from '../../oqs/receipt-folder';
import { inFolder } from './folder-step';

/** Errors of link(2) that mean "no hard links here" (or another volume), not "this name is taken". */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);
/** Names tried for one request in one day's folder before giving up. */
const MAX_SUFFIX = 1000;

export interface DisposalPlace {
  readonly reqFolder: string;
  readonly archiveFolder: string;
  readonly policy: 'move' | 'remove';
}

/**
 * Takes an answered request out of Req, so Req holds only what is still to be answered: removed, or
 * moved into `archive/<yyyyMMdd>/` (JST day of `now`) under its own name — a request seen again after
 * it was answered (a duplicate) as `<name>.duplicate` — with `.1`, `.2`, … when that name is taken.
 * Nothing in the archive is replaced. A request already gone is fine.
 */
export async function disposeRequest(fs: FolderFileSystem, place: DisposalPlace, name: string, kind: 'answered' | 'duplicate', now: Date): Promise<void> {
  const source = join(place.reqFolder, name);
  if (place.policy === 'move') {
    const day = join(place.archiveFolder, faceFileTime(now).slice(0, 8));
    const moved = await inFolder('archive', `archiving ${name}`, () => placeIn(fs, source, day, kind === 'duplicate' ? `${name}.duplicate` : name));
    if (!moved) return;
  }
  await inFolder('req', `removing ${name}`, async () => {
    try {
      await fs.unlink(source);
    } catch (error) {
      if (errorCodeOf(error) !== 'ENOENT') throw error;
    }
  });
}

/** Puts a copy of `source` under a free name in `folder`; false when the source is gone already. */
async function placeIn(fs: FolderFileSystem, source: string, folder: string, baseName: string): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await placeUnderFreeName(fs, source, folder, baseName);
      return true;
    } catch (error) {
      if (errorCodeOf(error) !== 'ENOENT') throw error;
      if (!(await present(fs, source))) return false;
      if (attempt > 0) throw error;
      // The day's folder is made by its first request: one mkdir a day, not one per request.
      await fs.mkdir(folder);
    }
  }
}

async function placeUnderFreeName(fs: FolderFileSystem, source: string, folder: string, baseName: string): Promise<void> {
  for (let suffix = 0; suffix < MAX_SUFFIX; suffix += 1) {
    const target = join(folder, suffix === 0 ? baseName : `${baseName}.${suffix}`);
    try {
      await fs.link(source, target);
      return;
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'EEXIST') continue;
      if (code !== 'EXDEV' && !LINK_UNSUPPORTED.has(code)) throw error;
    }
    // Another volume, or no hard links: a copy (never over an existing file); the source is removed after.
    try {
      await fs.writeNewFile(target, await fs.readFile(source));
      return;
    } catch (error) {
      if (errorCodeOf(error) !== 'EEXIST') throw error;
    }
  }
  throw Object.assign(new Error(`no free archive name for ${baseName}`), { code: 'EEXIST' });
}

async function present(fs: FolderFileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}
