import { fromHex, toHex } from '../../kernel/bytes';
import { fidHex } from './bytes';
import {
  DEFAULT_CONTACT_ATR,
  EMULATED_APPLICATIONS,
  KEY_FORMATS,
  type ApplicationProfile,
  type BinaryFileProfile,
  type CardProfile,
  type EmulatedApplication,
  type KeyFormat,
  type KeyProfile,
  type PrivateKeyProfile,
} from './card-profile';
import { validateCardProfile } from './card-profile-validation';
import { VirtualCardError } from './virtual-card-error';

/**
 * The JSON form of a card profile (`<id>.json`). Bytes are strings: hex (spaces allowed) or
 * `base64:…`. File ids are the object keys, four hex digits. Unknown fields are errors, so a typo
 * never silently drops a file or a key.
 *
 * {
 *   "format": "mynumber-virtual-card-profile/1",
 *   "id": "shiken-taro",
 *   "atr": "3B C5 FF 81 31 FB 45 80 73 C6 01 00 00",
 *   "keepStateOnReset": false,
 *   "applications": {
 *     "jpki": {
 *       "files": { "000A": { "size": 2048, "content": "base64:MII…", "access": "free" },
 *                  "0001": { "content": "base64:MII…", "access": { "afterVerifying": ["001B"] } } },
 *       "keys": { "0018": { "value": "1234", "format": "4-digits", "maxTries": 3 } },
 *       "privateKeys": { "0017": { "pkcs8": "base64:MII…", "usableAfterVerifying": ["0018"], "standInGrant": true } }
 *     },
 *     "cardFace": { "files": {…}, "keys": {…}, "apSigningKey": "base64:MII…" },
 *     "common": {}
 *   },
 *   "standIn": { "terminalPublicKey": "base64:MII…" }
 * }
 */
export const CARD_PROFILE_FORMAT = 'mynumber-virtual-card-profile/1';

export type FileAccessJson = 'free' | { afterVerifying: string[] };

export interface BinaryFileJson {
  content: string;
  /** Allocated size; defaults to the content length. */
  size?: number;
  /** Defaults to free. */
  access?: FileAccessJson;
}

export interface KeyJson {
  value: string | null;
  format: KeyFormat;
  maxTries: number;
  blocked?: boolean;
  caseInsensitive?: boolean;
}

export interface PrivateKeyJson {
  pkcs8: string;
  usableAfterVerifying?: string[];
  standInGrant?: boolean;
}

export interface ApplicationJson {
  files?: Record<string, BinaryFileJson>;
  keys?: Record<string, KeyJson>;
  privateKeys?: Record<string, PrivateKeyJson>;
  apSigningKey?: string;
}

export interface CardProfileJson {
  format: typeof CARD_PROFILE_FORMAT;
  id: string;
  description?: string;
  /** Defaults to the contact ATR. */
  atr?: string;
  keepStateOnReset?: boolean;
  applications: Partial<Record<EmulatedApplication, ApplicationJson>>;
  standIn?: { terminalPublicKey: string };
}

/** Decodes and validates a parsed `<id>.json`; throws PROFILE_INVALID naming the field. */
export function parseCardProfileJson(json: unknown): CardProfile {
  const root = objectAt(json, '(profile)', ['format', 'id', 'description', 'atr', 'keepStateOnReset', 'applications', 'standIn']);
  if (root.format !== CARD_PROFILE_FORMAT) fail('format', `must be "${CARD_PROFILE_FORMAT}"`);
  const applicationsJson = objectAt(root.applications, 'applications', EMULATED_APPLICATIONS);
  const applications: Partial<Record<EmulatedApplication, ApplicationProfile>> = {};
  for (const name of EMULATED_APPLICATIONS) {
    if (applicationsJson[name] !== undefined) applications[name] = decodeApplication(applicationsJson[name], `applications.${name}`);
  }
  const profile: CardProfile = {
    id: stringAt(root.id, 'id'),
    atr: root.atr === undefined ? DEFAULT_CONTACT_ATR : bytesAt(root.atr, 'atr'),
    keepStateOnReset: booleanAt(root.keepStateOnReset, 'keepStateOnReset', false),
    applications,
  };
  if (root.description !== undefined) profile.description = stringAt(root.description, 'description');
  if (root.standIn !== undefined) {
    const standIn = objectAt(root.standIn, 'standIn', ['terminalPublicKey']);
    profile.standIn = { terminalPublicKey: bytesAt(standIn.terminalPublicKey, 'standIn.terminalPublicKey') };
  }
  validateCardProfile(profile);
  return profile;
}

