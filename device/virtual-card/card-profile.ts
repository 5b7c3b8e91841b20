import { fromHex } from '../../kernel/bytes';

/**
 * The emulator's description of one card: what is persistent on a real card (ATR, files with their
 * allocated sizes, key values and limits, private keys) plus the emulator's own switches. Bytes are
 * Uint8Array here; card-profile-json.ts maps this to and from JSON (hex or base64).
 */

/** `3B C5 FF 81 31 FB 45 80 73 C6 01 00 00`: the contact ATR, T=1 (card.md §1). */
export const DEFAULT_CONTACT_ATR = fromHex('3BC5FF8131FB458073C6010000');

/** The applications a profile may hold; the GP issuer security domain is behaviour, not data. */
export type EmulatedApplication = 'jpki' | 'inputAssist' | 'cardFace' | 'residentRegistry' | 'common';
export const EMULATED_APPLICATIONS: readonly EmulatedApplication[] = ['jpki', 'inputAssist', 'cardFace', 'residentRegistry', 'common'];

/** Value rules of a key EF: what VERIFY compares against and what CHANGE REFERENCE DATA accepts. */
export type KeyFormat = '4-digits' | '6-digits' | '12-digits' | '14-digits' | 'signing-password' | 'ascii';
export const KEY_FORMATS: readonly KeyFormat[] = ['4-digits', '6-digits', '12-digits', '14-digits', 'signing-password', 'ascii'];

const KEY_FORMAT_RULES: Record<KeyFormat, RegExp> = {
  '4-digits': /^\d{4}$/,
  '6-digits': /^\d{6}$/,
  '12-digits': /^\d{12}$/,
  '14-digits': /^\d{14}$/,
  // 署名用パスワード: 6–16 of A–Z 0–9 with at least one letter and one digit (card.md §3).
  'signing-password': /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{6,16}$/,
  ascii: /^[\x20-\x7e]{1,16}$/,
};

export function keyValueMatchesFormat(value: string, format: KeyFormat): boolean {
  return KEY_FORMAT_RULES[format].test(value);
}

/** VERIFY data is at most 16 bytes (card.md §3). */
export const MAX_KEY_VALUE_LENGTH = 16;
/** 63Cx can say at most 15 tries. */
export const MAX_KEY_TRIES = 15;

export interface BinaryFileProfile {
  fid: number;
  /** Allocated size; READ BINARY sees `content` then `FF` up to this size. */
  size: number;
  content: Uint8Array;
  /** Keys (same application) any one of which, verified, opens the file; empty = free. */
  readableAfter: readonly number[];
}

export interface KeyProfile {
  fid: number;
  /** The ASCII value VERIFY must match byte for byte; null = no value set (every VERIFY is wrong). */
  value: string | null;
  format: KeyFormat;
  maxTries: number;
  /** Starts with no tries left (顔認証カード). Counters already stored for the card win. */
  blocked: boolean;
  /** Upper-case ASCII letters of VERIFY data before comparing. Off by default: the card compares byte-wise. */
  caseInsensitive: boolean;
}

export interface PrivateKeyProfile {
  fid: number;
  /** RSA private key, PKCS#8 DER. */
  pkcs8: Uint8Array;
  /** Keys (same application) any one of which, verified, allows `80 2A`. */
  usableAfter: readonly number[];
  /** The §8.5 stand-in grant also allows `80 2A` (JPKI 0017 only). */
  standInGrant: boolean;
}

export interface ApplicationProfile {
  files: readonly BinaryFileProfile[];
  keys: readonly KeyProfile[];
  privateKeys: readonly PrivateKeyProfile[];
  /** PKCS#8 RSA key used by `80 2A 00 00` without a credential (券面 APs only). */
  apSigningKey?: Uint8Array;
}

export interface CardProfile {
  /** Names the card: counters persist under it, profile files are `<id>.json`. */
  id: string;
  description?: string;
  atr: Uint8Array;
  /** Warm reset keeps the volatile state, like the probed card of card.md §3 (§8.3). */
  keepStateOnReset: boolean;
  applications: Partial<Record<EmulatedApplication, ApplicationProfile>>;
  /** The §8.5 stand-in for 特定機関認証; absent = its SELECT fails like a real card's. */
  standIn?: { terminalPublicKey: Uint8Array };
}

export const PROFILE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
