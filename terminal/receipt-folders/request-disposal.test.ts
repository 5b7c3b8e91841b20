import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFolderFileSystem, type FolderFileSystem } from '../../oqs/receipt-folder';
import { isFolderStepFailure } from './folder-step';
import { disposeRequest } from './request-disposal';

const NOW = new Date('2026-11-21T01:00:00.000Z'); // 20261121 in Japan

describe('taking an answered request out of Req', () => {
  let root: string;
  let place: { reqFolder: string; archiveFolder: string; policy: 'move' | 'remove' };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'disposal-'));
    place = { reqFolder: join(root, 'req'), archiveFolder: join(root, 'archive'), policy: 'move' };
    await nodeFolderFileSystem.mkdir(place.reqFolder);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const drop = (name: string, text = 'x') => writeFile(join(place.reqFolder, name), text);

  it('moves it into the day\'s archive folder, a repeat beside it, never over another', async () => {
    await drop('OQSsiquc01req_1.xml');
    await disposeRequest(nodeFolderFileSystem, place, 'OQSsiquc01req_1.xml', 'answered', NOW);
    for (let round = 0; round < 2; round += 1) {
      await drop('OQSsiquc01req_1.xml');
      await disposeRequest(nodeFolderFileSystem, place, 'OQSsiquc01req_1.xml', 'duplicate', NOW);
    }
    expect(await readdir(place.reqFolder)).toEqual([]);
    expect((await readdir(join(place.archiveFolder, '20261121'))).sort()).toEqual(['OQSsiquc01req_1.xml', 'OQSsiquc01req_1.xml.duplicate', 'OQSsiquc01req_1.xml.duplicate.1']);
  });

  it('removes it when so configured, and takes a request already gone as done', async () => {
    await drop('OQSsiquc01req_2.xml');
    await disposeRequest(nodeFolderFileSystem, { ...place, policy: 'remove' }, 'OQSsiquc01req_2.xml', 'answered', NOW);
    await disposeRequest(nodeFolderFileSystem, place, 'OQSsiquc01req_gone.xml', 'answered', NOW);
    expect(await readdir(place.reqFolder)).toEqual([]);
    expect(await readdir(root)).toEqual(['req']);
  });

  it('copies where hard links do not reach (another volume)', async () => {
    const noLinks: FolderFileSystem = { ...nodeFolderFileSystem, link: async () => Promise.reject(Object.assign(new Error('cross-device'), { code: 'EXDEV' })) };
    await drop('OQSsiquc01req_3.xml', 'request');
    await disposeRequest(noLinks, place, 'OQSsiquc01req_3.xml', 'answered', NOW);
    expect(await readdir(place.reqFolder)).toEqual([]);
    expect(await readdir(join(place.archiveFolder, '20261121'))).toEqual(['OQSsiquc01req_3.xml']);
  });

  it('names the archive as the failing folder, and keeps the request', async () => {
    await writeFile(place.archiveFolder, 'a file where the archive folder should be');
    await drop('OQSsiquc01req_4.xml');
    await expect(disposeRequest(nodeFolderFileSystem, place, 'OQSsiquc01req_4.xml', 'answered', NOW)).rejects.toSatisfy(
      (error) => isFolderStepFailure(error) && error.role === 'archive',
    );
    expect(await readdir(place.reqFolder)).toEqual(['OQSsiquc01req_4.xml']);
  });
});
