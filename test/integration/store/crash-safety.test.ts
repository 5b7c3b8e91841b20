import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReceptionDatabase } from '../../../store/open-reception-database';
import type { SqliteDatabase } from '../../../store/sqlite-driver';
import { verifyAuditChain } from '../../../store/verify-audit-chain';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const WRITER = 'store/testing/crash-writer.ts';
/**
 * Commits the writer reports before each kill: several runs over one file, stopped at different
 * points of its five-step rotation, each recovered by the next open.
 */
const KILL_AFTER = [150, 97, 131, 173];

/** The audit rows each stored state must have, for receptions that never went through the queue. */
const DIRECT_EVENTS: Record<string, string[]> = {
  open: ['RECEPTION_BEGUN'],
  'handed-to-staff': ['RECEPTION_BEGUN', 'RECEPTION_HANDED_TO_STAFF'],
  abandoned: ['RECEPTION_BEGUN', 'RECEPTION_ABANDONED'],
  completed: ['RECEPTION_BEGUN', 'RECEPTION_COMPLETED'],
};
/** … and for queued ones, by the queue entry's status; the reception's state that goes with it. */
const QUEUED_EVENTS: Record<string, { events: string[]; state: string }> = {
  pending: { events: ['RECEPTION_BEGUN', 'RECEPTION_QUEUED'], state: 'queued' },
  sending: { events: ['RECEPTION_BEGUN', 'RECEPTION_QUEUED', 'QUEUE_CLAIMED'], state: 'queued' },
  done: { events: ['RECEPTION_BEGUN', 'RECEPTION_QUEUED', 'QUEUE_CLAIMED', 'QUEUED_RECEPTION_COMPLETED'], state: 'completed' },
};

interface KilledWriter {
  /** receptionId → the last state the writer reported committed. */
  readonly reported: Map<string, string>;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the writer, SIGKILLs it once it has reported `killAfter` commits, and collects every line it got out. */
async function runAndKillWriter(file: string, firstIndex: number, killAfter: number): Promise<KilledWriter> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(firstIndex)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const reported = new Map<string, string>();
  let count = 0;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const [word, receptionId, state] = line.split(' ');
    if (word === 'committed' && receptionId !== undefined && state !== undefined) reported.set(receptionId, state);
    count += 1;
    if (count === killAfter) child.kill('SIGKILL');
  });
  const closed = once(lines, 'close');
  const [, signal] = await exited;
  await closed;
  return { reported, signal, stderr };
}

/** Every reported commit is in the file, and every reception is whole: its state, audit rows, consents and queue entry agree. */
function expectWholeReceptions(db: SqliteDatabase, reported: ReadonlyMap<string, string>): void {
  const states = new Map((db.prepare('SELECT reception_id AS id, state FROM receptions').all() as { id: string; state: string }[]).map((row) => [row.id, row.state]));
  const queueStatus = new Map((db.prepare('SELECT reception_id AS id, status FROM outage_queue').all() as { id: string; status: string }[]).map((row) => [row.id, row.status]));
  const consentHolders = new Set((db.prepare('SELECT DISTINCT reception_id AS id FROM consents').all() as { id: string }[]).map((row) => row.id));
  const auditByReception = new Map<string, string[]>();
  for (const row of db.prepare('SELECT reception_id AS id, event FROM audit_log ORDER BY id').all() as { id: string; event: string }[]) {
    auditByReception.set(row.id, [...(auditByReception.get(row.id) ?? []), row.event]);
  }

  // A later step may have committed without being reported, never the other way round.
  for (const [receptionId, state] of reported) {
    const stored = states.get(receptionId);
    expect(stored === state || (state === 'open' && stored !== undefined) || (state === 'queued' && stored === 'completed'), `${receptionId}: reported ${state}, stored ${stored}`).toBe(true);
  }

  for (const [receptionId, state] of states) {
    const status = queueStatus.get(receptionId);
    const expected = status === undefined ? { events: DIRECT_EVENTS[state], state } : QUEUED_EVENTS[status];
    expect({ state, events: auditByReception.get(receptionId) }, `${receptionId} (queue ${status})`).toEqual({ state: expected?.state, events: expected?.events });
    expect(consentHolders.has(receptionId), `${receptionId} consents`).toBe(state === 'completed' || state === 'queued');
  }
  expect([...auditByReception.keys()].filter((receptionId) => !states.has(receptionId)), 'audit rows without their reception').toEqual([]);

  const auditCount = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  expect(verifyAuditChain(db)).toEqual({ ok: true, count: auditCount });
}

describe('reception store: a writer killed mid-loop loses nothing it reported and leaves no half reception', () => {
  let dir: TempDir;
  let db: SqliteDatabase | undefined;
  beforeEach(async () => {
    dir = await makeTempDir('oqs-store-crash-');
  });
  afterEach(async () => {
    if (db?.open) db.close();
    await dir.remove();
  });

  it('keeps every reported commit, pairs every change with its audit row, and the chain verifies, run after killed run', async () => {
    const file = join(dir.path, 'terminal.sqlite');
    const allReported = new Map<string, string>();
    for (const [run, killAfter] of KILL_AFTER.entries()) {
      const writer = await runAndKillWriter(file, run * 100_000, killAfter);
      expect(writer.signal, writer.stderr).toBe('SIGKILL');
      expect(writer.reported.size, writer.stderr).toBeGreaterThan(killAfter / 3);
      for (const [receptionId, state] of writer.reported) allReported.set(receptionId, state);

      // Opening recovers the WAL the killed writer left; the next run appends to the same chain.
      db = openReceptionDatabase(file);
      expectWholeReceptions(db, allReported);
      db.close();
    }
  });
});