export function cardProfileToJson(profile: CardProfile): CardProfileJson {
  const applications: Partial<Record<EmulatedApplication, ApplicationJson>> = {};
  for (const name of EMULATED_APPLICATIONS) {
    const application = profile.applications[name];
    if (application) applications[name] = applicationToJson(application);
  }
  return {
    format: CARD_PROFILE_FORMAT,
    id: profile.id,
    ...(profile.description === undefined ? {} : { description: profile.description }),
    atr: toHex(profile.atr, ' '),
    keepStateOnReset: profile.keepStateOnReset,
    applications,
    ...(profile.standIn ? { standIn: { terminalPublicKey: encodeProfileBytes(profile.standIn.terminalPublicKey) } } : {}),
  };
}

/** Short values as spaced hex (readable in a diff), long ones as base64. */
export function encodeProfileBytes(bytes: Uint8Array): string {
  return bytes.length <= 64 ? toHex(bytes, ' ') : `base64:${Buffer.from(bytes).toString('base64')}`;
}

export function decodeProfileBytes(text: string, field: string): Uint8Array {
  if (text.startsWith('base64:')) {
    const body = text.slice('base64:'.length).replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) fail(field, 'is not valid base64');
    return new Uint8Array(Buffer.from(body, 'base64'));
  }
  try {
    return fromHex(text);
  } catch (error) {
    return fail(field, 'is neither hex nor "base64:…"', error);
  }
}

function applicationToJson(application: ApplicationProfile): ApplicationJson {
  const json: ApplicationJson = {};
  if (application.files.length > 0) {
    json.files = Object.fromEntries(
      application.files.map((file) => [
        fidHex(file.fid),
        {
          size: file.size,
          content: encodeProfileBytes(file.content),
          access: file.readableAfter.length === 0 ? 'free' : { afterVerifying: file.readableAfter.map(fidHex) },
        },
      ]),
    );
  }
  if (application.keys.length > 0) {
    json.keys = Object.fromEntries(
      application.keys.map((key) => [
        fidHex(key.fid),
        {
          value: key.value,
          format: key.format,
          maxTries: key.maxTries,
          ...(key.blocked ? { blocked: true } : {}),
          ...(key.caseInsensitive ? { caseInsensitive: true } : {}),
        },
      ]),
    );
  }
  if (application.privateKeys.length > 0) {
    json.privateKeys = Object.fromEntries(
      application.privateKeys.map((key) => [
        fidHex(key.fid),
        {
          pkcs8: encodeProfileBytes(key.pkcs8),
          usableAfterVerifying: key.usableAfter.map(fidHex),
          ...(key.standInGrant ? { standInGrant: true } : {}),
        },
      ]),
    );
  }
  if (application.apSigningKey) json.apSigningKey = encodeProfileBytes(application.apSigningKey);
  return json;
}

