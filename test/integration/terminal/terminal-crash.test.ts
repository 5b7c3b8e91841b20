import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseCardProfileJson } from '../../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../../device/virtual-card/counter-store';
import { VirtualCard } from '../../../device/virtual-card/virtual-card';
import { VirtualCardSlot } from '../../../device/virtual-card/virtual-card-slot';
import type { KioskView } from '../../../flow/contract/view-models';
import { verifyAuditChain } from '../../../store/verify-audit-chain';
import { readFileSync } from 'node:fs';
import { CENTRAL_TEST_TIME, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { ensurePcscd, type PcscdHandle } from '../../harness/pcscd';
import { terminalConfigFor } from '../../harness/reception-terminal';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// SIGKILL of the terminal in the middle of a reception: the restarted terminal ends what the crash
// left open, loses nothing committed, keeps a verifying audit chain, and receives the card still on
// the reader as a new patient.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const CARD = 'shiken-taro';

let pcscd: PcscdHandle;
let central: TestCentral;
let temp: TempDir;
let configFile: string;
const slot = new VirtualCardSlot<VirtualCard>(0);
const children: ChildProcess[] = [];

interface RunningTerminal {
  readonly child: ChildProcess;
  readonly url: string;
}

async function startTerminal(): Promise<RunningTerminal> {
  // node itself with tsx as a loader: the tsx launcher would run the terminal in a grandchild a
  // SIGKILL does not reach.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/terminal-process.ts', configFile], {
    cwd: root,
    env: { ...process.env, OQS_TEST_CARD: CARD, OQS_TEST_TIME: CENTRAL_TEST_TIME.toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the terminal exited (${code}): ${errors.join('')}`)));
  });
  return { child, url };
}

/** Resolves with the first view of kiosk-1 on `screen`, from the terminal's WebSocket stream. */
function viewOn(terminal: RunningTerminal, screen: KioskView['screen']): Promise<KioskView> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${terminal.url.replace('http', 'ws')}api/kiosks/kiosk-1/stream`);
    socket.on('message', (data) => {
      const view = (JSON.parse(String(data)) as { view?: KioskView }).view;
      if (view?.screen !== screen) return;
      socket.close();
      resolve(view);
    });
    socket.on('error', reject);
  });
}

async function send(terminal: RunningTerminal, event: unknown): Promise<void> {
  const response = await fetch(`${terminal.url}api/kiosks/kiosk-1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  expect(response.status).toBe(200);
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function storeRows() {
  const db = new Database(join(temp.path, 'terminal.sqlite'), { readonly: true });
  try {
    return {
      receptions: db.prepare('SELECT reception_id AS id, state, ending_code AS code FROM receptions ORDER BY started_at, reception_id').all() as { id: string; state: string; code: string | null }[],
      audited: db.prepare('SELECT DISTINCT reception_id AS id FROM audit_log WHERE reception_id IS NOT NULL').all() as { id: string }[],
      chain: verifyAuditChain(db),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  pcscd = await ensurePcscd();
  central = await startTestCentral();
  temp = await makeTempDir('oqs-terminal-crash-');
  configFile = join(temp.path, 'terminal.json');
  await writeFile(configFile, JSON.stringify(terminalConfigFor(central, temp.path, [0])));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (slot.card) await slot.remove();
  await central?.stop();
  await temp?.remove();
  await pcscd?.stop();
});

describe('the terminal killed mid-reception', () => {
  it('restarts clean: the crashed reception is ended, nothing is half-written, the chain verifies, the card on the reader is a new patient', async () => {
    const first = await startTerminal();
    const offered = viewOn(first, 'method-choice');
    const json: unknown = JSON.parse(readFileSync(join(root, 'fixtures/cards', `${CARD}.json`), 'utf8'));
    await slot.insert(new VirtualCard({ profile: parseCardProfileJson(json), counters: new InMemoryCounterStore() }));
    await offered;
    const askingPin = viewOn(first, 'pin-entry');
    await send(first, { type: 'method.chosen', method: 'pin' });
    await askingPin;
    const consenting = viewOn(first, 'consent');
    await send(first, { type: 'pin.entered', pin: '1234' });
    await consenting;
    await killed(first.child);

    const crashed = storeRows();
    expect(crashed.receptions).toEqual([{ id: expect.any(String), state: 'open', code: null }]);
    expect(crashed.chain.ok).toBe(true);

    const second = await startTerminal();
    await viewOn(second, 'method-choice');
    const after = storeRows();
    expect(after.receptions).toHaveLength(2);
    const crashedId = crashed.receptions[0]!.id;
    expect(after.receptions.find((row) => row.id === crashedId)).toEqual({ id: crashedId, state: 'abandoned', code: 'TERMINAL_RESTARTED' });
    expect(after.receptions.find((row) => row.id !== crashedId)).toMatchObject({ state: 'open' });
    // No half record: every reception has its audit entries, and the chain verifies whole.
    expect(after.audited.map((row) => row.id).sort()).toEqual(after.receptions.map((row) => row.id).sort());
    expect(after.chain.ok).toBe(true);

    await slot.remove();
    await killed(second.child);
  });
});
