import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openCentralStore } from './open-database';
import { openTempStore, type TempStore } from './testing/temp-store';

/** Another connection (in a thread) takes the write lock, holds it `holdMs`, then commits. */
async function holdWriteLock(file: string, holdMs: number): Promise<Worker> {
  const worker = new Worker(
    `const Database = require('better-sqlite3');
     const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData.file, { timeout: 0 });
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO facilities (medical_institution_code, name) VALUES ('1390000099', 'holder')").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { file, holdMs } },
  );
  await once(worker, 'message');
  return worker;
}

describe('waiting for another writer', () => {
  const stores: TempStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.dispose()));

  it('retries a write that found the database locked until the other writer commits', async () => {
    const store = openTempStore();
    stores.push(store);
    const worker = await holdWriteLock(store.file, 50);
    // Blocks this thread until the lock is free: the write succeeds, it does not fail with SQLITE_BUSY.
    store.db.prepare("INSERT INTO facilities (medical_institution_code, name) VALUES ('1390000100', 'waiter')").run();
    await once(worker, 'exit');
    expect(store.db.prepare<{ n: number }>('SELECT count(*) AS n FROM facilities').get()?.n).toBe(2);
  });

  it('gives up with SQLITE_BUSY once its time is over', async () => {
    const store = openTempStore();
    stores.push(store);
    const impatient = openCentralStore(store.file, { busyTimeoutMs: 5 });
    try {
      const worker = await holdWriteLock(store.file, 300);
      expect(() => impatient.prepare("INSERT INTO facilities (medical_institution_code, name) VALUES ('1390000101', 'late')").run()).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      );
      await once(worker, 'exit');
    } finally {
      impatient.close();
    }
  });
});
