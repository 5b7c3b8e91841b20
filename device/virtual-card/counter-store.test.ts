import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import { InMemoryCounterStore, keyRefName, type KeyRef } from './counter-store';
import { JsonFileCounterStore } from './json-file-counter-store';

const pin: KeyRef = { profileId: 'taro', application: 'jpki', keyFid: 0x0018 };
const otherCard: KeyRef = { ...pin, profileId: 'hanako' };

describe('InMemoryCounterStore', () => {
  it('keys by profile id, application and key file id', () => {
    const store = new InMemoryCounterStore();
    expect(store.readTriesLeft(pin)).toBeUndefined();
    store.writeTriesLeft(pin, 2);
    store.writeChangedValue(pin, '5678');
    expect(store.readTriesLeft(pin)).toBe(2);
    expect(store.readChangedValue(pin)).toBe('5678');
    expect(store.readTriesLeft(otherCard)).toBeUndefined();
    expect(keyRefName(pin)).toBe('taro/jpki/0018');
    expect(store.snapshot()).toEqual({ 'taro/jpki/0018': { triesLeft: 2, value: '5678' } });
  });
});

describe('JsonFileCounterStore', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir('virtual-card-counters-');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('persists across instances (a locked card stays locked after a restart)', () => {
    const path = join(dir.path, 'state', 'counters.json');
    const first = new JsonFileCounterStore(path);
    first.writeTriesLeft(pin, 0);
    first.writeChangedValue(otherCard, '9999');
    const second = new JsonFileCounterStore(path);
    expect(second.readTriesLeft(pin)).toBe(0);
    expect(second.readChangedValue(otherCard)).toBe('9999');
    expect(second.readTriesLeft(otherCard)).toBeUndefined();
  });

  it('writes by rename: no temporary file stays, the file is valid JSON and private', async () => {
    const path = join(dir.path, 'counters.json');
    const store = new JsonFileCounterStore(path);
    for (let tries = 3; tries >= 0; tries -= 1) store.writeTriesLeft(pin, tries);
    expect(await readdir(dir.path)).toEqual(['counters.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ format: 'mynumber-virtual-card-counters/1', keys: { 'taro/jpki/0018': { triesLeft: 0 } } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file with COUNTER_STORE_FAILED instead of forgetting the counters', async () => {
    const path = join(dir.path, 'counters.json');
    await writeFile(path, '{"format":');
    expect(() => new JsonFileCounterStore(path)).toThrow(expect.objectContaining({ code: 'COUNTER_STORE_FAILED' }));
    await writeFile(path, JSON.stringify({ format: 'mynumber-virtual-card-counters/1', keys: { x: { triesLeft: -1 } } }));
    expect(() => new JsonFileCounterStore(path)).toThrow(expect.objectContaining({ code: 'COUNTER_STORE_FAILED' }));
  });
});
