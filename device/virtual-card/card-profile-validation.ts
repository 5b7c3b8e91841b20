import { constants, createPrivateKey, createPublicKey, privateEncrypt, type KeyObject } from 'node:crypto';
import { fidHex } from './bytes';
import {
  EMULATED_APPLICATIONS,
  keyValueMatchesFormat,
  MAX_KEY_TRIES,
  MAX_KEY_VALUE_LENGTH,
  PROFILE_ID_PATTERN,
  type ApplicationProfile,
  type CardProfile,
  type EmulatedApplication,
} from './card-profile';
import { MAX_READABLE_FILE_SIZE } from './offset-indexed-file';
import { VirtualCardError } from './virtual-card-error';

/**
 * Checks what the types cannot: ids, sizes, references between files and keys, that keys parse.
 * Throws PROFILE_INVALID naming the field in its JSON path form.
 */
export function validateCardProfile(profile: CardProfile): void {
  if (!PROFILE_ID_PATTERN.test(profile.id)) {
    fail('id', 'must be 1–64 of A–Z a–z 0–9 . _ - starting with a letter or digit');
  }
  const [ts] = profile.atr;
  if (profile.atr.length < 2 || profile.atr.length > 33 || (ts !== 0x3b && ts !== 0x3f)) {
    fail('atr', 'must be 2–33 bytes starting with TS 3B or 3F');
  }
  for (const name of Object.keys(profile.applications)) {
    if (!EMULATED_APPLICATIONS.includes(name as EmulatedApplication)) {
      fail(`applications.${name}`, `is not one of ${EMULATED_APPLICATIONS.join(', ')}`);
    }
  }
  for (const name of EMULATED_APPLICATIONS) {
    const application = profile.applications[name];
    if (application) validateApplication(name, application);
  }
  if (profile.standIn) loadRsaPublicKey(profile.standIn.terminalPublicKey, 'standIn.terminalPublicKey');
}

export function loadRsaPrivateKey(pkcs8: Uint8Array, field: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch (error) {
    return fail(field, 'is not a PKCS#8 DER private key', error);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) {
    fail(field, 'must be an RSA key of at least 1024 bits');
  }
  // A key can parse and still be unusable (inconsistent primes, an even modulus): sign once now, so
  // a bad profile fails at load with its field named, not at the patient's first signature.
  try {
    privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, KEY_CHECK_INPUT);
  } catch (error) {
    fail(field, 'is an RSA key that cannot sign (inconsistent key material)', error);
  }
  return key;
}

const KEY_CHECK_INPUT = new TextEncoder().encode('virtual card key check');

export function loadRsaPublicKey(spki: Uint8Array, field: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    return fail(field, 'is not an SPKI DER public key', error);
  }
  if (key.asymmetricKeyType !== 'rsa') fail(field, 'must be an RSA key');
  return key;
}

function validateApplication(name: EmulatedApplication, application: ApplicationProfile): void {
  const base = `applications.${name}`;
  const seen = new Map<number, string>();
  const claim = (fid: number, field: string): void => {
    if (!Number.isInteger(fid) || fid < 0x0001 || fid > 0xfffe || fid === 0x3f00) {
      fail(field, 'must be a file id 0001–FFFE other than 3F00');
    }
    const earlier = seen.get(fid);
    if (earlier !== undefined) fail(field, `reuses file id ${fidHex(fid)} of ${earlier}`);
    seen.set(fid, field);
  };
  const keyFids = new Set(application.keys.map((key) => key.fid));
  const checkKeyReferences = (fids: readonly number[], field: string): void => {
    for (const fid of fids) {
      if (!keyFids.has(fid)) fail(field, `names ${fidHex(fid)}, which is not a key of this application`);
    }
  };

  for (const key of application.keys) {
    const field = `${base}.keys.${fidHex(key.fid)}`;
    claim(key.fid, field);
    if (!Number.isInteger(key.maxTries) || key.maxTries < 1 || key.maxTries > MAX_KEY_TRIES) {
      fail(`${field}.maxTries`, `must be an integer 1–${MAX_KEY_TRIES}`);
    }
    if (key.value !== null) {
      if (key.value.length < 1 || key.value.length > MAX_KEY_VALUE_LENGTH || !/^[\x20-\x7e]+$/.test(key.value)) {
        fail(`${field}.value`, `must be 1–${MAX_KEY_VALUE_LENGTH} printable ASCII characters`);
      }
      if (!keyValueMatchesFormat(key.value, key.format)) fail(`${field}.value`, `does not match the format ${key.format}`);
    }
  }
  for (const file of application.files) {
    const field = `${base}.files.${fidHex(file.fid)}`;
    claim(file.fid, field);
    if (!Number.isInteger(file.size) || file.size < 1 || file.size > MAX_READABLE_FILE_SIZE) {
      fail(`${field}.size`, `must be an integer 1–${MAX_READABLE_FILE_SIZE} (READ BINARY offsets are 15 bits)`);
    }
    if (file.content.length > file.size) fail(`${field}.size`, `is smaller than the ${file.content.length} content bytes`);
    checkKeyReferences(file.readableAfter, `${field}.access`);
  }
  for (const privateKey of application.privateKeys) {
    const field = `${base}.privateKeys.${fidHex(privateKey.fid)}`;
    claim(privateKey.fid, field);
    loadRsaPrivateKey(privateKey.pkcs8, `${field}.pkcs8`);
    checkKeyReferences(privateKey.usableAfter, `${field}.usableAfterVerifying`);
    if (privateKey.standInGrant && !(name === 'jpki' && privateKey.fid === 0x0017)) {
      fail(`${field}.standInGrant`, 'is allowed only on the JPKI 利用者証明用 key 0017 (card.md §8.5)');
    }
    if (privateKey.usableAfter.length === 0 && !privateKey.standInGrant) {
      fail(`${field}.usableAfterVerifying`, 'names no key, so the private key could never be used');
    }
  }
  if (application.apSigningKey) {
    if (name !== 'inputAssist' && name !== 'cardFace') fail(`${base}.apSigningKey`, 'exists only in the 券面 APs (inputAssist, cardFace)');
    loadRsaPrivateKey(application.apSigningKey, `${base}.apSigningKey`);
  }
}

function fail(field: string, problem: string, cause?: unknown): never {
  throw new VirtualCardError('PROFILE_INVALID', `card profile: ${field} ${problem}`, { field, cause });
}
