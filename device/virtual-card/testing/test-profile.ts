import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encodeCardFaceFile, encodeCardFacePublicKey, signCardFace, type UnsignedCardFaceFields } from '../card-face-file';
import type { CardProfile } from '../card-profile';
import { encodeBasicFourInfoFile } from '../input-assist-files';
import { buildCardProfile, type CardProfileParts } from '../profile-builder';
import { concatBytes, fromHex } from '../../../kernel/bytes';

/**
 * Test material for the virtual card's own tests and the integration tests: RSA keys generated per
 * test file, the card.md §8.6 person, and profiles built with the real builder. Certificates are
 * DER-shaped placeholders (the card never parses them); the real mock CA lives in crypto/.
 */
export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface TestKeys {
  userAuth: TestKeyPair;
  signing: TestKeyPair;
  cardFaceAp: TestKeyPair;
  terminal: TestKeyPair;
}

/** Four RSA-2048 key pairs; call once per test file (each takes a fraction of a second). */
export function generateTestKeys(): TestKeys {
  const pair = (): TestKeyPair => generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { userAuth: pair(), signing: pair(), cardFaceAp: pair(), terminal: pair() };
}

export const TEST_PERSON = {
  name: '試験　太郎',
  address: '東京都千代田区霞が関１－２－３',
  birthDate: '19800217',
  sex: '1',
  individualNumber: '123456789018',
  /** 昭和55年2月17日 → 550217, valid to 2035, セキュリティコード 2285. */
  collationNumberB: '55021720352285',
  expiryDate: '20350217',
  userAuthPin: '1234',
  signingPassword: 'ABC123',
  inputAssistPin: '1234',
} as const;

/** A DER SEQUENCE of `length` bytes wrapping an OCTET STRING of a repeated label: certificate-shaped, not a certificate. */
export function certificateShapedDer(label: string, length = 1200): Uint8Array {
  const innerLength = length - 8;
  const filler = new TextEncoder().encode(label.padEnd(16, '.'));
  const inner = Uint8Array.from({ length: innerLength }, (_, index) => filler[index % filler.length] ?? 0);
  return concatBytes(
    Uint8Array.of(0x30, 0x82, (length - 4) >> 8, (length - 4) & 0xff, 0x04, 0x82, innerLength >> 8, innerLength & 0xff),
    inner,
  );
}

/** A JP2 signature box followed by marker bytes: passes the encoder's check, is no image. */
export const PLACEHOLDER_JP2 = concatBytes(fromHex('0000000C6A5020200D0A870A'), new TextEncoder().encode('placeholder photo'));

export function testCardFaceFields(keys: TestKeys): UnsignedCardFaceFields {
  return {
    birthDate: TEST_PERSON.birthDate,
    sex: TEST_PERSON.sex,
    publicKey: encodeCardFacePublicKey(keys.cardFaceAp.publicKey),
    namePng: new TextEncoder().encode('name png'),
    addressPng: new TextEncoder().encode('address png'),
    photoJp2: PLACEHOLDER_JP2,
    expiryDate: TEST_PERSON.expiryDate,
    securityCodePng: new TextEncoder().encode('code png'),
  };
}

export function pkcs8Of(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
}

export function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }));
}

/** The parts of the §8.6 default card; override any of them. */
export function testProfileParts(keys: TestKeys, overrides: Partial<CardProfileParts> = {}): CardProfileParts {
  const face = testCardFaceFields(keys);
  return {
    id: 'shiken-taro',
    kind: 'standard',
    jpki: {
      userAuthCertificate: certificateShapedDer('auth-leaf', 1300),
      userAuthCaCertificate: certificateShapedDer('auth-ca', 900),
      userAuthPrivateKey: pkcs8Of(keys.userAuth.privateKey),
      signingCertificate: certificateShapedDer('sign-leaf', 1700),
      signingCaCertificate: certificateShapedDer('sign-ca', 900),
      signingPrivateKey: pkcs8Of(keys.signing.privateKey),
    },
    userAuthPin: TEST_PERSON.userAuthPin,
    signingPassword: TEST_PERSON.signingPassword,
    inputAssistPin: TEST_PERSON.inputAssistPin,
    individualNumber: TEST_PERSON.individualNumber,
    collationNumberB: TEST_PERSON.collationNumberB,
    basicFourInfoFile: encodeBasicFourInfoFile(TEST_PERSON),
    cardFaceFile: encodeCardFaceFile({ ...face, signature: signCardFace(face, keys.cardFaceAp.privateKey) }),
    cardFaceApKey: pkcs8Of(keys.cardFaceAp.privateKey),
    standInTerminalPublicKey: spkiOf(keys.terminal.publicKey),
    ...overrides,
  };
}

export function buildTestProfile(keys: TestKeys, overrides: Partial<CardProfileParts> = {}): CardProfile {
  return buildCardProfile(testProfileParts(keys, overrides));
}

/** A 顔認証カード of the same person: no PINs, no signing certificate or key. */
export function buildFaceOnlyTestProfile(keys: TestKeys, overrides: Partial<CardProfileParts> = {}): CardProfile {
  const parts = testProfileParts(keys, { id: 'shiken-taro-face', kind: 'face-only', ...overrides });
  const { signingCertificate: _certificate, signingPrivateKey: _key, ...jpki } = parts.jpki;
  const { userAuthPin: _pin, signingPassword: _password, inputAssistPin: _inputPin, ...rest } = parts;
  return buildCardProfile({ ...rest, jpki });
}
