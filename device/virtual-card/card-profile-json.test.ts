import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_ATR } from './card-profile';
import { CARD_PROFILE_FORMAT, cardProfileToJson, decodeProfileBytes, parseCardProfileJson, type CardProfileJson } from './card-profile-json';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { isVirtualCardError } from './virtual-card-error';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);

/** A fresh JSON copy of the test profile to break. */
function profileJson(): CardProfileJson {
  return JSON.parse(JSON.stringify(cardProfileToJson(profile))) as CardProfileJson;
}

function fieldOfError(json: unknown): string | undefined {
  try {
    parseCardProfileJson(json);
  } catch (error) {
    if (isVirtualCardError(error, 'PROFILE_INVALID')) return error.field;
    throw error;
  }
  throw new Error('the profile was accepted');
}

describe('card profile JSON', () => {
  it('round-trips a built profile through JSON text', () => {
    const text = JSON.stringify(cardProfileToJson(profile));
    expect(parseCardProfileJson(JSON.parse(text))).toEqual(profile);
  });

  it('writes short bytes as spaced hex and long ones as base64', () => {
    const json = cardProfileToJson(profile);
    expect(json.atr).toBe('3B C5 FF 81 31 FB 45 80 73 C6 01 00 00');
    expect(json.applications.jpki?.files?.['000A']?.content).toMatch(/^base64:MII/);
    expect(json.applications.jpki?.files?.['0008']?.content).toBe('8F 8F 00');
  });

  it('reads hex with spaces or colons and base64 with a prefix', () => {
    expect(decodeProfileBytes('3b:c5 ff', 'atr')).toEqual(Uint8Array.of(0x3b, 0xc5, 0xff));
    expect(decodeProfileBytes('base64:O8X/', 'atr')).toEqual(Uint8Array.of(0x3b, 0xc5, 0xff));
  });

  it('fills in defaults: contact ATR, keepStateOnReset false, free access, size = content length', () => {
    const parsed = parseCardProfileJson({
      format: CARD_PROFILE_FORMAT,
      id: 'minimal',
      applications: { jpki: { files: { '0008': { content: '8F8F00' } } } },
    });
    expect(parsed.atr).toEqual(DEFAULT_CONTACT_ATR);
    expect(parsed.keepStateOnReset).toBe(false);
    expect(parsed.applications.jpki?.files).toEqual([{ fid: 8, content: Uint8Array.of(0x8f, 0x8f, 0x00), size: 3, readableAfter: [] }]);
  });

  it.each<[string, (json: CardProfileJson & Record<string, unknown>) => void]>([
    ['format', (json) => void Object.assign(json, { format: 'v0' })],
    ['id', (json) => void Object.assign(json, { id: '../etc' })],
    ['atr', (json) => void Object.assign(json, { atr: '3B C' })],
    ['atr', (json) => void Object.assign(json, { atr: '00 11' })],
    ['surprise', (json) => void Object.assign(json, { surprise: true })],
    ['applications.wallet', (json) => void Object.assign(json.applications, { wallet: {} })],
    ['applications.jpki.files.000A.contents', (json) => void Object.assign(json.applications.jpki?.files?.['000A'] ?? {}, { contents: '00' })],
    ['applications.jpki.files.000A.content', (json) => void Object.assign(json.applications.jpki?.files?.['000A'] ?? {}, { content: 'base64:%%%%' })],
    ['applications.jpki.files.000A.size', (json) => void Object.assign(json.applications.jpki?.files?.['000A'] ?? {}, { size: 16 })],
    ['applications.jpki.files.000A.size', (json) => void Object.assign(json.applications.jpki?.files?.['000A'] ?? {}, { size: 0x8001 })],
    ['applications.jpki.files.0001.access', (json) => void Object.assign(json.applications.jpki?.files?.['0001'] ?? {}, { access: { afterVerifying: ['0099'] } })],
    ['applications.jpki.files.0001.access.afterVerifying', (json) => void Object.assign(json.applications.jpki?.files?.['0001'] ?? {}, { access: { afterVerifying: [] } })],
    ['applications.jpki.files.00A', (json) => void Object.assign(json.applications.jpki?.files ?? {}, { '00A': { content: '00' } })],
    ['applications.jpki.files.0018', (json) => void Object.assign(json.applications.jpki?.files ?? {}, { '0018': { content: '00' } })],
    ['applications.jpki.keys.0018.maxTries', (json) => void Object.assign(json.applications.jpki?.keys?.['0018'] ?? {}, { maxTries: 0 })],
    ['applications.jpki.keys.0018.maxTries', (json) => void Object.assign(json.applications.jpki?.keys?.['0018'] ?? {}, { maxTries: 16 })],
    ['applications.jpki.keys.0018.value', (json) => void Object.assign(json.applications.jpki?.keys?.['0018'] ?? {}, { value: '12345' })],
    ['applications.jpki.keys.001B.value', (json) => void Object.assign(json.applications.jpki?.keys?.['001B'] ?? {}, { value: 'abc123' })],
    ['applications.jpki.keys.0018.format', (json) => void Object.assign(json.applications.jpki?.keys?.['0018'] ?? {}, { format: 'pin' })],
    ['applications.jpki.keys.0018.blocked', (json) => void Object.assign(json.applications.jpki?.keys?.['0018'] ?? {}, { blocked: 'yes' })],
    ['applications.jpki.privateKeys.0017.pkcs8', (json) => void Object.assign(json.applications.jpki?.privateKeys?.['0017'] ?? {}, { pkcs8: '30 03 02 01 00' })],
    ['applications.jpki.privateKeys.001A.standInGrant', (json) => void Object.assign(json.applications.jpki?.privateKeys?.['001A'] ?? {}, { standInGrant: true })],
    ['applications.jpki.privateKeys.001A.usableAfterVerifying', (json) => void Object.assign(json.applications.jpki?.privateKeys?.['001A'] ?? {}, { usableAfterVerifying: [] })],
    ['applications.jpki.apSigningKey', (json) => void Object.assign(json.applications.jpki ?? {}, { apSigningKey: json.applications.cardFace?.apSigningKey })],
    ['standIn.terminalPublicKey', (json) => void Object.assign(json.standIn ?? {}, { terminalPublicKey: json.applications.cardFace?.apSigningKey })],
  ])('names the bad field %s', (field, breakIt) => {
    const json = profileJson() as CardProfileJson & Record<string, unknown>;
    breakIt(json);
    expect(fieldOfError(json)).toBe(field);
  });

  it('refuses a document that is not an object', () => {
    expect(fieldOfError(null)).toBe('(profile)');
    expect(fieldOfError([])).toBe('(profile)');
  });
});
