import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CardError } from '../../../device/card/card-error';
import { toHex } from '../../../kernel/bytes';
import { readUserAuthCertificate } from '../../../device/card/jpki';
import { ReaderMonitor } from '../../../device/card/reader-monitor';
import { insertIntoVpcd, VPCD_FIRST_PORT } from '../../../device/virtual-card/vpcd-link';
import type { VpcdInsertion } from '../../../device/virtual-card/vpcd-link';
import { isPcscdRunning, startPcscd, stopDaemon } from '../../harness/pcscd';
import { EventLog } from '../../harness/reader-event-log';
import { ScriptedCard } from './scripted-card';

// Reader 0 only, as in card-driver.test.ts.
const READER = 'Virtual PCD 00 00';

/**
 * pcscd stopped and started again under a running driver. This needs a pcscd of its own: stopping
 * a daemon other processes use would break them. When a pcscd is already running (a developer's,
 * or another test run's) the test is skipped, and says why.
 */
const foreignPcscd = await isPcscdRunning();
const SKIP_REASON = 'a pcscd this test did not start is running; stopping it would break its other users';
if (foreignPcscd) console.warn(`pcscd-restart.test.ts skipped: ${SKIP_REASON}`);

let daemon: ChildProcess | undefined;
let monitor: ReaderMonitor | undefined;
const insertions: VpcdInsertion[] = [];

afterAll(async () => {
  for (const insertion of insertions) await insertion.remove();
  await monitor?.close();
  if (daemon) await stopDaemon(daemon);
});

describe('pcscd restarted under a running driver', () => {
  it.skipIf(foreignPcscd)('reports the readers gone, then back; the process stays up and reads a card again', async () => {
    daemon = await startPcscd();
    monitor = new ReaderMonitor({ reconnectIntervalMs: 200 });
    const log = new EventLog(monitor);
    const found = log.next('reader.added', READER);
    monitor.start();
    await found;

    const before = new ScriptedCard({ seed: 60 });
    const inserted = log.next('card.inserted', READER);
    insertions.push(await insertIntoVpcd(before, { port: VPCD_FIRST_PORT }));
    await inserted;
    const transport = await monitor.connect(READER);
    expect(toHex(await readUserAuthCertificate(transport))).toBe(toHex(before.certificate));

    // Stop pcscd: the card, the reader and pcscd itself are reported gone.
    const from = log.events.length;
    const cardGone = log.next('card.removed', READER);
    const readerGone = log.next('reader.removed', READER);
    const unavailable = log.next('pcsc.unavailable');
    await stopDaemon(daemon);
    await Promise.all([cardGone, readerGone, unavailable]);
    const lost = await readUserAuthCertificate(transport).then(
      () => 'RESOLVED',
      (error: unknown) => (error instanceof CardError ? error.code : String(error)),
    );
    expect(['READER_GONE', 'CARD_REMOVED']).toContain(lost);
    await transport.close().catch(() => undefined);
    // The reader may also report a coded pcsc.error while the daemon dies (timing-dependent); the
    // presence events themselves come exactly once, card before reader.
    const presence = log.typesFor(READER, from).filter((type) => type !== 'pcsc.error');
    expect(presence).toEqual(['card.removed', 'reader.removed']);
    await insertions.pop()?.closed;

    // Start it again: the monitor finds it and the readers without being told.
    const available = log.next('pcsc.available');
    const back = log.next('reader.added', READER);
    daemon = await startPcscd();
    await Promise.all([available, back]);

    const after = new ScriptedCard({ seed: 61 });
    const insertedAgain = log.next('card.inserted', READER);
    insertions.push(await insertIntoVpcd(after, { port: VPCD_FIRST_PORT }));
    await insertedAgain;
    const again = await monitor.connect(READER);
    expect(toHex(await readUserAuthCertificate(again))).toBe(toHex(after.certificate));
    await again.close();
  });
});
