/**
 * The マイナンバーカード's applications, files and keys, as card.md lists them. The card driver
 * sends these; the virtual card answers them. Values are facts of the card, not choices of ours.
 */
import { fromHex } from '../bytes';

export const AID = {
  /** 公的個人認証AP (JPKI) */
  jpki: fromHex('D392F000260100000001'),
  /** 券面事項入力補助AP */
  inputAssist: fromHex('D3921000310001010408'),
  /** 券面事項確認AP (face photo) */
  cardFace: fromHex('D3921000310001010402'),
  /** 住基AP */
  residentRegistry: fromHex('D3921000310001010401'),
  /** 共通AP */
  common: fromHex('D3921000310001010100'),
  /** GlobalPlatform issuer security domain: selecting it returns the card to its power-on state. */
  issuerSecurityDomain: fromHex('A0000001510000'),
} as const;

export type ApplicationName = keyof typeof AID;

/** 2-byte file identifiers inside each application. */
export const JpkiFile = {
  userAuthCertificate: 0x000a,
  userAuthCaCertificate: 0x000b,
  signingCertificate: 0x0001,
  signingCaCertificate: 0x0002,
  userAuthPrivateKey: 0x0017,
  signingPrivateKey: 0x001a,
  userAuthPin: 0x0018,
  signingPassword: 0x001b,
  tokenInfo: 0x0006,
  signingCertificatePresence: 0x0008,
} as const;

export const InputAssistFile = {
  individualNumber: 0x0001,
  basicFourInfo: 0x0002,
  pin: 0x0011,
  collationNumberA: 0x0014,
  collationNumberB: 0x0015,
} as const;

export const CardFaceFile = {
  ageRecord: 0x0001,
  cardFace: 0x0002,
  individualNumberImage: 0x0005,
  birthDateKey: 0x0011,
  collationNumberB: 0x0012,
  collationNumberA: 0x0013,
} as const;

/** Consecutive wrong answers that lock each key (card.md §3, §8.2). */
export const MAX_TRIES = {
  userAuthPin: 3,
  signingPassword: 5,
  inputAssistPin: 3,
  collationNumber: 10,
  birthDateKey: 10,
} as const;

/** SHA-256 DigestInfo prefix (RFC 8017 §9.2): the card pads whatever it is given with PKCS#1 v1.5 type 1. */
export const SHA256_DIGEST_INFO_PREFIX = fromHex('3031300D060960864801650304020105000420');
