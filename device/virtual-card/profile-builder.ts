import { CardFaceFile, InputAssistFile, JpkiFile, MAX_TRIES } from '../../kernel/card/applications';
import { isValidIndividualNumber } from '../../kernel/card/individual-number';
import {
  DEFAULT_CONTACT_ATR,
  keyValueMatchesFormat,
  type ApplicationProfile,
  type BinaryFileProfile,
  type CardProfile,
  type KeyFormat,
  type KeyProfile,
} from './card-profile';
import { validateCardProfile } from './card-profile-validation';
import { encodeIndividualNumberFile } from './input-assist-files';
import { DEFAULT_TOKEN_LABEL, encodeSigningCertificatePresenceFile, encodeTokenInfoFile } from './jpki-files';
import { VirtualCardError } from './virtual-card-error';

/**
 * Builds a card profile from parts made elsewhere (mock CA certificates and keys, the encoded 券面
 * EFs, PINs). Keys, files and access rules follow card.md §3–§5 and §8.2; a 顔認証カード (`face-only`)
 * has 0018, 001B and 入力補助 0011 blocked and no signing certificate or key.
 */
export type CardKind = 'standard' | 'face-only';

export interface CardProfileParts {
  id: string;
  description?: string;
  kind: CardKind;
  atr?: Uint8Array;
  keepStateOnReset?: boolean;
  jpki: {
    /** EF 000A, DER. */
    userAuthCertificate: Uint8Array;
    /** EF 000B, DER. */
    userAuthCaCertificate: Uint8Array;
    /** Key 0017, PKCS#8 DER. */
    userAuthPrivateKey: Uint8Array;
    /** EF 0001, DER; required for a standard card, refused for face-only. */
    signingCertificate?: Uint8Array;
    /** EF 0002, DER; optional. */
    signingCaCertificate?: Uint8Array;
    /** Key 001A, PKCS#8 DER; required for a standard card, refused for face-only. */
    signingPrivateKey?: Uint8Array;
    /** EF 0006 label; defaults to JPKIAPICCTOKEN2. */
    tokenLabel?: string;
  };
  /** 0018, 4 digits; required for a standard card. */
  userAuthPin?: string;
  /** 001B, 6–16 of A–Z 0–9; stored upper-cased; required for a standard card. */
  signingPassword?: string;
  /** 入力補助 0011, 4 digits; required for a standard card. */
  inputAssistPin?: string;
  /** 12 digits with a valid check digit: EF 0001 of 入力補助AP and 照合番号A (0014, 確認 0013). */
  individualNumber: string;
  /** 14 digits (和暦 birth date YYMMDD + expiry year + セキュリティコード): keys 0015 and 確認 0012. */
  collationNumberB: string;
  /** EF 0002 of 入力補助AP (encodeBasicFourInfoFile). */
  basicFourInfoFile: Uint8Array;
  /** EF 0002 of 確認AP (encodeCardFaceFile). */
  cardFaceFile: Uint8Array;
  /** PKCS#8 keys for `80 2A 00 00` in the 券面 APs. */
  cardFaceApKey?: Uint8Array;
  inputAssistApKey?: Uint8Array;
  /** SPKI DER of the §8.5 stand-in terminal key; absent = the stand-in application does not exist. */
  standInTerminalPublicKey?: Uint8Array;
}

