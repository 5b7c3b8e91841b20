import { describe, expect, it } from 'vitest';
import { CardFaceFile, InputAssistFile, JpkiFile } from '../../kernel/card/applications';
import { toHex } from '../../kernel/bytes';
import type { ApplicationProfile } from './card-profile';
import { fillerRoundedSize } from './profile-builder';
import { buildCardProfile } from './profile-builder';
import { buildFaceOnlyTestProfile, buildTestProfile, generateTestKeys, testProfileParts } from './testing/test-profile';

const keys = generateTestKeys();

const fileOf = (application: ApplicationProfile | undefined, fid: number) => application?.files.find((file) => file.fid === fid);
const keyOf = (application: ApplicationProfile | undefined, fid: number) => application?.keys.find((key) => key.fid === fid);

describe('buildCardProfile: standard card', () => {
  const profile = buildTestProfile(keys);
  const { jpki, inputAssist, cardFace, common, residentRegistry } = profile.applications;

  it('has every application; 住基 and 共通 answer SELECT only', () => {
    expect(Object.keys(profile.applications).sort()).toEqual(['cardFace', 'common', 'inputAssist', 'jpki', 'residentRegistry']);
    expect(common).toEqual({ files: [], keys: [], privateKeys: [] });
    expect(residentRegistry).toEqual({ files: [], keys: [], privateKeys: [] });
  });

  it('lays out the JPKI AP of card.md §3 with its access rules', () => {
    expect(fileOf(jpki, JpkiFile.userAuthCertificate)?.readableAfter).toEqual([]);
    expect(fileOf(jpki, JpkiFile.userAuthCaCertificate)?.readableAfter).toEqual([]);
    expect(fileOf(jpki, JpkiFile.signingCertificate)?.readableAfter).toEqual([JpkiFile.signingPassword]);
    expect(fileOf(jpki, JpkiFile.signingCaCertificate)?.readableAfter).toEqual([]);
    expect(fileOf(jpki, JpkiFile.tokenInfo)?.size).toBe(160);
    expect(toHex(fileOf(jpki, JpkiFile.signingCertificatePresence)?.content ?? new Uint8Array())).toBe('8F8F00');
    expect(keyOf(jpki, JpkiFile.userAuthPin)).toMatchObject({ value: '1234', maxTries: 3, blocked: false });
    expect(keyOf(jpki, JpkiFile.signingPassword)).toMatchObject({ value: 'ABC123', maxTries: 5, format: 'signing-password' });
    expect(jpki?.privateKeys.map((key) => [key.fid, key.usableAfter, key.standInGrant])).toEqual([
      [JpkiFile.userAuthPrivateKey, [JpkiFile.userAuthPin], true],
      [JpkiFile.signingPrivateKey, [JpkiFile.signingPassword], false],
    ]);
  });

  it('gives certificates FF filler up to a multiple of 256', () => {
    const certificate = fileOf(jpki, JpkiFile.userAuthCertificate);
    expect(certificate?.content.length).toBe(1300);
    expect(certificate?.size).toBe(1536);
    expect(fillerRoundedSize(10)).toBe(256);
    expect(fillerRoundedSize(512)).toBe(512);
  });

  it('opens 入力補助 EF 0001 with the PIN or 照合番号A and EF 0002 with the PIN or 照合番号B', () => {
    expect(fileOf(inputAssist, InputAssistFile.individualNumber)?.readableAfter).toEqual([InputAssistFile.pin, InputAssistFile.collationNumberA]);
    expect(fileOf(inputAssist, InputAssistFile.basicFourInfo)?.readableAfter).toEqual([InputAssistFile.pin, InputAssistFile.collationNumberB]);
    expect(keyOf(inputAssist, InputAssistFile.collationNumberA)).toMatchObject({ value: '123456789018', maxTries: 10 });
    expect(keyOf(inputAssist, InputAssistFile.collationNumberB)).toMatchObject({ value: '55021720352285', maxTries: 10 });
  });

  it('opens the card face with 照合番号B or A; the birth-date key is the 和暦 YYMMDD', () => {
    expect(fileOf(cardFace, CardFaceFile.cardFace)?.readableAfter).toEqual([CardFaceFile.collationNumberB, CardFaceFile.collationNumberA]);
    expect(keyOf(cardFace, CardFaceFile.birthDateKey)).toMatchObject({ value: '550217', format: '6-digits', maxTries: 10 });
    expect(cardFace?.apSigningKey).toBeDefined();
  });

  it('stores the signing password upper-cased', () => {
    const upper = buildCardProfile(testProfileParts(keys, { signingPassword: 'abc123' }));
    expect(keyOf(upper.applications.jpki, JpkiFile.signingPassword)?.value).toBe('ABC123');
  });
});

describe('buildCardProfile: face-only card (顔認証マイナンバーカード)', () => {
  const profile = buildFaceOnlyTestProfile(keys);
  const { jpki, inputAssist } = profile.applications;

  it('blocks 0018, 001B and 入力補助 0011, and has no PIN values', () => {
    expect(keyOf(jpki, JpkiFile.userAuthPin)).toMatchObject({ blocked: true, value: null });
    expect(keyOf(jpki, JpkiFile.signingPassword)).toMatchObject({ blocked: true, value: null });
    expect(keyOf(inputAssist, InputAssistFile.pin)).toMatchObject({ blocked: true, value: null });
    expect(keyOf(inputAssist, InputAssistFile.collationNumberB)?.blocked).toBe(false);
  });

  it('has no signing certificate or key, and EF 0008 says so', () => {
    expect(fileOf(jpki, JpkiFile.signingCertificate)).toBeUndefined();
    expect(jpki?.privateKeys.map((key) => key.fid)).toEqual([JpkiFile.userAuthPrivateKey]);
    expect(toHex(fileOf(jpki, JpkiFile.signingCertificatePresence)?.content ?? new Uint8Array())).toBe('008F00');
  });
});

describe('buildCardProfile: errors name the part', () => {
  it.each<[string, Parameters<typeof testProfileParts>[1]]>([
    ['individualNumber', { individualNumber: '123456789012' }],
    ['collationNumberB', { collationNumberB: '5502172035228' }],
    ['userAuthPin', { userAuthPin: undefined }],
    ['userAuthPin', { userAuthPin: '12345' }],
    ['signingPassword', { signingPassword: 'ABCDEF' }],
    ['kind', { kind: 'paper' as never }],
    ['id', { id: 'a/b' }],
  ])('%s', (field, overrides) => {
    expect(() => buildCardProfile(testProfileParts(keys, overrides))).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID', field }));
  });

  it('refuses a PEM certificate where DER is expected', () => {
    const parts = testProfileParts(keys);
    const pem = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(() => buildCardProfile({ ...parts, jpki: { ...parts.jpki, userAuthCertificate: pem } })).toThrow(
      expect.objectContaining({ field: 'jpki.userAuthCertificate' }),
    );
  });

  it('refuses a face-only card with a signing certificate', () => {
    expect(() => buildCardProfile(testProfileParts(keys, { kind: 'face-only' }))).toThrow(expect.objectContaining({ field: 'jpki.signingCertificate' }));
  });
});
