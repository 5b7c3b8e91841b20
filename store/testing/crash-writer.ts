import { writeSync } from 'node:fs';
import { openReceptionDatabase } from '../open-reception-database';
import { SqliteReceptionStore } from '../sqlite-reception-store';
import { at, KIOSK, sampleCompletion, sampleQueued, sampleQueuedCompletion } from './sample-receptions';

/**
 * For the crash-safety test: `crash-writer.ts <database file> <first index>` writes receptions
 * crash-<first index>, crash-<first index + 1>, … until it is killed. After each write has committed it prints `committed <receptionId> <state>` (written
 * synchronously, so a printed line always means a committed write). Endings rotate through every kind,
 * and every other queued one is then claimed and completed by the outage worker path.
 */
const [file, firstIndexText] = process.argv.slice(2);
const firstIndex = Number(firstIndexText);
if (file === undefined || !Number.isSafeInteger(firstIndex)) {
  process.stderr.write('usage: crash-writer.ts <database file> <first index>\n');
  process.exit(2);
}
const store = new SqliteReceptionStore(openReceptionDatabase(file));
const report = (receptionId: string, state: string) => writeSync(1, `committed ${receptionId} ${state}\n`);

for (let index = firstIndex; ; index += 1) {
  const receptionId = `crash-${index}`;
  await store.begin({ receptionId, kioskId: KIOSK, startedAt: at(index) });
  report(receptionId, 'open');
  switch (index % 5) {
    case 0:
      await store.complete(sampleCompletion(receptionId, at(index + 1)));
      report(receptionId, 'completed');
      break;
    case 1:
      await store.handOver({ receptionId, kioskId: KIOSK, endedAt: at(index + 1), method: 'pin', code: 'PIN_LAST_TRY' });
      report(receptionId, 'handed-to-staff');
      break;
    case 2:
      await store.abandon({ receptionId, kioskId: KIOSK, endedAt: at(index + 1), code: 'CARD_REMOVED' });
      report(receptionId, 'abandoned');
      break;
    case 3:
      await store.queue(sampleQueued(receptionId, at(index + 1)));
      report(receptionId, 'queued');
      break;
    default:
      await store.queue(sampleQueued(receptionId, at(index + 1)));
      report(receptionId, 'queued');
      await store.claimQueued(receptionId, at(index + 2));
      await store.completeQueued(sampleQueuedCompletion(receptionId, at(index + 3)));
      report(receptionId, 'completed');
  }
}
