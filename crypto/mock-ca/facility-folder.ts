import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockCaError } from './errors';
import { isRecord, openFolderIndex } from './folder-index';
import { MEDICAL_INSTITUTION_CODE } from './facility-code';
import type { FacilityCertificate, FacilityPki } from './facility-types';
import { toPem } from './pem';
import type { KeyAndCertificate } from './types';

/**
 * Saves a FacilityPki as DER files (read back by readFacilityPki), PEM files for TLS servers, clients
 * and openssl (never read back: they are derived from the DER), and one index.json written last.
 * Layout in README.md.
 */
export const FACILITY_PKI_FORMAT = 'jpki-emu-facility-pki/2';
const INDEX_FILE = 'index.json';

const DER_FILES = {
  certificate: 'certificate.der',
  privateKeyPkcs8: 'private-key.pkcs8.der',
  publicKeySpki: 'public-key.spki.der',
} as const;

/** The files a TLS peer is configured with. */
export const FACILITY_PKI_PEM_FILES = {
  ca: 'ca.pem',
  server: 'server.pem',
  serverKey: 'server-key.pem',
  crl: 'crl.pem',
  facilityCertificate: 'certificate.pem',
  facilityKey: 'private-key.pem',
  readerCertificate: 'reader/certificate.pem',
  readerKey: 'reader/private-key.pem',
} as const;

/** Private keys are readable by their owner only. */
const PRIVATE_FILE = { mode: 0o600 } as const;

const CRL_DER_FILE = 'crl.der';

type DerField = keyof typeof DER_FILES;
type Stored<T extends KeyAndCertificate> = Omit<T, DerField> & { folder: string };

interface FacilityPkiIndex {
  format: typeof FACILITY_PKI_FORMAT;
  ca: Stored<KeyAndCertificate>;
  server: Stored<KeyAndCertificate>;
  facilities: Array<Stored<Omit<FacilityCertificate, 'readerKey'>> & { readerKey: Stored<KeyAndCertificate> }>;
}

