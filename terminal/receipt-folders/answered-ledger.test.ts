import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFolderFailure, nodeFolderFileSystem, type FolderFileSystem } from '../../oqs/receipt-folder';
import { AnsweredLedger, LEDGER_FILE } from './answered-ledger';

const entry = (name: string, at = '2026-11-21T01:00:00.000Z') => ({ name, response: name.replace('req', 'res'), at, how: 'answered' as const });

describe('the ledger of answered request names', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('knows a name once it is on disk, and after reopening', async () => {
    const { ledger } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    await ledger.record(entry('OQSsiquc01req_1.xml'));
    expect(ledger.has('OQSsiquc01req_1.xml')).toBe(true);
    const { ledger: reopened, skippedLines } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    expect([reopened.has('OQSsiquc01req_1.xml'), reopened.has('OQSsiquc01req_2.xml'), skippedLines]).toEqual([true, false, 0]);
  });

  it('writes names that arrive together with one append and one flush', async () => {
    let appends = 0;
    const counting: FolderFileSystem = { ...nodeFolderFileSystem, appendSynced: async (path, text) => ((appends += 1), nodeFolderFileSystem.appendSynced(path, text)) };
    const { ledger } = await AnsweredLedger.open(counting, folder);
    await Promise.all(Array.from({ length: 50 }, (_, index) => ledger.record(entry(`OQSsiquc01req_${index}.xml`))));
    expect(ledger.size).toBe(50);
    expect(appends).toBeLessThanOrEqual(2);
  });

  it('does not know a name whose entry could not be written', async () => {
    const full: FolderFileSystem = { ...nodeFolderFileSystem, appendSynced: async () => Promise.reject(Object.assign(new Error('full'), { code: 'ENOSPC' })) };
    const { ledger } = await AnsweredLedger.open(full, folder);
    await expect(ledger.record(entry('OQSsiquc01req_1.xml'))).rejects.toSatisfy((error) => isFolderFailure(error) && error.code === 'FOLDER_FULL');
    expect(ledger.has('OQSsiquc01req_1.xml')).toBe(false);
  });

  it('skips a line a crash cut short, and starts the next entry on a line of its own', async () => {
    await writeFile(join(folder, LEDGER_FILE), `${JSON.stringify(entry('OQSsiquc01req_1.xml'))}\n{"name":"OQSsi`);
    const { ledger, skippedLines } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    expect(skippedLines).toBe(1);
    await ledger.record(entry('OQSsiquc01req_2.xml'));
    const { ledger: reopened } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    expect([reopened.has('OQSsiquc01req_1.xml'), reopened.has('OQSsiquc01req_2.xml')]).toEqual([true, true]);
  });

  it('drops entries older than the keep time, on disk too', async () => {
    const { ledger } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    await ledger.record(entry('OQSsiquc01req_old.xml', '2026-01-01T00:00:00.000Z'));
    await ledger.record(entry('OQSsiquc01req_new.xml', '2026-11-20T00:00:00.000Z'));
    expect(await ledger.compact(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect([ledger.has('OQSsiquc01req_old.xml'), ledger.has('OQSsiquc01req_new.xml')]).toEqual([false, true]);
    expect(await readFile(join(folder, LEDGER_FILE), 'utf8')).not.toContain('OQSsiquc01req_old.xml');
    await ledger.record(entry('OQSsiquc01req_after.xml'));
    const { ledger: reopened } = await AnsweredLedger.open(nodeFolderFileSystem, folder);
    expect([reopened.has('OQSsiquc01req_old.xml'), reopened.has('OQSsiquc01req_new.xml'), reopened.has('OQSsiquc01req_after.xml')]).toEqual([false, true, true]);
  });
});
