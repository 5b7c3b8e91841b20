import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse, qualificationResponse } from '../../../oqs';
import { LEDGER_FILE } from '../../../terminal/receipt-folders/answered-ledger';
import type { ReceiptFolderEvent } from '../../../terminal/receipt-folders/receipt-folder-service';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { dropRequest, encoded, person, requestText, type RequestEncoding } from '../../harness/receipt-folders';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// The folder service killed with SIGKILL in the middle of a batch and started again: every request
// in Req is answered exactly once — one response per name, none written twice, none rewritten.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const PEOPLE = ['shiken-taro', 'yoshida-takashi', 'yakushi-taro', 'ogawa-shiori'].map(person);
const VALID = 300;
const MALFORMED = 20;

interface RunningService {
  readonly child: ChildProcess;
  readonly events: ReceiptFolderEvent[];
  /** Resolves once `until` holds for the events so far. */
  waitFor(until: (events: readonly ReceiptFolderEvent[]) => boolean): Promise<void>;
  readonly exited: Promise<void>;
}

describe('the folder service killed mid-batch', () => {
  let central: TestCentral;
  let temp: TempDir;
  let configFile: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    central = await startTestCentral();
    temp = await makeTempDir('receipt-crash-');
    configFile = join(temp.path, 'service.json');
    await writeFile(
      configFile,
      JSON.stringify({
        centralUrl: central.stack.server.url,
        facilityPkiDir: central.stack.facilityPkiDir,
        facility: CLINIC,
        now: central.now().toISOString(),
        folders: { root: join(temp.path, 'oqs'), settleMs: 10, rescanMs: 200, concurrency: 4 },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await central?.stop();
    await temp?.remove();
  });

  function startService(): Promise<RunningService> {
    // node itself with tsx as a loader, so that SIGKILL reaches the service and not a launcher.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/receipt-folder-process.ts', configFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const events: ReceiptFolderEvent[] = [];
    const waiters: Array<{ until: (events: readonly ReceiptFolderEvent[]) => boolean; resolve: () => void }> = [];
    const errors: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const message = JSON.parse(line) as ReceiptFolderEvent | { ready: true };
        if ('ready' in message) {
          resolve({
            child,
            events,
            exited,
            waitFor: (until) => (until(events) ? Promise.resolve() : new Promise((done) => waiters.push({ until, resolve: done }))),
          });
          return;
        }
        events.push(message);
        for (const waiter of [...waiters]) {
          if (!waiter.until(events)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the folder service exited (${code}): ${errors.join('')}`)));
    });
  }

  it('answers every request exactly once across SIGKILL and a restart', async () => {
    const req = join(temp.path, 'oqs', 'req');
    const res = join(temp.path, 'oqs', 'res');
    // Slow central answers keep the batch going long enough to be killed in the middle of it.
    const faults = await central.anonymous().send('PUT', '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      body: JSON.stringify({ seed: 'crash', latencyMs: { min: 2, max: 8 } }),
      contentType: 'application/json',
    });
    expect(faults.status).toBeLessThan(300);

    const first = await startService();
    const names: string[] = [];
    const expectedId = new Map<string, string | undefined>();
    for (let index = 0; index < VALID; index += 1) {
      const name = `OQSsiquc01req_k${String(index).padStart(3, '0')}.xml`;
      const encoding: RequestEncoding = index % 2 === 0 ? 'Shift_JIS' : 'UTF-8';
      names.push(name);
      expectedId.set(name, `K${index}`);
      await dropRequest(req, name, encoded(requestText.qualification(encoding, CLINIC, PEOPLE[index % PEOPLE.length]!, `K${index}`), encoding));
    }
    for (let index = 0; index < MALFORMED; index += 1) {
      const name = `OQSsiquc01req_m${String(index).padStart(3, '0')}.xml`;
      names.push(name);
      expectedId.set(name, undefined);
      await dropRequest(req, name, '<XmlMsg><MessageHeader/></XmlMsg>');
    }

    await first.waitFor((events) => events.filter((event) => event.type === 'answered').length >= 80);
    first.child.kill('SIGKILL');
    await first.exited;

    const atKill = new Map<string, { ino: number; mtimeMs: number }>();
    for (const name of await readdir(res)) {
      if (name.startsWith('.')) continue;
      const found = await stat(join(res, name));
      atKill.set(name, { ino: found.ino, mtimeMs: found.mtimeMs });
    }
    // Killed in the middle: some answered, some not.
    expect(atKill.size).toBeGreaterThanOrEqual(80);
    expect(atKill.size).toBeLessThan(names.length);

    const second = await startService();
    const settledBy = (events: readonly ReceiptFolderEvent[]) => new Set(events.flatMap((event) => (event.type === 'answered' || event.type === 'already-answered' ? [event.name] : [])));
    const firstAnswered = settledBy(first.events);
    await second.waitFor((events) => {
      const settled = settledBy(events);
      return names.every((name) => firstAnswered.has(name) || settled.has(name));
    });
    second.child.kill('SIGTERM');
    await second.exited;

    // No name answered by the second run had a response already.
    const secondAnswered = second.events.flatMap((event) => (event.type === 'answered' ? [event.responseName] : []));
    expect(secondAnswered.filter((name) => atKill.has(name))).toEqual([]);
    expect(new Set(secondAnswered).size).toBe(secondAnswered.length);
    // One response per request, none rewritten, none left half-made.
    const responses = (await readdir(res)).sort();
    expect(responses).toEqual(names.map((name) => name.replace('req_', 'res_')).sort());
    for (const [name, before] of atKill) {
      const after = await stat(join(res, name));
      expect({ name, ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ name, ...before });
    }
    for (const name of names) {
      const bytes = await readFile(join(res, name.replace('req_', 'res_')));
      const id = expectedId.get(name);
      if (id === undefined) expect(errorResponse.parse(bytes).MessageHeader.ErrorCode).toBe('REQUEST_MALFORMED');
      else expect(qualificationResponse.parse(bytes).MessageHeader.ArbitraryFileIdentifier).toBe(id);
    }
    const ledger = (await readFile(join(temp.path, 'oqs', 'state', LEDGER_FILE), 'utf8')).split('\n').filter((line) => line.startsWith('{'));
    const ledgered = ledger.flatMap((line) => {
      try {
        return [(JSON.parse(line) as { name: string }).name];
      } catch {
        return []; // a line the kill cut short
      }
    });
    expect(new Set(ledgered).size).toBe(ledgered.length);
    expect(new Set(ledgered)).toEqual(new Set(names));
    expect(await readdir(req)).toEqual([]);
  }, 60_000);
});