export function buildCardProfile(parts: CardProfileParts): CardProfile {
  const faceOnly = parts.kind === 'face-only';
  if (parts.kind !== 'standard' && !faceOnly) fail('kind', 'must be "standard" or "face-only"');
  if (!isValidIndividualNumber(parts.individualNumber)) fail('individualNumber', 'must be 12 digits with a valid check digit');
  if (!/^\d{14}$/.test(parts.collationNumberB)) fail('collationNumberB', 'must be 14 digits');
  if (faceOnly && (parts.jpki.signingCertificate || parts.jpki.signingPrivateKey)) {
    fail('jpki.signingCertificate', 'a face-only card has no signing certificate or key');
  }

  const userAuthPin = secret(parts.userAuthPin, 'userAuthPin', '4-digits', faceOnly);
  const signingPassword = secret(parts.signingPassword?.toUpperCase(), 'signingPassword', 'signing-password', faceOnly);
  const inputAssistPin = secret(parts.inputAssistPin, 'inputAssistPin', '4-digits', faceOnly);

  const jpkiFiles: BinaryFileProfile[] = [
    certificateFile(JpkiFile.userAuthCertificate, parts.jpki.userAuthCertificate, 'jpki.userAuthCertificate', []),
    certificateFile(JpkiFile.userAuthCaCertificate, parts.jpki.userAuthCaCertificate, 'jpki.userAuthCaCertificate', []),
    exactFile(JpkiFile.tokenInfo, encodeTokenInfoFile(parts.jpki.tokenLabel ?? DEFAULT_TOKEN_LABEL)),
    exactFile(JpkiFile.signingCertificatePresence, encodeSigningCertificatePresenceFile(!faceOnly)),
  ];
  if (parts.jpki.signingCaCertificate) {
    jpkiFiles.push(certificateFile(JpkiFile.signingCaCertificate, parts.jpki.signingCaCertificate, 'jpki.signingCaCertificate', []));
  }
  const jpki: ApplicationProfile = {
    files: jpkiFiles,
    keys: [
      key(JpkiFile.userAuthPin, userAuthPin, '4-digits', MAX_TRIES.userAuthPin, faceOnly),
      key(JpkiFile.signingPassword, signingPassword, 'signing-password', MAX_TRIES.signingPassword, faceOnly),
    ],
    privateKeys: [{ fid: JpkiFile.userAuthPrivateKey, pkcs8: parts.jpki.userAuthPrivateKey, usableAfter: [JpkiFile.userAuthPin], standInGrant: true }],
  };
  if (!faceOnly) {
    const signingCertificate = required(parts.jpki.signingCertificate, 'jpki.signingCertificate');
    const signingPrivateKey = required(parts.jpki.signingPrivateKey, 'jpki.signingPrivateKey');
    jpki.files = [...jpki.files, certificateFile(JpkiFile.signingCertificate, signingCertificate, 'jpki.signingCertificate', [JpkiFile.signingPassword])];
    jpki.privateKeys = [
      ...jpki.privateKeys,
      { fid: JpkiFile.signingPrivateKey, pkcs8: signingPrivateKey, usableAfter: [JpkiFile.signingPassword], standInGrant: false },
    ];
  }

  const inputAssist: ApplicationProfile = {
    files: [
      exactFile(InputAssistFile.individualNumber, encodeIndividualNumberFile(parts.individualNumber), [InputAssistFile.pin, InputAssistFile.collationNumberA]),
      tlvFile(InputAssistFile.basicFourInfo, parts.basicFourInfoFile, [InputAssistFile.pin, InputAssistFile.collationNumberB]),
    ],
    keys: [
      key(InputAssistFile.pin, inputAssistPin, '4-digits', MAX_TRIES.inputAssistPin, faceOnly),
      key(InputAssistFile.collationNumberA, parts.individualNumber, '12-digits', MAX_TRIES.collationNumber, false),
      key(InputAssistFile.collationNumberB, parts.collationNumberB, '14-digits', MAX_TRIES.collationNumber, false),
    ],
    privateKeys: [],
    ...(parts.inputAssistApKey ? { apSigningKey: parts.inputAssistApKey } : {}),
  };

  const cardFace: ApplicationProfile = {
    files: [tlvFile(CardFaceFile.cardFace, parts.cardFaceFile, [CardFaceFile.collationNumberB, CardFaceFile.collationNumberA])],
    keys: [
      key(CardFaceFile.collationNumberB, parts.collationNumberB, '14-digits', MAX_TRIES.collationNumber, false),
      key(CardFaceFile.collationNumberA, parts.individualNumber, '12-digits', MAX_TRIES.collationNumber, false),
      // The birth-date key is the 和暦 YYMMDD that also opens 照合番号B.
      key(CardFaceFile.birthDateKey, parts.collationNumberB.slice(0, 6), '6-digits', MAX_TRIES.birthDateKey, false),
    ],
    privateKeys: [],
    ...(parts.cardFaceApKey ? { apSigningKey: parts.cardFaceApKey } : {}),
  };

  const profile: CardProfile = {
    id: parts.id,
    ...(parts.description === undefined ? {} : { description: parts.description }),
    atr: parts.atr ?? DEFAULT_CONTACT_ATR,
    keepStateOnReset: parts.keepStateOnReset ?? false,
    applications: {
      jpki,
      inputAssist,
      cardFace,
      // 住基AP and 共通AP answer SELECT only.
      residentRegistry: { files: [], keys: [], privateKeys: [] },
      common: { files: [], keys: [], privateKeys: [] },
    },
    ...(parts.standInTerminalPublicKey ? { standIn: { terminalPublicKey: parts.standInTerminalPublicKey } } : {}),
  };
  validateCardProfile(profile);
  return profile;
}

/**
 * Allocated sizes [emulator choice; real sizes are unpublished]: TLV files get `FF` filler up to the
 * next multiple of 256, so a driver that trusts the TLV and not the file end is exercised.
 */
export function fillerRoundedSize(contentLength: number): number {
  return Math.max(256, Math.ceil(contentLength / 256) * 256);
}

function certificateFile(fid: number, der: Uint8Array, field: string, readableAfter: number[]): BinaryFileProfile {
  if (!isDerSequence(der)) fail(field, 'must be one DER SEQUENCE (a certificate in DER, not PEM)');
  return tlvFile(fid, der, readableAfter);
}

function tlvFile(fid: number, content: Uint8Array, readableAfter: number[] = []): BinaryFileProfile {
  return { fid, content, size: fillerRoundedSize(content.length), readableAfter };
}

function exactFile(fid: number, content: Uint8Array, readableAfter: number[] = []): BinaryFileProfile {
  return { fid, content, size: content.length, readableAfter };
}

function key(fid: number, value: string | null, format: KeyFormat, maxTries: number, blocked: boolean): KeyProfile {
  return { fid, value, format, maxTries, blocked, caseInsensitive: false };
}

/** A PIN: required and well-formed on a standard card; optional on a face-only card, whose keys are blocked. */
function secret(value: string | undefined, field: string, format: KeyFormat, optional: boolean): string | null {
  if (value === undefined) {
    if (optional) return null;
    fail(field, 'is required for a standard card');
  }
  if (!keyValueMatchesFormat(value, format)) fail(field, `does not match the format ${format}`);
  return value;
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) fail(field, 'is required for a standard card');
  return value;
}

/** True when the bytes are exactly one DER SEQUENCE with a definite length. */
function isDerSequence(der: Uint8Array): boolean {
  if (der[0] !== 0x30 || der.length < 2) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 3 || der.length < 2 + lengthBytes) return false;
  let length = 0;
  for (let index = 0; index < lengthBytes; index += 1) length = length * 256 + (der[2 + index] ?? 0);
  return der.length === 2 + lengthBytes + length;
}

function fail(field: string, problem: string): never {
  throw new VirtualCardError('PROFILE_INVALID', `card profile parts: ${field} ${problem}`, { field });
}
