import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualificationResponse } from '../../../oqs';
import type { StoredAlert } from '../../../store/sqlite-alert-store';
import { parseReceptionConfig } from '../../../terminal/config';
import { startReceptionTerminal, type ReceptionTerminal } from '../../../terminal/reception-terminal';
import { ServiceEvents } from '../../../terminal/receipt-folders/testing/service-events';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { dropRequest, encoded, person, requestText } from '../../harness/receipt-folders';
import { terminalConfigFor, UNUSED_FACE } from '../../harness/reception-terminal';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// The terminal as composed: with `receiptFolders` configured it answers Req in Res on its own central
// client, and what staff must hear (a ● substitution, a folder gone) reaches the console's alerts.
// The kiosk names a reader no one has: no card is involved and no PC/SC reader is claimed.

describe('the terminal with its レセコン folders', () => {
  let central: TestCentral;
  let temp: TempDir;
  let terminal: ReceptionTerminal;
  const raised: StoredAlert[] = [];

  beforeAll(async () => {
    central = await startTestCentral();
    temp = await makeTempDir('terminal-folders-');
    const base = terminalConfigFor(central, temp.path, [0]) as Record<string, unknown>;
    const config = parseReceptionConfig({
      ...base,
      kiosks: [{ id: 'kiosk-1', readerName: 'No Such Reader 99', cardFront: 'staff-entry' }],
      receiptFolders: { root: join(temp.path, 'oqs'), settleMs: 10, rescanMs: 100, folderRetryMs: 20 },
    });
    terminal = await startReceptionTerminal(config, { face: UNUSED_FACE, clock: { now: () => central.now() }, log: () => undefined });
    terminal.onAlert((alert) => raised.push(alert));
  }, 60_000);
  afterAll(async () => {
    await terminal?.stop();
    await central?.stop();
    await temp?.remove();
  });

  it('answers a request in Res and tells staff of the ● it had to write', async () => {
    const folders = terminal.receiptFolders!;
    const events = new ServiceEvents(folders);
    const req = join(temp.path, 'oqs', 'req');
    await dropRequest(req, 'OQSsiquc01req_T1.xml', encoded(requestText.qualification('Shift_JIS', CLINIC, person('yoshida-takashi'), 'T1'), 'Shift_JIS'));
    await events.answered('OQSsiquc01req_T1.xml');
    const model = qualificationResponse.parse(await readFile(join(temp.path, 'oqs', 'res', 'OQSsiquc01res_T1.xml')));
    expect(model.MessageBody.ResultList?.[0]?.Name).toBe('●田　髙志');
    expect(raised.map((alert) => [alert.kioskId, alert.code])).toEqual([['receipt-folders', 'RECEIPT_CHARACTERS_SUBSTITUTED']]);
    expect(terminal.alerts.open().map((alert) => alert.code)).toContain('RECEIPT_CHARACTERS_SUBSTITUTED');
    expect(await readdir(req)).toEqual([]);
  });

  it('raises one alert while Res is gone, and answers once it is back', async () => {
    const folders = terminal.receiptFolders!;
    const events = new ServiceEvents(folders);
    const res = join(temp.path, 'oqs', 'res');
    await rm(res, { recursive: true });
    for (const id of ['T2', 'T3']) await dropRequest(join(temp.path, 'oqs', 'req'), `OQSsiquc01req_${id}.xml`, encoded(requestText.qualification('UTF-8', CLINIC, person('shiken-taro'), id), 'UTF-8'));
    await events.waitFor((all) => all.filter((event) => event.type === 'waiting').length >= 4);
    expect(raised.filter((alert) => alert.code === 'RECEIPT_FOLDER_MISSING').map((alert) => alert.kioskId)).toEqual(['receipt-folders']);
    await mkdir(res);
    await Promise.all([events.answered('OQSsiquc01req_T2.xml'), events.answered('OQSsiquc01req_T3.xml')]);
    expect((await readdir(res)).sort()).toEqual(['OQSsiquc01res_T2.xml', 'OQSsiquc01res_T3.xml']);
  });
});
