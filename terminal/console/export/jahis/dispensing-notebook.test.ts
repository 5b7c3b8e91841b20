import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../../../../oqs';
import type { DispensingOfView, DrugOfView, PatientOfView } from '../../../../flow/contract/medical-views';
import { dataIdOf, dispensingQrOf, notebookOfDispensing } from './dispensing-notebook';
import { parseNotebookCsv } from './notebook-parse';
import { readNotebookPayloads } from './notebook-read';
import { NotebookSplitError, splitNotebook } from './notebook-split';

const PATIENT: PatientOfView = { name: '薬師　太郎', kanaName: 'ﾔｸｼ ﾀﾛｳ', birthDate: '19900704', sex: '1' };
const NOT_IN_MESSAGE = { state: 'not-in-message' } as const;

const drug = (number: number, fields: Partial<DrugOfView>): DrugOfView => ({
  number,
  name: `見本錠${number}mg`,
  amount: '1',
  unit: '錠',
  usage: '1日1回朝食後服用',
  times: '14',
  selfPay: NOT_IN_MESSAGE,
  genericSavings: NOT_IN_MESSAGE,
  ...fields,
});

const DISPENSING: DispensingOfView = {
  date: '20210929',
  pharmacy: { name: '薬局A', code: '1341234567' },
  prescriber: { name: '医療機関B' },
  drugs: [
    drug(1, { name: 'マイスリー錠5mg', usage: '1日1回朝食前服用', times: '30', code: '612345678' }),
    drug(2, { name: 'ロキソプロフェンNaテープ100mg「科研」 10cm×14cm', amount: '21', unit: '枚', usage: 'パップ剤 1日2枚', times: '1', specialInstruction: '腰, 膝に貼る' }),
  ],
};

function largeDispensing(drugs: number): DispensingOfView {
  return {
    ...DISPENSING,
    drugs: Array.from({ length: drugs }, (_, index) => drug(index + 1, { name: `見本配合錠「長い販売名の見本製薬」${index + 1}`, usage: '1日3回毎食後30分以内に水またはぬるま湯で服用' })),
  };
}

