import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presenceDigestInfo, presenceStatement, signPresenceStatement, verifyPresenceSignature, type PresenceStatementInput } from './index';

const base: PresenceStatementInput = {
  medicalInstitutionCode: '1399999999',
  challenge: new Uint8Array(32).fill(7),
  certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
  authenticationMethod: '1',
  consents: [
    ['PharmaceuticalInfoConsFlg', '1'],
    ['SpecificHealthCheckupsInfoConsFlg', undefined],
  ],
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('presenceStatement', () => {
  it('is the tag and each field length-prefixed, in order (golden bytes)', () => {
    const statement = presenceStatement(base);
    const fields: string[] = [];
    for (let offset = 0; offset < statement.length; ) {
      const length = Buffer.from(statement).readUInt32BE(offset);
      fields.push(hex(statement.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    expect(fields).toEqual([
      hex(Buffer.from('OQS-MOCK-PRESENCE/1')),
      hex(Buffer.from('1399999999')),
      '07'.repeat(32),
      // SHA-256 of the five certificate bytes
      '1b65f68a522c858715f5dd951cd0402dc16691778814bf0759822b7a257421d0',
      hex(Buffer.from('1')),
      hex(Buffer.from('PharmaceuticalInfoConsFlg=1')),
      hex(Buffer.from('SpecificHealthCheckupsInfoConsFlg=-')),
    ]);
  });

  it('changes with every field, and tells an unasked question from a declined one', () => {
    const reference = hex(presenceStatement(base));
    const variants: PresenceStatementInput[] = [
      { ...base, medicalInstitutionCode: '1390000017' },
      { ...base, challenge: new Uint8Array(32).fill(8) },
      { ...base, certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x02]) },
      { ...base, authenticationMethod: '2' },
      { ...base, consents: [['PharmaceuticalInfoConsFlg', '0'], ['SpecificHealthCheckupsInfoConsFlg', undefined]] },
      { ...base, consents: [['PharmaceuticalInfoConsFlg', '1'], ['SpecificHealthCheckupsInfoConsFlg', '0']] },
      { ...base, consents: [['PharmaceuticalInfoConsFlg', '1']] },
    ];
    const seen = new Set([reference]);
    for (const variant of variants) seen.add(hex(presenceStatement(variant)));
    expect(seen.size).toBe(variants.length + 1);
  });

  it('cannot be made equal by moving bytes from one field into the next', () => {
    const a = presenceStatement({ ...base, medicalInstitutionCode: '13999', authenticationMethod: '99991' });
    const b = presenceStatement({ ...base, medicalInstitutionCode: '1399999999', authenticationMethod: '1' });
    expect(hex(a)).not.toBe(hex(b));
  });
});

describe('presence signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const other = new Uint8Array(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'spki' }));
  const statement = presenceStatement(base);

  it("verifies a reader's signature, and not with another key or over another statement", () => {
    const signature = signPresenceStatement(pkcs8, statement);
    expect(verifyPresenceSignature(spki, statement, signature)).toBe(true);
    expect(verifyPresenceSignature(other, statement, signature)).toBe(false);
    expect(verifyPresenceSignature(spki, presenceStatement({ ...base, authenticationMethod: '3' }), signature)).toBe(false);
    const flipped = signature.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(verifyPresenceSignature(spki, statement, flipped)).toBe(false);
  });

  it("verifies a card's signature made over the DigestInfo the terminal hands the card", () => {
    // The card pads and signs the DigestInfo as given (COMPUTE DIGITAL SIGNATURE, PKCS#1 v1.5).
    const cardSignature = new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, presenceDigestInfo(statement)));
    expect(verifyPresenceSignature(spki, statement, cardSignature)).toBe(true);
  });

  it('is false, not a throw, for a key that is not RSA or bytes that are no key', () => {
    expect(verifyPresenceSignature(new Uint8Array([1, 2, 3]), statement, new Uint8Array(256))).toBe(false);
    const ec = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }));
    expect(verifyPresenceSignature(ec, statement, new Uint8Array(256))).toBe(false);
  });
});
