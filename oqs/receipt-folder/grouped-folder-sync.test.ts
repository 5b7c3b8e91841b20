import { describe, expect, it } from 'vitest';
import { GroupedFolderSync } from './grouped-folder-sync';

/** A folder flush that finishes when the test says, recording when each began. */
function controlledSync() {
  const started: Array<() => void> = [];
  return {
    started,
    fs: {
      syncFolder: () =>
        new Promise<void>((resolve) => {
          started.push(resolve);
        }),
    },
  };
}

describe('a folder flush shared by files written together', () => {
  it('gives every caller a flush that began after its call, sharing one among those who waited', async () => {
    const { started, fs } = controlledSync();
    const sync = new GroupedFolderSync(fs, '/res');
    const done: string[] = [];
    const first = sync.sync().then(() => done.push('first'));
    expect(started).toHaveLength(1);
    // These arrive while the first flush runs: it may have begun before their names were made.
    const second = sync.sync().then(() => done.push('second'));
    const third = sync.sync().then(() => done.push('third'));
    expect(started).toHaveLength(1);
    started[0]!();
    await first;
    expect(done).toEqual(['first']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(2);
    started[1]!();
    await Promise.all([second, third]);
    expect(done).toEqual(['first', 'second', 'third']);
  });

  it('passes a failed flush to its callers, and flushes afresh for the next', async () => {
    let fail = true;
    const sync = new GroupedFolderSync({ syncFolder: async () => (fail ? Promise.reject(Object.assign(new Error('io'), { code: 'EIO' })) : undefined) }, '/res');
    await expect(sync.sync()).rejects.toMatchObject({ code: 'EIO' });
    fail = false;
    await expect(sync.sync()).resolves.toBeUndefined();
  });
});