function decodeApplication(value: unknown, base: string): ApplicationProfile {
  const json = objectAt(value, base, ['files', 'keys', 'privateKeys', 'apSigningKey']);
  const files = entriesAt(json.files, `${base}.files`).map(([fid, fileJson]): BinaryFileProfile => {
    const field = `${base}.files.${fid}`;
    const file = objectAt(fileJson, field, ['content', 'size', 'access']);
    const content = bytesAt(file.content, `${field}.content`);
    return {
      fid: fidAt(fid, field),
      content,
      size: file.size === undefined ? content.length : integerAt(file.size, `${field}.size`),
      readableAfter: decodeAccess(file.access, `${field}.access`),
    };
  });
  const keys = entriesAt(json.keys, `${base}.keys`).map(([fid, keyJson]): KeyProfile => {
    const field = `${base}.keys.${fid}`;
    const key = objectAt(keyJson, field, ['value', 'format', 'maxTries', 'blocked', 'caseInsensitive']);
    const format = stringAt(key.format, `${field}.format`);
    if (!KEY_FORMATS.includes(format as KeyFormat)) fail(`${field}.format`, `must be one of ${KEY_FORMATS.join(', ')}`);
    return {
      fid: fidAt(fid, field),
      value: key.value === null ? null : stringAt(key.value, `${field}.value`),
      format: format as KeyFormat,
      maxTries: integerAt(key.maxTries, `${field}.maxTries`),
      blocked: booleanAt(key.blocked, `${field}.blocked`, false),
      caseInsensitive: booleanAt(key.caseInsensitive, `${field}.caseInsensitive`, false),
    };
  });
  const privateKeys = entriesAt(json.privateKeys, `${base}.privateKeys`).map(([fid, keyJson]): PrivateKeyProfile => {
    const field = `${base}.privateKeys.${fid}`;
    const key = objectAt(keyJson, field, ['pkcs8', 'usableAfterVerifying', 'standInGrant']);
    return {
      fid: fidAt(fid, field),
      pkcs8: bytesAt(key.pkcs8, `${field}.pkcs8`),
      usableAfter: fidListAt(key.usableAfterVerifying ?? [], `${field}.usableAfterVerifying`),
      standInGrant: booleanAt(key.standInGrant, `${field}.standInGrant`, false),
    };
  });
  const application: ApplicationProfile = { files, keys, privateKeys };
  if (json.apSigningKey !== undefined) application.apSigningKey = bytesAt(json.apSigningKey, `${base}.apSigningKey`);
  return application;
}

function decodeAccess(value: unknown, field: string): number[] {
  if (value === undefined || value === 'free') return [];
  const access = objectAt(value, field, ['afterVerifying']);
  const fids = fidListAt(access.afterVerifying, `${field}.afterVerifying`);
  if (fids.length === 0) fail(`${field}.afterVerifying`, 'is empty; write "free" for a free file');
  return fids;
}

function objectAt(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) fail(`${field === '(profile)' ? '' : `${field}.`}${key}`, `is not a known field (known: ${allowed.join(', ')})`);
  }
  return record;
}

function entriesAt(value: unknown, field: string): Array<[string, unknown]> {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object keyed by file id');
  return Object.entries(value);
}

function stringAt(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, 'must be a string');
  return value;
}

function bytesAt(value: unknown, field: string): Uint8Array {
  return decodeProfileBytes(stringAt(value, field), field);
}

function integerAt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(field, 'must be an integer');
  return value;
}

function booleanAt(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(field, 'must be true or false');
  return value;
}

function fidAt(text: string, field: string): number {
  if (!/^[0-9A-Fa-f]{4}$/.test(text)) fail(field, 'is keyed by a file id that is not four hex digits');
  return Number.parseInt(text, 16);
}

function fidListAt(value: unknown, field: string): number[] {
  if (!Array.isArray(value)) fail(field, 'must be a list of key file ids');
  return value.map((entry, index) => fidAt(stringAt(entry, `${field}[${index}]`), `${field}[${index}]`));
}

function fail(field: string, problem: string, cause?: unknown): never {
  throw new VirtualCardError('PROFILE_INVALID', `card profile: ${field} ${problem}`, { field, cause });
}