export async function writeFacilityPki(pki: FacilityPki, dir: string): Promise<void> {
  const store = async <T extends KeyAndCertificate>(entry: T, folder: string): Promise<Stored<T>> => {
    await mkdir(join(dir, folder), { recursive: true });
    const { certificate, privateKeyPkcs8, publicKeySpki, ...metadata } = entry;
    await writeFile(join(dir, folder, DER_FILES.certificate), certificate);
    await writeFile(join(dir, folder, DER_FILES.privateKeyPkcs8), privateKeyPkcs8, PRIVATE_FILE);
    await writeFile(join(dir, folder, DER_FILES.publicKeySpki), publicKeySpki);
    return { ...metadata, folder };
  };

  const index: FacilityPkiIndex = { format: FACILITY_PKI_FORMAT, ca: await store(pki.ca, 'ca'), server: await store(pki.server, 'server'), facilities: [] };
  await writeFile(join(dir, FACILITY_PKI_PEM_FILES.ca), toPem(pki.ca.certificate, 'CERTIFICATE'));
  await writeFile(join(dir, FACILITY_PKI_PEM_FILES.server), toPem(pki.server.certificate, 'CERTIFICATE'));
  await writeFile(join(dir, FACILITY_PKI_PEM_FILES.serverKey), toPem(pki.server.privateKeyPkcs8, 'PRIVATE KEY'), PRIVATE_FILE);
  await writeFile(join(dir, CRL_DER_FILE), pki.crl);
  await writeFile(join(dir, FACILITY_PKI_PEM_FILES.crl), toPem(pki.crl, 'X509 CRL'));
  for (const { readerKey, ...facility } of pki.facilities) {
    const folder = `facilities/${facility.medicalInstitutionCode}`;
    index.facilities.push({ ...(await store(facility, folder)), readerKey: await store(readerKey, `${folder}/reader`) });
    await writeFile(join(dir, folder, FACILITY_PKI_PEM_FILES.facilityCertificate), toPem(facility.certificate, 'CERTIFICATE'));
    await writeFile(join(dir, folder, FACILITY_PKI_PEM_FILES.facilityKey), toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'), PRIVATE_FILE);
    await writeFile(join(dir, folder, FACILITY_PKI_PEM_FILES.readerCertificate), toPem(readerKey.certificate, 'CERTIFICATE'));
    await writeFile(join(dir, folder, FACILITY_PKI_PEM_FILES.readerKey), toPem(readerKey.privateKeyPkcs8, 'PRIVATE KEY'), PRIVATE_FILE);
  }
  await writeFile(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`, 'utf8');
}

export async function readFacilityPki(dir: string): Promise<FacilityPki> {
  const index = parseIndex(await readText(join(dir, INDEX_FILE)));
  const load = async <T extends KeyAndCertificate>(stored: Stored<T>): Promise<Omit<Stored<T>, 'folder'> & Pick<KeyAndCertificate, DerField>> => {
    const { folder, ...metadata } = stored;
    if (!SAFE_FOLDER.test(folder)) throw new MockCaError('MALFORMED_FOLDER', `${INDEX_FILE} names an unsafe folder ${JSON.stringify(folder)}`);
    return {
      ...metadata,
      certificate: await readDer(join(dir, folder, DER_FILES.certificate)),
      privateKeyPkcs8: await readDer(join(dir, folder, DER_FILES.privateKeyPkcs8)),
      publicKeySpki: await readDer(join(dir, folder, DER_FILES.publicKeySpki)),
    };
  };

  const facilities: FacilityCertificate[] = [];
  for (const { readerKey, ...stored } of index.facilities) {
    const facility: FacilityCertificate = { ...(await load<Omit<FacilityCertificate, 'readerKey'>>(stored)), readerKey: await load(readerKey) };
    // The hash is what a server pins a facility by: a certificate.der that no longer matches it is a broken folder.
    if (createHash('sha256').update(facility.certificate).digest('hex') !== facility.certificateSha256) {
      throw new MockCaError('MALFORMED_FOLDER', `${stored.folder}/${DER_FILES.certificate} does not match its certificateSha256`);
    }
    facilities.push(facility);
  }
  return { ca: await load(index.ca), server: await load(index.server), facilities, crl: await readDer(join(dir, CRL_DER_FILE)) };
}

// Folders come from index.json: relative, no `..`, so a doctored index cannot reach files outside.
const SAFE_FOLDER = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new MockCaError('MALFORMED_FOLDER', `cannot read ${path}`, { cause });
  }
}

async function readDer(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new MockCaError('MALFORMED_FOLDER', `cannot read ${path}`, { cause });
  }
}

/** Shape check of our own index.json, enough to fail clearly on another format or a hand edit. */
function parseIndex(text: string): FacilityPkiIndex {
  const { json, fail } = openFolderIndex(text, INDEX_FILE, FACILITY_PKI_FORMAT);
  if (!Array.isArray(json.facilities)) return fail('facilities must be a list');
  for (const entry of [json.ca, json.server, ...json.facilities]) {
    if (!isRecord(entry) || typeof entry.folder !== 'string' || typeof entry.serialNumberHex !== 'string') {
      fail('every certificate entry needs folder and serialNumberHex');
    }
  }
  for (const facility of json.facilities as Array<Record<string, unknown>>) {
    const code = facility.medicalInstitutionCode;
    if (typeof code !== 'string' || !MEDICAL_INSTITUTION_CODE.test(code)) fail(`a facility has medicalInstitutionCode ${JSON.stringify(code)}`);
    if (typeof facility.name !== 'string' || typeof facility.revoked !== 'boolean' || typeof facility.certificateSha256 !== 'string') {
      fail(`facility ${String(code)} needs name, revoked and certificateSha256`);
    }
    const reader = facility.readerKey;
    if (!isRecord(reader) || typeof reader.folder !== 'string' || typeof reader.serialNumberHex !== 'string') fail(`facility ${String(code)} needs a readerKey entry`);
  }
  return json as unknown as FacilityPkiIndex;
}
