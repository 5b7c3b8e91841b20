import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse, qualificationResponse } from '../../../oqs';
import type { OqsCentralSystem } from '../../../oqs/client';
import { LEDGER_FILE } from '../../../terminal/receipt-folders/answered-ledger';
import { ReceiptFolderService } from '../../../terminal/receipt-folders/receipt-folder-service';
import { receiptFolderSettingsOf } from '../../../terminal/receipt-folders/settings';
import { ServiceEvents } from '../../../terminal/receipt-folders/testing/service-events';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { dropRequest, encoded, folderCentralClient, person, requestText, type RequestEncoding } from '../../harness/receipt-folders';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// A flood of 1,000 files into Req at once, mixing valid 個別照会 (moved in, or written in place),
// requests written half and finished later, requests left half-written, malformed, oversized, wrongly
// encoded and unknown ones, and names dropped again after their answer: every valid one is answered
// once through the real central mock, every bad one with its coded error, the repeats not again, and
// the service is still answering afterwards.

const PEOPLE = ['shiken-taro', 'yoshida-takashi', 'yakushi-taro', 'ogawa-shiori', 'matsumoto-kazuko', 'shimizu-takuya', 'sankino-taro', 'iryohi-taro'].map(person);
const SEARCH_PATH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';

type Kind = 'valid' | 'late' | 'cut' | 'malformed' | 'oversized' | 'encoding' | 'unknown';
const EXPECTED_CODE: Record<Kind, string | undefined> = {
  valid: undefined,
  late: undefined,
  cut: 'REQUEST_MALFORMED',
  malformed: 'REQUEST_MALFORMED',
  oversized: 'REQUEST_TOO_LARGE',
  encoding: 'REQUEST_ENCODING',
  unknown: 'REQUEST_UNKNOWN_FAMILY',
};

