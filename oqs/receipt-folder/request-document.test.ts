import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../encoding/shift-jis-encoder';
import { fixture } from '../testing/test-support';
import { isCompleteDocument, readFolderRequest } from './request-document';

const OPTIONS = { medicalInstitutionCode: '1399999999', maxBytes: 64 * 1024 };
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('reading a request file of Req', () => {
  it.each([
    ['qualification', 'siquc01req'],
    ['bulk-upload', 'muquc01req'],
    ['bulk-result', 'muquc02req'],
    ['reference-number', 'siimm01req'],
    ['drug-info', 'yzk01req'],
    ['checkup', 'tkk01req'],
  ] as const)('reads the %s example in Shift_JIS and in UTF-8, each as it declares', (family, file) => {
    for (const [encoding, suffix] of [['Shift_JIS', 'sjis'], ['UTF-8', 'utf8']] as const) {
      const outcome = readFolderRequest(family, fixture(`${file}.${suffix}.xml`), OPTIONS);
      expect(outcome).toMatchObject({ ok: true, encoding, request: { family } });
    }
  });

  it('keeps the request\'s values exactly, padding included', () => {
    const outcome = readFolderRequest('drug-info', fixture('yzk01req.sjis.xml'), OPTIONS);
    if (!outcome.ok || outcome.request.family !== 'drug-info') throw new Error('not read');
    expect(outcome.request.model.MessageHeader).toMatchObject({ InsurerNumber: '  139999', InsuredPersonIdentificationNumber: '880011', ArbitraryFileIdentifier: 'YZK-10452' });
  });

  it('codes a document that is no message, and echoes its ArbitraryFileIdentifier when it is plainly there', () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MedicalInstitutionCode><ArbitraryFileIdentifier>Q-1</ArbitraryFileIdentifier></MessageHeader><MessageBody/></XmlMsg>';
    expect(readFolderRequest('qualification', utf8(text), OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_MALFORMED', encoding: 'UTF-8', arbitraryFileIdentifier: 'Q-1' });
    expect(readFolderRequest('qualification', utf8('<XmlMsg><MessageHeader>'), OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_MALFORMED' });
    expect(readFolderRequest('qualification', utf8(''), OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_MALFORMED' });
  });

  it('codes an encoding it does not read, and bytes that lie about theirs', () => {
    const latin1 = utf8('<?xml version="1.0" encoding="ISO-8859-1"?><XmlMsg/>');
    expect(readFolderRequest('qualification', latin1, OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_ENCODING', encoding: undefined });
    const sjisBytesSaidUtf8 = encodeShiftJis('<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MedicalInstitutionCode></MessageHeader><MessageBody>見本　花子</MessageBody></XmlMsg>').bytes;
    expect(readFolderRequest('qualification', sjisBytesSaidUtf8, OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_ENCODING', encoding: 'UTF-8' });
    const utf8SaidSjis = utf8('<?xml version="1.0" encoding="Shift_JIS"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MedicalInstitutionCode></MessageHeader><MessageBody>見本　花子</MessageBody></XmlMsg>');
    expect(readFolderRequest('qualification', utf8SaidSjis, OPTIONS)).toMatchObject({ ok: false, code: 'REQUEST_ENCODING', encoding: 'Shift_JIS' });
  });

  it('codes a request over the size bound as too large', () => {
    expect(readFolderRequest('qualification', fixture('siquc01req.utf8.xml'), { ...OPTIONS, maxBytes: 100 })).toMatchObject({ ok: false, code: 'REQUEST_TOO_LARGE' });
  });

  it('refuses a request of another facility', () => {
    expect(readFolderRequest('qualification', fixture('siquc01req.utf8.xml'), { ...OPTIONS, medicalInstitutionCode: '1390000017' })).toMatchObject({
      ok: false,
      code: 'REQUEST_FACILITY_MISMATCH',
      arbitraryFileIdentifier: 'Q0112-07',
    });
  });

  it('tells a document that has reached its end tag from one still being written', () => {
    const whole = fixture('siquc01req.sjis.xml');
    expect(isCompleteDocument(whole)).toBe(true);
    expect(isCompleteDocument(new Uint8Array([...whole, 0x0d, 0x0a, 0x20]))).toBe(true);
    expect(isCompleteDocument(whole.subarray(0, whole.length - 3))).toBe(false);
    expect(isCompleteDocument(whole.subarray(0, 40))).toBe(false);
    expect(isCompleteDocument(new Uint8Array())).toBe(false);
    expect(isCompleteDocument(utf8('<XmlMsg></XmlMsg >'))).toBe(true);
  });
});
