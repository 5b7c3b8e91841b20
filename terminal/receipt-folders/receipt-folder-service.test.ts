import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorResponse, faceFileTime, qualificationResponse } from '../../oqs';
import { encodeShiftJis } from '../../oqs/encoding/shift-jis-encoder';
import { nodeFolderFileSystem, type FolderFileSystem } from '../../oqs/receipt-folder';
import { LEDGER_FILE } from './answered-ledger';
import { ReceiptFolderService } from './receipt-folder-service';
import { receiptFolderSettingsOf, type ReceiptFoldersConfig } from './settings';
import { FakeFolderCentral } from './testing/fake-folder-central';
import { ServiceEvents } from './testing/service-events';

const FACILITY = '1399999999';
const NOW = new Date('2026-11-21T01:00:00.000Z');

function qualificationRequestText(encoding: 'Shift_JIS' | 'UTF-8', id: string): string {
  return `<?xml version="1.0" encoding="${encoding}" standalone="no"?>
<XmlMsg><MessageHeader><QualificationConfirmationDate>20261121</QualificationConfirmationDate><MedicalInstitutionCode>${FACILITY}</MedicalInstitutionCode><ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06130041</InsurerNumber><InsuredCardSymbol>21</InsuredCardSymbol><InsuredIdentificationNumber>4407</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19631005</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>
`;
}

/** The archive's day folder of a request answered now (JST by the file system's clock). */
const today = () => faceFileTime(new Date()).slice(0, 8);

const bytesOf = (text: string, encoding: 'Shift_JIS' | 'UTF-8') => (encoding === 'UTF-8' ? new TextEncoder().encode(text) : encodeShiftJis(text).bytes);

