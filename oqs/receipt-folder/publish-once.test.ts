import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFolderFileSystem, type FolderFileSystem } from './folder-file-system';
import { isFolderFailure } from './folder-failure';
import { isStagedName, publishOnce } from './publish-once';

describe('publishing a file once', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'publish-once-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('puts the whole file under its name and leaves no temporary file', async () => {
    expect(await publishOnce(nodeFolderFileSystem, folder, 'OQSsiquc01res_1.xml', new Uint8Array([1, 2, 3]))).toBe('written');
    expect(await readdir(folder)).toEqual(['OQSsiquc01res_1.xml']);
    expect([...(await readFile(join(folder, 'OQSsiquc01res_1.xml')))]).toEqual([1, 2, 3]);
  });

  it('never replaces a file of that name', async () => {
    await publishOnce(nodeFolderFileSystem, folder, 'a.xml', new Uint8Array([1]));
    const before = await stat(join(folder, 'a.xml'));
    expect(await publishOnce(nodeFolderFileSystem, folder, 'a.xml', new Uint8Array([2]))).toBe('exists');
    const after = await stat(join(folder, 'a.xml'));
    expect([after.ino, after.mtimeMs, [...(await readFile(join(folder, 'a.xml')))]]).toEqual([before.ino, before.mtimeMs, [1]]);
    expect(await readdir(folder)).toEqual(['a.xml']);
  });

  it('renames after a check where the file system has no hard links', async () => {
    const noLinks: FolderFileSystem = { ...nodeFolderFileSystem, link: async () => Promise.reject(Object.assign(new Error('no links'), { code: 'EPERM' })) };
    expect(await publishOnce(noLinks, folder, 'a.xml', new Uint8Array([1]))).toBe('written');
    expect(await publishOnce(noLinks, folder, 'a.xml', new Uint8Array([2]))).toBe('exists');
    expect([...(await readFile(join(folder, 'a.xml')))]).toEqual([1]);
    expect(await readdir(folder)).toEqual(['a.xml']);
  });

  it('codes a full disk and a missing folder, leaving nothing behind', async () => {
    const full: FolderFileSystem = {
      ...nodeFolderFileSystem,
      writeNewFile: async (path, bytes) => {
        await nodeFolderFileSystem.writeNewFile(path, bytes.subarray(0, 1));
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    await expect(publishOnce(full, folder, 'a.xml', new Uint8Array([1, 2]))).rejects.toSatisfy((error) => isFolderFailure(error) && error.code === 'FOLDER_FULL');
    expect(await readdir(folder)).toEqual([]);
    await expect(publishOnce(nodeFolderFileSystem, join(folder, 'gone'), 'a.xml', new Uint8Array([1]))).rejects.toSatisfy(
      (error) => isFolderFailure(error) && error.code === 'FOLDER_MISSING' && error.errno === 'ENOENT',
    );
  });

  it('names its temporary files so that no one takes them for a response', () => {
    expect(isStagedName('.OQSsiquc01res_1.xml.0a1b2c3d.tmp')).toBe(true);
    expect(isStagedName('OQSsiquc01res_1.xml')).toBe(false);
  });
});
