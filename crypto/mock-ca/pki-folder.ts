import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockCaError } from './errors';
import { isRecord, openFolderIndex } from './folder-index';
import type { RevocationEntry } from './revocations';
import type { CaGeneration, HolderCertificates, HolderLeaf, KeyAndCertificate, TestPki } from './types';

/**
 * Saves a TestPki as DER files plus one index.json, and reads it back byte-identical (layout in
 * README.md). index.json is written last, so a folder with an index.json is complete.
 */
export const TEST_PKI_INDEX_FILE = 'index.json';
// Frozen: the format of every saved folder (fixtures/pki among them), named when this folder was test-pki.
export const TEST_PKI_FORMAT = 'jpki-emu-test-pki/1';

const DER_FILES = {
  certificate: 'certificate.der',
  privateKeyPkcs8: 'private-key.pkcs8.der',
  publicKeySpki: 'public-key.spki.der',
} as const;

type DerField = keyof typeof DER_FILES;
type StoredKeyAndCertificate = Omit<KeyAndCertificate, DerField> & { folder: string };
type StoredCaGeneration = Omit<CaGeneration, DerField> & { folder: string };
type StoredHolderLeaf = Omit<HolderLeaf, DerField> & { folder: string };

interface TestPkiIndex {
  format: typeof TEST_PKI_FORMAT;
  seed: string;
  caGenerations: { userAuth: StoredCaGeneration[]; signing: StoredCaGeneration[] };
  cardFace: { ca: StoredKeyAndCertificate; signer: StoredKeyAndCertificate };
  terminal: { ca: StoredKeyAndCertificate; key: StoredKeyAndCertificate };
  holders: Array<{ id: string; userAuth: StoredHolderLeaf; signing?: StoredHolderLeaf }>;
  revocations: RevocationEntry[];
}

export async function writeTestPki(pki: TestPki, dir: string): Promise<void> {
  const store = async <T extends KeyAndCertificate>(entry: T, folder: string): Promise<Omit<T, DerField> & { folder: string }> => {
    await mkdir(join(dir, folder), { recursive: true });
    const { certificate, privateKeyPkcs8, publicKeySpki, ...metadata } = entry;
    await writeFile(join(dir, folder, DER_FILES.certificate), certificate);
    await writeFile(join(dir, folder, DER_FILES.privateKeyPkcs8), privateKeyPkcs8);
    await writeFile(join(dir, folder, DER_FILES.publicKeySpki), publicKeySpki);
    return { ...metadata, folder };
  };

  const storeGenerations = (generations: CaGeneration[]) =>
    Promise.all(generations.map((generation) => store(generation, `ca/${generation.kind}/${generation.generation}`)));

  const index: TestPkiIndex = {
    format: TEST_PKI_FORMAT,
    seed: pki.seed,
    caGenerations: { userAuth: await storeGenerations(pki.caGenerations.userAuth), signing: await storeGenerations(pki.caGenerations.signing) },
    cardFace: { ca: await store(pki.cardFace.ca, 'card-face/ca'), signer: await store(pki.cardFace.signer, 'card-face/signer') },
    terminal: { ca: await store(pki.terminal.ca, 'terminal/ca'), key: await store(pki.terminal.key, 'terminal/key') },
    holders: [],
    revocations: pki.revocations,
  };
  for (const holder of Object.values(pki.holders)) {
    const userAuth = await store(holder.userAuth, `holders/${holder.id}/user-auth`);
    const signing = holder.signing ? await store(holder.signing, `holders/${holder.id}/signing`) : undefined;
    index.holders.push({ id: holder.id, userAuth, ...(signing ? { signing } : {}) });
  }
  await writeFile(join(dir, TEST_PKI_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`, 'utf8');
}

export async function readTestPki(dir: string): Promise<TestPki> {
  const index = parseIndex(await readText(join(dir, TEST_PKI_INDEX_FILE)));

  const load = async <T extends { folder: string }>(stored: T): Promise<Omit<T, 'folder'> & Pick<KeyAndCertificate, DerField>> => {
    const { folder, ...metadata } = stored;
    return {
      ...metadata,
      certificate: await readDer(dir, folder, DER_FILES.certificate),
      privateKeyPkcs8: await readDer(dir, folder, DER_FILES.privateKeyPkcs8),
      publicKeySpki: await readDer(dir, folder, DER_FILES.publicKeySpki),
    };
  };

  const holders: Record<string, HolderCertificates> = {};
  for (const holder of index.holders) {
    const userAuth = await load(holder.userAuth);
    holders[holder.id] = holder.signing ? { id: holder.id, userAuth, signing: await load(holder.signing) } : { id: holder.id, userAuth };
  }
  return {
    seed: index.seed,
    caGenerations: {
      userAuth: await Promise.all(index.caGenerations.userAuth.map(load)),
      signing: await Promise.all(index.caGenerations.signing.map(load)),
    },
    cardFace: { ca: await load(index.cardFace.ca), signer: await load(index.cardFace.signer) },
    terminal: { ca: await load(index.terminal.ca), key: await load(index.terminal.key) },
    holders,
    revocations: index.revocations,
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new MockCaError('MALFORMED_FOLDER', `cannot read ${path}`, { cause });
  }
}

// Folders come from index.json: relative, lower-case, no `..`, so a doctored index cannot reach
// files outside the mock-CA folder.
const SAFE_FOLDER = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;

async function readDer(dir: string, folder: string, file: string): Promise<Uint8Array> {
  if (!SAFE_FOLDER.test(folder)) throw new MockCaError('MALFORMED_FOLDER', `index.json names an unsafe folder ${JSON.stringify(folder)}`);
  try {
    return new Uint8Array(await readFile(join(dir, folder, file)));
  } catch (cause) {
    throw new MockCaError('MALFORMED_FOLDER', `missing ${folder}/${file}`, { cause });
  }
}

/**
 * Shape check of our own index.json: enough to fail with a clear message on a folder written by
 * another format version or edited by hand, without re-validating every field.
 */
function parseIndex(text: string): TestPkiIndex {
  const { json, fail } = openFolderIndex(text, TEST_PKI_INDEX_FILE, TEST_PKI_FORMAT);
  if (typeof json.seed !== 'string') fail('seed is not a string');
  const caGenerations = json.caGenerations;
  if (!isRecord(caGenerations) || !Array.isArray(caGenerations.userAuth) || !Array.isArray(caGenerations.signing)) {
    fail('caGenerations.userAuth and .signing must be lists');
  }
  if (!isRecord(json.cardFace) || !isRecord(json.terminal)) fail('cardFace and terminal must be objects');
  if (!Array.isArray(json.holders)) fail('holders must be a list');
  if (!Array.isArray(json.revocations)) fail('revocations must be a list');
  const index = json as unknown as TestPkiIndex;
  const entries = [
    ...index.caGenerations.userAuth,
    ...index.caGenerations.signing,
    index.cardFace.ca,
    index.cardFace.signer,
    index.terminal.ca,
    index.terminal.key,
    ...index.holders.flatMap((holder) => (isRecord(holder) ? [holder.userAuth, ...(holder.signing ? [holder.signing] : [])] : [undefined])),
  ];
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry.folder !== 'string' || typeof entry.serialNumberHex !== 'string') {
      fail('every certificate entry needs folder and serialNumberHex');
    }
  }
  return index;
}