describe('the レセコン folder service', () => {
  let root: string;
  let central: FakeFolderCentral;
  const services: ReceiptFolderService[] = [];
  const logged: Array<[string, string]> = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'receipt-folders-'));
    central = new FakeFolderCentral();
    logged.length = 0;
  });
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
    await rm(root, { recursive: true, force: true });
  });

  const folder = (name: 'req' | 'res' | 'archive' | 'state') => join(root, name);

  async function start(config: Partial<ReceiptFoldersConfig> = {}, options: { fs?: FolderFileSystem; fileClock?: () => number } = {}) {
    const settings = receiptFolderSettingsOf({ root, settleMs: 5, rescanMs: 50, incompleteMs: 400, outageRetryMs: 10, folderRetryMs: 10, ...config }, join(root, 'face'));
    const service = await ReceiptFolderService.start({
      settings,
      central,
      medicalInstitutionCode: FACILITY,
      clock: { now: () => NOW },
      log: (code, detail) => logged.push([code, detail]),
      ...options,
    });
    services.push(service);
    return { service, events: new ServiceEvents(service) };
  }

  /** Drops a finished file the way §2.1 asks a レセコン to: written elsewhere, then moved in. */
  async function drop(name: string, bytes: Uint8Array | string): Promise<void> {
    const staging = join(root, 'staging');
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, name), bytes);
    await rename(join(staging, name), join(folder('req'), name));
  }

  const response = (name: string) => readFile(join(folder('res'), name));

  it('answers a 個別照会 in the encoding it declares, CharacterCodeIdentifier set, ● counted in Shift_JIS only', async () => {
    const { service, events } = await start();
    await drop('OQSsiquc01req_S1.xml', bytesOf(qualificationRequestText('Shift_JIS', 'S1'), 'Shift_JIS'));
    await drop('OQSsiquc01req_U1.xml', bytesOf(qualificationRequestText('UTF-8', 'U1'), 'UTF-8'));
    await Promise.all([events.answered('OQSsiquc01req_S1.xml'), events.answered('OQSsiquc01req_U1.xml')]);

    const sjisBytes = await response('OQSsiquc01res_S1.xml');
    expect(sjisBytes.subarray(0, 60).toString('latin1')).toContain('encoding="Shift_JIS"');
    const sjis = qualificationResponse.parse(sjisBytes);
    expect(sjis.MessageHeader).toMatchObject({ CharacterCodeIdentifier: '1', ArbitraryFileIdentifier: 'S1', SegmentOfResult: '1' });
    expect(sjis.MessageBody.ResultList?.[0]?.Name).toBe('●田　髙志');
    const utf8 = qualificationResponse.parse(await response('OQSsiquc01res_U1.xml'));
    expect(utf8.MessageHeader.CharacterCodeIdentifier).toBe('0');
    expect(utf8.MessageBody.ResultList?.[0]?.Name).toBe('𠮷田　髙志');

    expect(events.of('answered').map((event) => [event.name, event.substituted]).sort()).toEqual([
      ['OQSsiquc01req_S1.xml', 1],
      ['OQSsiquc01req_U1.xml', 0],
    ]);
    expect(service.health()).toMatchObject({ answered: 2, errors: 0, substitutedCharacters: 1, substitutedResponses: 1 });
    expect(logged.filter(([code]) => code === 'RECEIPT_CHARACTERS_SUBSTITUTED')).toHaveLength(1);
    // Answered requests leave Req, into the archive's day folder.
    expect(await readdir(folder('req'))).toEqual([]);
    expect((await readdir(join(folder('archive'), today()))).sort()).toEqual(['OQSsiquc01req_S1.xml', 'OQSsiquc01req_U1.xml']);
  });

  it('can be set to answer in one encoding whatever the request declares', async () => {
    const { events } = await start({ responseEncoding: 'UTF-8' });
    await drop('OQSsiquc01req_S2.xml', bytesOf(qualificationRequestText('Shift_JIS', 'S2'), 'Shift_JIS'));
    await events.answered('OQSsiquc01req_S2.xml');
    const parsed = qualificationResponse.parse(await response('OQSsiquc01res_S2.xml'));
    expect([parsed.MessageHeader.CharacterCodeIdentifier, parsed.MessageBody.ResultList?.[0]?.Name]).toEqual(['0', '𠮷田　髙志']);
  });

  it('answers a bad request with the §3 error envelope and its code, never silence', async () => {
    const { service, events } = await start({ maxRequestKiB: 1, errorCodes: { REQUEST_UNKNOWN_FAMILY: 'E0901' } });
    await drop('OQSsiquc01req_bad.xml', '<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><ArbitraryFileIdentifier>B-1</ArbitraryFileIdentifier></MessageHeader></XmlMsg>');
    await drop('OQSsihvq01req_1.xml', bytesOf(qualificationRequestText('UTF-8', 'H1'), 'UTF-8'));
    await drop('OQSsiquc01req_big.xml', `${qualificationRequestText('UTF-8', 'BIG').trimEnd()}<!--${'x'.repeat(2048)}-->`);
    await drop('OQSsiquc01req_enc.xml', bytesOf(qualificationRequestText('UTF-8', 'ENC').replace('UTF-8', 'EUC-JP'), 'UTF-8'));
    await drop('OQSsiquc01req_other.xml', bytesOf(qualificationRequestText('UTF-8', 'OT').replace(FACILITY, '1390000017'), 'UTF-8'));
    await drop('YZKsiquc01req_nc.xml', await readFile(new URL('../../oqs/fixtures/yzk01req.sjis.xml', import.meta.url)));
    const names = ['OQSsiquc01req_bad.xml', 'OQSsihvq01req_1.xml', 'OQSsiquc01req_big.xml', 'OQSsiquc01req_enc.xml', 'OQSsiquc01req_other.xml', 'YZKsiquc01req_nc.xml'];
    await Promise.all(names.map((name) => events.answered(name)));

    const header = async (name: string) => errorResponse.parse(await response(name), { checkCharacterCodeIdentifier: true }).MessageHeader;
    expect(await header('OQSsiquc01res_bad.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'REQUEST_MALFORMED', ArbitraryFileIdentifier: 'B-1', CharacterCodeIdentifier: '0' });
    expect(await header('OQSsihvq01res_1.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'E0901' });
    expect(await header('OQSsiquc01res_big.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'REQUEST_TOO_LARGE', CharacterCodeIdentifier: '1' });
    expect(await header('OQSsiquc01res_enc.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'REQUEST_ENCODING' });
    expect(await header('OQSsiquc01res_other.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'REQUEST_FACILITY_MISMATCH', ArbitraryFileIdentifier: 'OT' });
    // 薬剤情報 without a consent in force: the central system's refusal, as its coded response.
    expect(await header('YZKsiquc01res_nc.xml')).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'NO_CONSENT', ArbitraryFileIdentifier: 'YZK-10452', CharacterCodeIdentifier: '1' });
    expect(service.health()).toMatchObject({ answered: 6, errors: 6 });
    expect(central.calls).toBe(1);
  });

  it('does not read a file still being written: the response is of the whole request', async () => {
    const looks = new Map<string, number>();
    const lookedAt = new Map<string, () => void>();
    const counting: FolderFileSystem = {
      ...nodeFolderFileSystem,
      stat: async (path) => {
        looks.set(path, (looks.get(path) ?? 0) + 1);
        if ((looks.get(path) ?? 0) >= 3) lookedAt.get(path)?.();
        return nodeFolderFileSystem.stat(path);
      },
    };
    const { events } = await start({ settleMs: 5, incompleteMs: 60_000 }, { fs: counting });
    const path = join(folder('req'), 'OQSsiquc01req_slow.xml');
    const bytes = bytesOf(qualificationRequestText('Shift_JIS', 'SLOW'), 'Shift_JIS');
    // Written in place, in pieces, the way a careless レセコン does.
    await writeFile(path, bytes.subarray(0, 120));
    await new Promise<void>((resolve) => lookedAt.set(path, resolve));
    await writeFile(path, bytes.subarray(0, 300));
    looks.set(path, 0);
    await new Promise<void>((resolve) => lookedAt.set(path, resolve));
    expect(await readdir(folder('res'))).toEqual([]);
    await writeFile(path, bytes);
    await events.answered('OQSsiquc01req_slow.xml');
    const parsed = qualificationResponse.parse(await response('OQSsiquc01res_slow.xml'));
    expect(parsed.MessageHeader.ArbitraryFileIdentifier).toBe('SLOW');
    expect(parsed.MessageBody.QualificationConfirmSearchInfo?.Birthdate).toBe('19631005');
    expect(events.of('answered')).toHaveLength(1);
  });

  it('answers a file that never gets its end tag as malformed once it stayed so for incompleteMs', async () => {
    const { events } = await start({ incompleteMs: 150 });
    await drop('OQSsiquc01req_cut.xml', qualificationRequestText('UTF-8', 'CUT').slice(0, 200));
    await events.answered('OQSsiquc01req_cut.xml');
    expect(errorResponse.parse(await response('OQSsiquc01res_cut.xml')).MessageHeader.ErrorCode).toBe('REQUEST_MALFORMED');
  });

  it('answers a name once: dropped again after its answer, it is moved out without a second response', async () => {
    const { service, events } = await start();
    const bytes = bytesOf(qualificationRequestText('UTF-8', 'D1'), 'UTF-8');
    await drop('OQSsiquc01req_D1.xml', bytes);
    await events.answered('OQSsiquc01req_D1.xml');
    const first = await stat(join(folder('res'), 'OQSsiquc01res_D1.xml'));
    // The レセコン read and removed the response, then dropped the same name again.
    await rm(join(folder('res'), 'OQSsiquc01res_D1.xml'));
    await drop('OQSsiquc01req_D1.xml', bytes);
    await events.waitFor((all) => all.some((event) => event.type === 'already-answered' && event.how === 'ledger'));
    expect(await readdir(folder('res'))).toEqual([]);
    // Still in Res, it is not rewritten either.
    await drop('OQSsiquc01req_D2.xml', bytes);
    await events.answered('OQSsiquc01req_D2.xml');
    const kept = await stat(join(folder('res'), 'OQSsiquc01res_D2.xml'));
    await drop('OQSsiquc01req_D2.xml', bytes);
    await events.waitFor((all) => all.filter((event) => event.type === 'already-answered').length === 2);
    const after = await stat(join(folder('res'), 'OQSsiquc01res_D2.xml'));
    expect([after.ino, after.mtimeMs]).toEqual([kept.ino, kept.mtimeMs]);
    expect(first.size).toBeGreaterThan(0);
    expect(service.health()).toMatchObject({ answered: 2, alreadyAnswered: 2 });
    expect(central.calls).toBe(2);
    expect((await readdir(join(folder('archive'), today()))).sort()).toEqual([
      'OQSsiquc01req_D1.xml',
      'OQSsiquc01req_D1.xml.duplicate',
      'OQSsiquc01req_D2.xml',
      'OQSsiquc01req_D2.xml.duplicate',
    ]);
  });

  it('after a restart takes a response already in Res as the answer, and a name in the ledger as answered', async () => {
    await mkdir(folder('req'), { recursive: true });
    await mkdir(folder('res'), { recursive: true });
    await mkdir(folder('state'), { recursive: true });
    // A crash after the response appeared, before the ledger had the name:
    await writeFile(join(folder('req'), 'OQSsiquc01req_C1.xml'), qualificationRequestText('UTF-8', 'C1'));
    await writeFile(join(folder('res'), 'OQSsiquc01res_C1.xml'), 'the earlier answer');
    // A crash after the ledger had the name, before the request left Req:
    await writeFile(join(folder('req'), 'OQSsiquc01req_C2.xml'), qualificationRequestText('UTF-8', 'C2'));
    await writeFile(join(folder('state'), LEDGER_FILE), `${JSON.stringify({ name: 'OQSsiquc01req_C2.xml', response: 'OQSsiquc01res_C2.xml', at: NOW.toISOString(), how: 'answered' })}\n{"name":"cut`);
    // And a response a crash left half-made, under its temporary name:
    await writeFile(join(folder('res'), '.OQSsiquc01res_C3.xml.0a1b2c3d.tmp'), '<XmlMsg>');
    const before = await stat(join(folder('res'), 'OQSsiquc01res_C1.xml'));
    const { events } = await start();
    await Promise.all([events.answered('OQSsiquc01req_C1.xml'), events.answered('OQSsiquc01req_C2.xml')]);
    expect(events.of('already-answered').map((event) => [event.name, event.how]).sort()).toEqual([
      ['OQSsiquc01req_C1.xml', 'response-in-res'],
      ['OQSsiquc01req_C2.xml', 'ledger'],
    ]);
    expect(events.of('answered')).toEqual([]);
    expect(central.calls).toBe(0);
    const after = await stat(join(folder('res'), 'OQSsiquc01res_C1.xml'));
    expect([after.ino, after.mtimeMs, await readdir(folder('res'))]).toEqual([before.ino, before.mtimeMs, ['OQSsiquc01res_C1.xml']]);
    expect(logged.some(([code]) => code === 'RECEIPT_LEDGER_LINES_SKIPPED')).toBe(true);
    // The cut line did not spoil the next entry.
    const lines = (await readFile(join(folder('state'), LEDGER_FILE), 'utf8')).split('\n').filter((line) => line.startsWith('{"name":"OQS'));
    expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(['OQSsiquc01req_C2.xml', 'OQSsiquc01req_C1.xml']);
  });

  it('keeps requests through a central outage and answers them after recovery, reporting the wait once', async () => {
    central.down = true;
    const { service, events } = await start();
    await drop('OQSsiquc01req_O1.xml', bytesOf(qualificationRequestText('UTF-8', 'O1'), 'UTF-8'));
    await drop('OQSsiquc01req_O2.xml', bytesOf(qualificationRequestText('UTF-8', 'O2'), 'UTF-8'));
    await events.waitFor((all) => new Set(all.filter((event) => event.type === 'waiting').map((event) => (event as { name: string }).name)).size === 2 && central.calls >= 4);
    expect(await readdir(folder('res'))).toEqual([]);
    expect((await readdir(folder('req'))).sort()).toEqual(['OQSsiquc01req_O1.xml', 'OQSsiquc01req_O2.xml']);
    expect(service.health()).toMatchObject({ waiting: 2, conditions: [expect.objectContaining({ code: 'CENTRAL_WAITING' })] });
    central.down = false;
    await Promise.all([events.answered('OQSsiquc01req_O1.xml'), events.answered('OQSsiquc01req_O2.xml')]);
    expect(events.of('condition').map((event) => [event.code, event.active])).toEqual([
      ['CENTRAL_WAITING', true],
      ['CENTRAL_WAITING', false],
    ]);
    expect(events.of('answered').map((event) => event.errorCode)).toEqual([undefined, undefined]);
    expect(service.health()).toMatchObject({ waiting: 0, conditions: [] });
  });

  it('answers at once with the coded outage error when so configured', async () => {
    central.down = true;
    const { events } = await start({ centralOutage: 'answer' });
    await drop('OQSsiquc01req_O3.xml', bytesOf(qualificationRequestText('Shift_JIS', 'O3'), 'Shift_JIS'));
    await events.answered('OQSsiquc01req_O3.xml');
    expect(errorResponse.parse(await response('OQSsiquc01res_O3.xml')).MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'CENTRAL_UNAVAILABLE', ArbitraryFileIdentifier: 'O3' });
  });

  it('keeps the request while the disk is full, says so once, and answers when there is room again', async () => {
    let full = true;
    const fullDisk: FolderFileSystem = {
      ...nodeFolderFileSystem,
      writeNewFile: async (path, bytes) => {
        if (full && path.startsWith(folder('res'))) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        return nodeFolderFileSystem.writeNewFile(path, bytes);
      },
    };
    const { service, events } = await start({}, { fs: fullDisk });
    await drop('OQSsiquc01req_F1.xml', bytesOf(qualificationRequestText('UTF-8', 'F1'), 'UTF-8'));
    await events.waitFor((all) => all.filter((event) => event.type === 'waiting').length >= 3);
    expect(await readdir(folder('req'))).toEqual(['OQSsiquc01req_F1.xml']);
    expect(service.health().conditions).toEqual([expect.objectContaining({ code: 'FOLDER_FULL', role: 'res' })]);
    expect(logged.filter(([code]) => code === 'RECEIPT_FOLDER_FULL')).toHaveLength(1);
    full = false;
    await events.answered('OQSsiquc01req_F1.xml');
    expect(events.of('condition').map((event) => [event.code, event.role, event.active])).toEqual([
      ['FOLDER_FULL', 'res', true],
      ['FOLDER_FULL', 'res', false],
    ]);
    expect(await readdir(folder('res'))).toEqual(['OQSsiquc01res_F1.xml']);
  });

  it('reports a Res folder that vanished, keeps the request, and answers once the folder is back', async () => {
    const { events } = await start();
    await rm(folder('res'), { recursive: true });
    await drop('OQSsiquc01req_V1.xml', bytesOf(qualificationRequestText('UTF-8', 'V1'), 'UTF-8'));
    await events.waitFor((all) => all.some((event) => event.type === 'condition' && event.code === 'FOLDER_MISSING' && event.active));
    expect(await readdir(folder('req'))).toEqual(['OQSsiquc01req_V1.xml']);
    await mkdir(folder('res'));
    await events.answered('OQSsiquc01req_V1.xml');
    expect(await readdir(folder('res'))).toEqual(['OQSsiquc01res_V1.xml']);
  });

  it('tells once of a file in Req that is no request, and leaves writers\' temporary files alone', async () => {
    const { events } = await start();
    await writeFile(join(folder('req'), 'memo.txt'), 'x');
    await writeFile(join(folder('req'), '.OQSsiquc01req_T.xml.tmp'), 'x');
    await events.waitFor((all) => all.some((event) => event.type === 'ignored'));
    await (services[0] as ReceiptFolderService).rescan();
    expect(events.of('ignored').map((event) => event.name)).toEqual(['memo.txt']);
    expect((await readdir(folder('req'))).sort()).toEqual(['.OQSsiquc01req_T.xml.tmp', 'memo.txt']);
    expect(await readdir(folder('res'))).toEqual([]);
  });

  it('removes old responses, old archive days and old ledger entries by policy, and nothing younger', async () => {
    const day = 24 * 3_600_000;
    let ahead = 0;
    const { service, events } = await start({ retention: { responseHours: 24, archiveDays: 2, ledgerDays: 3 } }, { fileClock: () => Date.now() + ahead });
    await drop('OQSsiquc01req_R1.xml', bytesOf(qualificationRequestText('UTF-8', 'R1'), 'UTF-8'));
    await events.answered('OQSsiquc01req_R1.xml');
    await writeFile(join(folder('res'), 'YZKsiquc01res_1.pdf'), 'not ours to remove');
    await mkdir(join(folder('archive'), '20200101'), { recursive: true });
    await writeFile(join(folder('archive'), '20200101', 'OQSsiquc01req_old.xml'), 'x');

    expect(await service.sweep()).toMatchObject({ responsesRemoved: 0, archiveDaysRemoved: 1 });
    expect((await readdir(folder('res'))).sort()).toEqual(['OQSsiquc01res_R1.xml', 'YZKsiquc01res_1.pdf']);
    expect(await readdir(folder('archive'))).toEqual([today()]);

    ahead = day + 60_000;
    expect(await service.sweep()).toMatchObject({ responsesRemoved: 1 });
    expect(await readdir(folder('res'))).toEqual(['YZKsiquc01res_1.pdf']);
    // The ledger keeps the name (3 days by the terminal's clock), so the name is still known.
    expect(await readFile(join(folder('state'), LEDGER_FILE), 'utf8')).toContain('OQSsiquc01req_R1.xml');
  });
});