describe('a flood of 1,000 files into Req', () => {
  let central: TestCentral;
  let client: OqsCentralSystem;
  let temp: TempDir;
  let searches = 0;

  beforeAll(async () => {
    central = await startTestCentral({ server: { onReceived: ({ path }) => void (path === SEARCH_PATH && (searches += 1)) } });
    client = folderCentralClient(central.stack.facilityPki, central.stack.server.url, CLINIC, () => central.now(), { maxSockets: 8 });
    temp = await makeTempDir('receipt-flood-');
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await central?.stop();
    await temp?.remove();
  });

  it('answers every valid request once, every bad one with its code, repeats not again, and goes on', async () => {
    const settings = receiptFolderSettingsOf({ root: temp.path, settleMs: 10, rescanMs: 200, incompleteMs: 8000, maxRequestKiB: 4, concurrency: 8 });
    const service = ReceiptFolderService.create({ settings, central: client, medicalInstitutionCode: CLINIC, clock: { now: () => central.now() }, log: () => undefined });
    const events = new ServiceEvents(service);
    await service.start();
    const req = settings.reqFolder;
    const res = settings.resFolder;
    try {
      const kinds = new Map<string, Kind>();
      const files: Array<{ name: string; bytes: Uint8Array | string; inPlace: boolean }> = [];
      const add = (kind: Kind, name: string, bytes: Uint8Array | string, inPlace = false) => {
        kinds.set(name, kind);
        files.push({ name, bytes, inPlace });
      };
      const encodingOf = (index: number): RequestEncoding => (index % 2 === 0 ? 'Shift_JIS' : 'UTF-8');
      const valid = (index: number, id: string) => encoded(requestText.qualification(encodingOf(index), CLINIC, PEOPLE[index % PEOPLE.length]!, id), encodingOf(index));

      for (let index = 0; index < 600; index += 1) add('valid', `OQSsiquc01req_v${index}.xml`, valid(index, `V${index}`), index % 3 === 2);
      const late = Array.from({ length: 50 }, (_, index) => ({ name: `OQSsiquc01req_late${index}.xml`, bytes: valid(index, `L${index}`) }));
      for (const file of late) add('late', file.name, file.bytes.subarray(0, Math.floor(file.bytes.length * 0.4)), true);
      for (let index = 0; index < 20; index += 1) add('cut', `OQSsiquc01req_cut${index}.xml`, valid(index, `C${index}`).subarray(0, 150), true);
      const malformed = [
        'this is not XML at all',
        '<?xml version="1.0" encoding="UTF-8"?><Other/>',
        `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>${CLINIC}</MedicalInstitutionCode></MessageHeader><MessageBody></MessageBody></XmlMsg>`,
        requestText.qualification('UTF-8', CLINIC, PEOPLE[0]!, 'M').replace('<Birthdate>19800217</Birthdate>', '<Birthdate>1980-02-17</Birthdate>'),
        '<XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MessageHeader></XmlMsg>',
      ];
      for (let index = 0; index < 150; index += 1) add('malformed', `OQSsiquc01req_bad${index}.xml`, malformed[index % malformed.length]!);
      const padding = `<!--${'x'.repeat(5 * 1024)}-->`;
      for (let index = 0; index < 50; index += 1) add('oversized', `OQSsiquc01req_big${index}.xml`, requestText.qualification('UTF-8', CLINIC, PEOPLE[0]!, `O${index}`).replace('</XmlMsg>', `${padding}</XmlMsg>`));
      for (let index = 0; index < 50; index += 1) {
        const text = requestText.qualification('UTF-8', CLINIC, PEOPLE[index % PEOPLE.length]!, `E${index}`).replace('</MessageBody>', '<!-- 受付 -->\n<!-- 患者 --></MessageBody>');
        add('encoding', `OQSsiquc01req_enc${index}.xml`, index % 2 === 0 ? new TextEncoder().encode(text.replace('UTF-8', 'Shift_JIS')) : text.replace('UTF-8', 'EUC-JP'));
      }
      for (let index = 0; index < 50; index += 1) add('unknown', `OQSsihvq01req_u${index}.xml`, valid(index, `U${index}`));
      const repeats = new Set(Array.from({ length: 30 }, (_, index) => `OQSsiquc01req_v${index * 7}.xml`));
      expect(files.length + repeats.size).toBe(1000);

      // A name answered is dropped once more, as a レセコン that lost track would.
      const redrops: Promise<void>[] = [];
      const redropped = new Set<string>();
      service.subscribe((event) => {
        if (event.type !== 'answered' || !repeats.has(event.name) || redropped.has(event.name)) return;
        redropped.add(event.name);
        const file = files.find((candidate) => candidate.name === event.name)!;
        redrops.push(dropRequest(req, event.name, file.bytes));
      });

      await Promise.all(files.map((file) => (file.inPlace ? writeFile(join(req, file.name), file.bytes) : dropRequest(req, file.name, file.bytes))));
      // The half-written ones get their rest once 300 answers are out.
      await events.waitFor((all) => all.filter((event) => event.type === 'answered').length >= 300);
      expect(events.of('answered').filter((event) => kinds.get(event.name) === 'late')).toEqual([]);
      await Promise.all(late.map((file) => writeFile(join(req, file.name), file.bytes)));

      await events.waitFor((all) => new Set(all.filter((event) => event.type === 'answered').map((event) => (event as { name: string }).name)).size === files.length);
      await Promise.all(redrops);
      await events.waitFor((all) => all.filter((event) => event.type === 'already-answered').length === repeats.size);

      const answered = events.of('answered');
      expect(answered).toHaveLength(files.length); // each name once
      expect(new Set(answered.map((event) => event.name)).size).toBe(files.length);
      for (const event of answered) expect([event.name, event.errorCode]).toEqual([event.name, EXPECTED_CODE[kinds.get(event.name)!]]);
      expect(events.of('already-answered').map((event) => [event.how, repeats.has(event.name)])).toEqual([...repeats].map(() => ['ledger', true]));

      const responses = await readdir(res);
      expect(responses.length).toBe(files.length);
      for (const file of files) {
        const bytes = await readFile(join(res, file.name.replace('req_', 'res_')));
        const kind = kinds.get(file.name)!;
        if (EXPECTED_CODE[kind] === undefined) {
          const model = qualificationResponse.parse(bytes);
          expect(model.MessageHeader.ArbitraryFileIdentifier).toMatch(/^[VL]\d+$/);
          expect(model.MessageHeader.SegmentOfResult).toBe('1');
        } else {
          expect(errorResponse.parse(bytes).MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: EXPECTED_CODE[kind] });
        }
      }
      // One central call per valid request, none for the bad ones or the repeats.
      expect(searches).toBe(650);
      const ledger = (await readFile(join(settings.stateFolder, LEDGER_FILE), 'utf8')).trim().split('\n');
      expect(new Set(ledger.map((line) => (JSON.parse(line) as { name: string }).name)).size).toBe(ledger.length);
      expect(ledger.length).toBe(files.length);
      expect(await readdir(req)).toEqual([]);
      expect(service.health()).toMatchObject({ answered: files.length, alreadyAnswered: repeats.size, conditions: [] });

      // And it goes on answering.
      await dropRequest(req, 'OQSsiquc01req_after.xml', valid(1, 'AFTER'));
      await events.answered('OQSsiquc01req_after.xml');
      expect(qualificationResponse.parse(await readFile(join(res, 'OQSsiquc01res_after.xml'))).MessageHeader.ArbitraryFileIdentifier).toBe('AFTER');
    } finally {
      await service.stop();
    }
  }, 50_000);
});