describe('お薬手帳 CSV of one dispensing', () => {
  it('writes the records in the layout of JAHIS Ver.2.6, CR LF after each', () => {
    const { csv } = dispensingQrOf(PATIENT, DISPENSING);
    expect(csv.split('\r\n')).toEqual([
      'JAHISTC08,1',
      '1,薬師　太郎,1,19900704,,,,,,,ﾔｸｼ ﾀﾛｳ',
      '5,20210929,1',
      '11,薬局A,13,4,1234567,,,,1',
      '51,医療機関B,,,,1',
      '201,1,マイスリー錠5mg,1,錠,2,612345678,1,,,',
      '301,1,1日1回朝食前服用,30,,,1,,1',
      '201,2,ロキソプロフェンNaテープ100mg「科研」 10cm×14cm,21,枚,1,,1,,,',
      '301,2,パップ剤 1日2枚,1,,,1,,1',
      '311,2,腰， 膝に貼る,1',
      '',
    ]);
  });

  it('reads back into the same records', () => {
    const { csv } = dispensingQrOf(PATIENT, DISPENSING);
    const parsed = parseNotebookCsv(csv);
    expect(parsed.version).toBe('JAHISTC08');
    expect(parsed.outputCategory).toBe('1');
    expect(parsed.otherRecords).toEqual([]);
    expect(parsed.notebook).toEqual({
      ...notebookOfDispensing(PATIENT, DISPENSING),
      // the comma of a value comes back full-width
      dispensings: [{ ...notebookOfDispensing(PATIENT, DISPENSING).dispensings[0]!, rps: notebookOfDispensing(PATIENT, DISPENSING).dispensings[0]!.rps.map((rp) => ({ ...rp, usage: { ...rp.usage, supplements: rp.usage.supplements.map((text) => text.replaceAll(',', '，')) } })) }],
    });
  });

  it('one Shift_JIS payload when it fits, decoded back by a reader', () => {
    const qr = dispensingQrOf(PATIENT, DISPENSING);
    expect(qr.payloads).toHaveLength(1);
    expect(qr.payloads[0]).toEqual(encodeShiftJis(qr.csv).bytes);
    expect(new TextDecoder('shift_jis').decode(qr.payloads[0])).toBe(qr.csv);
    const reading = readNotebookPayloads(qr.payloads);
    expect(reading.documents.map((document) => document.parts)).toEqual([1]);
    expect(reading.documents[0]!.notebook.dispensings[0]!.rps.map((rp) => rp.drugs[0]!.name)).toEqual(DISPENSING.drugs.map((entry) => entry.name));
  });

  it('a dispensing too large for one code is split between records; every part within the limit, in any order read back whole', () => {
    const large = largeDispensing(30);
    const qr = dispensingQrOf(PATIENT, large);
    expect(qr.payloads.length).toBeGreaterThan(2);
    const dataId = dataIdOf(large.date, encodeShiftJis(qr.csv).bytes);
    qr.payloads.forEach((payload, index) => {
      expect(payload.length).toBeLessThanOrEqual(800);
      const lines = new TextDecoder('shift_jis').decode(payload).split('\r\n');
      expect(lines[0]).toBe('JAHISTC08,1');
      expect(lines.at(-2)).toBe(`911,${dataId},${qr.payloads.length},${index + 1}`);
      expect(lines.at(-1)).toBe('');
    });
    const reading = readNotebookPayloads([...qr.payloads].reverse());
    expect(reading.incomplete).toEqual([]);
    expect(reading.documents).toHaveLength(1);
    expect(reading.documents[0]!.parts).toBe(qr.payloads.length);
    expect(reading.documents[0]!.notebook).toEqual(parseNotebookCsv(qr.csv).notebook);
    expect(reading.documents[0]!.notebook.dispensings[0]!.rps).toHaveLength(30);
  });

  it('a part missing is reported, not read as a shorter list', () => {
    const qr = dispensingQrOf(PATIENT, largeDispensing(30));
    const reading = readNotebookPayloads(qr.payloads.slice(1));
    expect(reading.documents).toEqual([]);
    expect(reading.incomplete).toEqual([{ dataId: expect.stringMatching(/^20210929\d{6}$/), expected: qr.payloads.length, received: qr.payloads.slice(1).map((_, index) => index + 2) }]);
  });

  it('characters Shift_JIS lacks become ● and are listed', () => {
    const qr = dispensingQrOf({ ...PATIENT, name: '𠮷田　太郎' }, DISPENSING);
    expect(qr.substituted).toEqual(['𠮷']);
    expect(readNotebookPayloads(qr.payloads).documents[0]!.notebook.patient.name).toBe('●田　太郎');
  });

  it('without codes or a known sex the fields stay empty; nothing is made up', () => {
    const notebook = notebookOfDispensing({ name: '試験　次郎', sex: '3', birthDate: '19600203' }, { date: '20251210', pharmacy: { name: '見本薬局', code: '12' }, prescriber: {}, drugs: [drug(1, {})] });
    expect(notebook.patient.sex).toBe('');
    expect(notebook.dispensings[0]!.institution).toEqual({ name: '見本薬局' });
    expect(notebook.dispensings[0]!.prescriber).toBeUndefined();
    expect(notebook.dispensings[0]!.rps[0]!.usage).toEqual({ name: '1日1回朝食後服用', quantity: '14', codeType: '1', supplements: [] });
  });

  it('the split refuses a record larger than a part and a malformed データ固有ID', () => {
    const encode = (text: string) => encodeShiftJis(text).bytes;
    const { csv } = dispensingQrOf(PATIENT, largeDispensing(3));
    expect(() => splitNotebook(csv, { maxBytesPerSymbol: 60, dataId: '20210929000001', encode })).toThrow(NotebookSplitError);
    expect(() => splitNotebook(csv, { maxBytesPerSymbol: 60, dataId: '2021', encode })).toThrow(/14 digits/);
  });

  it('データ固有ID: 14 digits, the same for the same document, different for another', () => {
    const a = dataIdOf('20210929', new Uint8Array([1, 2, 3]));
    expect(a).toMatch(/^20210929\d{6}$/);
    expect(dataIdOf('20210929', new Uint8Array([1, 2, 3]))).toBe(a);
    expect(dataIdOf('20210929', new Uint8Array([1, 2, 4]))).not.toBe(a);
  });
});
