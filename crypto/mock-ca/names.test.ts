import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { describeName, encodeName, formatName, JPKI_SERVICE_NAME, signingSubjectName, toPkijsName, USER_AUTH_CA_NAME } from './names';

const hex = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');

describe('distinguished names', () => {
  it('puts each attribute in its own RDN, in the order written', () => {
    const parsed = asn1js.fromBER(encodeName(USER_AUTH_CA_NAME)).result as asn1js.Sequence;
    expect(parsed.valueBlock.value).toHaveLength(4);
    for (const rdn of parsed.valueBlock.value) expect((rdn as asn1js.Set).valueBlock.value).toHaveLength(1);
    expect(formatName(USER_AUTH_CA_NAME)).toBe(
      'C=JP, O=JPKI-EMU, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems',
    );
  });

  it('writes ASCII as PrintableString (tag 13) and Japanese as UTF8String (tag 12)', () => {
    const der = encodeName(JPKI_SERVICE_NAME);
    // C=JP: 06 03 55 04 06 13 02 4A 50
    expect(hex(der)).toContain('0603550406' + '13024a50');
    // O=公的個人認証サービス: 10 characters, 30 UTF-8 bytes
    expect(hex(der)).toContain('060355040a' + '0c1e' + Buffer.from('公的個人認証サービス').toString('hex'));
  });

  it('hands pkijs a name that re-encodes to the same bytes and reads back', () => {
    const name = signingSubjectName('東京都', '千代田区', 'ABCDEFGHIJKLMN131016XYZ');
    const pkijsName = toPkijsName(name);
    expect(hex(pkijsName.toSchema().toBER(false))).toBe(hex(encodeName(name)));
    expect(describeName(pkijsName)).toBe('C=JP, L=東京都, L=千代田区, CN=ABCDEFGHIJKLMN131016XYZ');
  });
});
