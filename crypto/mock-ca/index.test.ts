import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CA_GENERATIONS,
  EXTENSION_OIDS,
  describeName,
  generateTestPki,
  isMockCaError,
  readTestPki,
  signCardFace,
  signTerminalChallenge,
  verifyCardFaceSignature,
  verifyTerminalChallengeSignature,
  writeTestPki,
} from './index';
import type { CardHolderInput, KeyAndCertificate, TestPki, TestPkiInput } from './index';

/** Counts what it signs, to prove every certificate went through the engine passed in. */
class CountingEngine extends pkijs.CryptoEngine {
  signatures = 0;
  override async signWithPrivateKey(...args: Parameters<pkijs.CryptoEngine['signWithPrivateKey']>): Promise<ArrayBuffer> {
    this.signatures += 1;
    return super.signWithPrivateKey(...args);
  }
}

const holders: CardHolderInput[] = [
  {
    id: 'shiken-taro',
    municipalityCode: '131016',
    prefecture: '東京都',
    city: '千代田区',
    name: '試験　太郎',
    sex: '1',
    birthDate: '1980-02-17',
    address: '東京都千代田区霞が関１－２－３',
    cardKind: 'standard',
    userAuthCertificate: { issueDate: '2025-10-27', expiryDate: '2030-02-17' },
  },
  {
    id: 'kato-daisuke',
    municipalityCode: '221015',
    prefecture: '静岡県',
    city: '静岡市葵区',
    name: '加藤　大輔',
    sex: '1',
    birthDate: '1979-01-25',
    address: '静岡県静岡市葵区追手町９－６',
    cardKind: 'standard',
    userAuthCertificate: { issueDate: '2022-02-14', expiryDate: '2027-01-25' },
    revoked: true,
  },
  {
    id: 'shimizu-takuya',
    municipalityCode: '401331',
    prefecture: '福岡県',
    city: '福岡市中央区',
    name: '清水　拓也',
    sex: '1',
    birthDate: '2001-06-18',
    address: '福岡県福岡市中央区天神９－５－８',
    cardKind: 'face-only',
    userAuthCertificate: { issueDate: '2024-03-05', expiryDate: '2028-06-18' },
  },
];

const CRL_URL = 'http://127.0.0.1:8400/jpki/user-auth-2023.crl';
const OCSP_URL = 'http://127.0.0.1:8400/jpki/ocsp';

const input: TestPkiInput = {
  seed: 'index-test-seed',
  caGenerations: {
    userAuth: DEFAULT_CA_GENERATIONS.userAuth.map((generation) =>
      generation.startDate === '2023-07-16' ? { ...generation, crlDistributionPointUrl: CRL_URL, ocspResponderUrl: OCSP_URL } : generation,
    ),
    signing: DEFAULT_CA_GENERATIONS.signing,
  },
  holders,
};

const engine = new CountingEngine({ name: 'mock-ca-test', crypto: globalThis.crypto });
let pki: TestPki;

const parse = (der: Uint8Array) => pkijs.Certificate.fromBER(der);
const extensionOf = (certificate: pkijs.Certificate, oid: string) => certificate.extensions?.find((extension) => extension.extnID === oid);
const hex = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
const holder = (id: string) => {
  const found = pki.holders[id];
  if (!found) throw new Error(`no holder ${id}`);
  return found;
};
const generation = (kind: 'userAuth' | 'signing', name: string) => {
  const found = pki.caGenerations[kind].find((candidate) => candidate.generation === name);
  if (!found) throw new Error(`no ${kind} generation ${name}`);
  return found;
};

/** Named key usage bits of a parsed certificate. */
function keyUsageBits(certificate: pkijs.Certificate): string[] {
  const extension = extensionOf(certificate, EXTENSION_OIDS.keyUsage);
  const bitString = extension?.parsedValue as asn1js.BitString | undefined;
  const bytes = bitString?.valueBlock.valueHexView ?? new Uint8Array();
  const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
  return names.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
}

function policies(certificate: pkijs.Certificate): string[] {
  const value = extensionOf(certificate, EXTENSION_OIDS.certificatePolicies)?.parsedValue as pkijs.CertificatePolicies | undefined;
  return value?.certificatePolicies.map((policy) => policy.policyIdentifier) ?? [];
}

function otherNames(certificate: pkijs.Certificate): Array<[string, string]> {
  const extension = extensionOf(certificate, EXTENSION_OIDS.subjectAltName);
  if (!extension) return [];
  const names = (asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result as asn1js.Sequence).valueBlock.value;
  return names.map((name) => {
    const [typeId, explicitValue] = (name as asn1js.Constructed).valueBlock.value;
    const [value] = (explicitValue as asn1js.Constructed).valueBlock.value;
    return [(typeId as asn1js.ObjectIdentifier).valueBlock.toString(), (value as asn1js.Utf8String).valueBlock.value];
  });
}

function keyIdentifiers(certificate: pkijs.Certificate): { subject?: string; authority?: string } {
  const ski = extensionOf(certificate, EXTENSION_OIDS.subjectKeyIdentifier)?.parsedValue as asn1js.OctetString | undefined;
  const aki = extensionOf(certificate, EXTENSION_OIDS.authorityKeyIdentifier)?.parsedValue as pkijs.AuthorityKeyIdentifier | undefined;
  return {
    ...(ski ? { subject: hex(ski.valueBlock.valueHexView) } : {}),
    ...(aki?.keyIdentifier ? { authority: hex(aki.keyIdentifier.valueBlock.valueHexView) } : {}),
  };
}

function spkiOf(certificateDer: Uint8Array): Uint8Array {
  return new Uint8Array(parse(certificateDer).subjectPublicKeyInfo.toSchema().toBER(false));
}

function allCertificates(): Array<{ label: string; entry: KeyAndCertificate; issuer: KeyAndCertificate }> {
  return [
    ...pki.caGenerations.userAuth.map((ca) => ({ label: `user-auth CA ${ca.generation}`, entry: ca, issuer: ca })),
    ...pki.caGenerations.signing.map((ca) => ({ label: `signing CA ${ca.generation}`, entry: ca, issuer: ca })),
    { label: 'card-face CA', entry: pki.cardFace.ca, issuer: pki.cardFace.ca },
    { label: 'card-face signer', entry: pki.cardFace.signer, issuer: pki.cardFace.ca },
    { label: 'terminal CA', entry: pki.terminal.ca, issuer: pki.terminal.ca },
    { label: 'terminal key', entry: pki.terminal.key, issuer: pki.terminal.ca },
    ...Object.values(pki.holders).flatMap((certificates) => [
      { label: `${certificates.id} user-auth`, entry: certificates.userAuth, issuer: generation('userAuth', certificates.userAuth.issuerGeneration) },
      ...(certificates.signing
        ? [{ label: `${certificates.id} signing`, entry: certificates.signing, issuer: generation('signing', certificates.signing.issuerGeneration) }]
        : []),
    ]),
  ];
}

let generationMilliseconds = 0;

beforeAll(async () => {
  const started = performance.now();
  pki = await generateTestPki(input, engine);
  generationMilliseconds = performance.now() - started;
}, 120_000);

describe('generateTestPki', () => {
  it('signs every certificate through the engine passed in, in reasonable time', () => {
    // 6 CA generations + 2 small CAs + 2 service keys + 2 + 2 + 1 holder certificates
    expect(allCertificates()).toHaveLength(15);
    expect(engine.signatures).toBe(15);
    expect(generationMilliseconds).toBeLessThan(60_000);
  });

  it('gives certificates that parse with pkijs and verify under their issuer with that engine (and with OpenSSL)', async () => {
    for (const { label, entry, issuer } of allCertificates()) {
      const certificate = parse(entry.certificate);
      const issuerCertificate = parse(issuer.certificate);
      expect(await certificate.verify(issuerCertificate, engine), label).toBe(true);
      expect(certificate.version, label).toBe(2);
      expect(certificate.signatureAlgorithm.algorithmId, label).toBe('1.2.840.113549.1.1.11');
      expect(hex(certificate.issuer.toSchema().toBER(false)), label).toBe(hex(issuerCertificate.subject.toSchema().toBER(false)));
      expect(keyIdentifiers(certificate).authority ?? keyIdentifiers(certificate).subject, label).toBe(keyIdentifiers(issuerCertificate).subject);
      expect(hex(spkiOf(entry.certificate)), label).toBe(hex(entry.publicKeySpki));
      const x509 = new X509Certificate(entry.certificate);
      const issuerX509 = new X509Certificate(issuer.certificate);
      expect(x509.checkIssued(issuerX509) && x509.verify(issuerX509.publicKey), label).toBe(true);
      expect(x509.serialNumber, label).toBe(entry.serialNumberHex);
      expect(new Date(x509.validFrom).toISOString(), label).toBe(entry.notBefore);
      expect(new Date(x509.validTo).toISOString(), label).toBe(entry.notAfter);
    }
  });

  it('does not verify a leaf under another generation of the same CA (each generation has its own key)', async () => {
    const leaf = parse(holder('shiken-taro').userAuth.certificate);
    expect(await leaf.verify(parse(generation('userAuth', '2019-09-14').certificate), engine)).toBe(false);
    const keys = new Set(allCertificates().map(({ entry }) => hex(entry.publicKeySpki)));
    expect(keys.size).toBe(15);
  });

  it('passes pkijs chain validation for each holder certificate at a date inside its validity', async () => {
    for (const { label, entry, issuer } of allCertificates().filter(({ entry, issuer }) => entry !== issuer)) {
      const chain = new pkijs.CertificateChainValidationEngine({
        trustedCerts: [parse(issuer.certificate)],
        certs: [parse(entry.certificate)],
        checkDate: new Date(Date.parse(entry.notBefore) + 86_400_000),
      });
      const result = await chain.verify({}, engine);
      expect(result.result, `${label}: ${result.resultMessage}`).toBe(true);
    }
  });

  it('makes CA generations with the configured DN, serials, 10-year validity and CA extensions', () => {
    expect(pki.caGenerations.userAuth.map((ca) => [ca.generation, ca.serialNumberHex, ca.notBefore, ca.notAfter])).toEqual([
      ['2015-10-20', '01', '2015-10-19T15:00:00.000Z', '2025-10-19T14:59:59.000Z'],
      ['2019-09-14', '0142A6D1', '2019-09-13T15:00:00.000Z', '2029-09-13T14:59:59.000Z'],
      ['2023-07-16', '07C2E935', '2023-07-15T15:00:00.000Z', '2033-07-15T14:59:59.000Z'],
    ]);
    for (const ca of [...pki.caGenerations.userAuth, ...pki.caGenerations.signing]) {
      const certificate = parse(ca.certificate);
      const purpose = ca.kind === 'user-auth' ? 'JPKI for user authentication' : 'JPKI for digital signature';
      expect(describeName(certificate.subject)).toBe(`C=JP, O=JPKI-EMU, OU=${purpose}, OU=Japan Agency for Local Authority Information Systems`);
      const basicConstraints = extensionOf(certificate, EXTENSION_OIDS.basicConstraints);
      expect(basicConstraints?.critical).toBe(true);
      expect((basicConstraints?.parsedValue as pkijs.BasicConstraints).cA).toBe(true);
      expect(extensionOf(certificate, EXTENSION_OIDS.keyUsage)?.critical).toBe(true);
      expect(keyUsageBits(certificate)).toEqual(['keyCertSign', 'cRLSign']);
      // RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
      const publicKeyBits = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
      expect(keyIdentifiers(certificate).subject).toBe(createHash('sha1').update(publicKeyBits).digest('hex'));
    }
  });

  it('issues each holder from the generation valid on the issue date; a face-only card gets no signing certificate', () => {
    expect(holder('shiken-taro').userAuth.issuerGeneration).toBe('2023-07-16');
    expect(holder('shiken-taro').signing?.issuerGeneration).toBe('2023-07-16');
    expect(holder('kato-daisuke').userAuth.issuerGeneration).toBe('2019-09-14');
    expect(holder('kato-daisuke').signing?.issuerGeneration).toBe('2019-09-14');
    expect(holder('shimizu-takuya').userAuth.issuerGeneration).toBe('2023-07-16');
    expect(holder('shimizu-takuya').signing).toBeUndefined();
    expect(Object.keys(pki.holders)).toEqual(['shiken-taro', 'kato-daisuke', 'shimizu-takuya']);
  });

  it('makes the 利用者証明用 certificate opaque: C=JP, CN=<id with the municipality code>, nothing about the person', () => {
    const leaf = holder('shiken-taro').userAuth;
    const certificate = parse(leaf.certificate);
    expect(leaf.subjectId).toMatch(/^[0-9A-Z]{14}131016[0-9A-Z]{3}$/);
    expect(describeName(certificate.subject)).toBe(`C=JP, CN=${leaf.subjectId}`);
    expect(leaf.notBefore).toBe('2025-10-26T15:00:00.000Z');
    expect(leaf.notAfter).toBe('2030-02-17T14:59:59.000Z');
    expect(keyUsageBits(certificate)).toEqual(['digitalSignature']);
    expect(extensionOf(certificate, EXTENSION_OIDS.keyUsage)?.critical).toBe(true);
    expect(policies(certificate)).toEqual(['1.2.392.200149.8.5.1.3.30']);
    expect(extensionOf(certificate, EXTENSION_OIDS.subjectAltName)).toBeUndefined();
    const der = Buffer.from(leaf.certificate);
    for (const personal of ['試験', '太郎', '千代田', '霞が関', '東京都', '19800217', '800217', '550217']) {
      expect(der.includes(Buffer.from(personal)), personal).toBe(false);
    }
  });

  it('names 公的個人認証サービス in issuerAltName as a UTF8String directoryName', () => {
    for (const leaf of [holder('shiken-taro').userAuth, holder('shiken-taro').signing]) {
      const certificate = parse(leaf?.certificate ?? new Uint8Array());
      const altName = extensionOf(certificate, EXTENSION_OIDS.issuerAltName)?.parsedValue as pkijs.AltName;
      expect(altName.altNames.map((name) => [name.type, describeName(name.value as pkijs.RelativeDistinguishedNames)])).toEqual([
        [4, 'C=JP, O=公的個人認証サービス'],
      ]);
      expect(hex(leaf?.certificate ?? new Uint8Array())).toContain('0c1e' + Buffer.from('公的個人認証サービス').toString('hex'));
    }
  });

  it('puts the locality in the 署名用 subject and the 基本4情報 in its otherNames', () => {
    const leaf = holder('shiken-taro').signing;
    const certificate = parse(leaf?.certificate ?? new Uint8Array());
    expect(describeName(certificate.subject)).toBe(`C=JP, L=東京都, L=千代田区, CN=${leaf?.subjectId ?? ''}`);
    expect(leaf?.subjectId).not.toBe(holder('shiken-taro').userAuth.subjectId);
    expect(keyUsageBits(certificate)).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(extensionOf(certificate, EXTENSION_OIDS.keyUsage)?.critical).toBe(true);
    expect(policies(certificate)).toEqual(['1.2.392.200149.8.5.1.1.20']);
    expect(otherNames(certificate)).toEqual([
      ['1.2.392.200149.8.5.5.1', '試験　太郎'],
      ['1.2.392.200149.8.5.5.3', '1'],
      ['1.2.392.200149.8.5.5.4', '319800217'],
      ['1.2.392.200149.8.5.5.5', '東京都千代田区霞が関１－２－３'],
    ]);
    expect(describeName(certificate.issuer)).toContain('OU=JPKI for digital signature');
  });

  it('writes CRL distribution point and OCSP responder only where the issuing generation names them', () => {
    const withPointers = parse(holder('shiken-taro').userAuth.certificate);
    const crlDp = extensionOf(withPointers, EXTENSION_OIDS.crlDistributionPoints)?.parsedValue as pkijs.CRLDistributionPoints;
    expect((crlDp.distributionPoints[0]?.distributionPoint as pkijs.GeneralName[])[0]?.value).toBe(CRL_URL);
    const aia = extensionOf(withPointers, EXTENSION_OIDS.authorityInfoAccess)?.parsedValue as pkijs.InfoAccess;
    expect(aia.accessDescriptions[0]?.accessLocation.value).toBe(OCSP_URL);
    expect(generation('userAuth', '2023-07-16').crlDistributionPointUrl).toBe(CRL_URL);
    for (const leaf of [holder('kato-daisuke').userAuth, holder('shiken-taro').signing]) {
      const certificate = parse(leaf?.certificate ?? new Uint8Array());
      expect(extensionOf(certificate, EXTENSION_OIDS.crlDistributionPoints)).toBeUndefined();
      expect(extensionOf(certificate, EXTENSION_OIDS.authorityInfoAccess)).toBeUndefined();
    }
  });

  it('lists the revoked holder certificates with serial, issuer generation, date and reason', () => {
    const kato = holder('kato-daisuke');
    expect(pki.revocations).toEqual([
      {
        holderId: 'kato-daisuke',
        certificate: 'user-auth',
        issuerGeneration: '2019-09-14',
        serialNumberHex: kato.userAuth.serialNumberHex,
        revocationDate: '2025-04-01',
        revokedAt: '2025-03-31T15:00:00.000Z',
        reason: 'keyCompromise',
      },
      {
        holderId: 'kato-daisuke',
        certificate: 'signing',
        issuerGeneration: '2019-09-14',
        serialNumberHex: kato.signing?.serialNumberHex,
        revocationDate: '2025-04-01',
        revokedAt: '2025-03-31T15:00:00.000Z',
        reason: 'keyCompromise',
      },
    ]);
    expect(new X509Certificate(kato.userAuth.certificate).serialNumber).toBe(kato.userAuth.serialNumberHex);
  });

  it('gives a card-face key whose certificate verifies DF28 signatures, and a terminal key for the stand-in', () => {
    const signer = parse(pki.cardFace.signer.certificate);
    expect(describeName(signer.subject)).toBe('C=JP, O=JPKI-EMU, OU=Card face, CN=Card face AP signing key');
    expect(describeName(signer.issuer)).toBe('C=JP, O=JPKI-EMU, OU=Card face');
    expect(keyUsageBits(signer)).toEqual(['digitalSignature']);
    const [df22To24, df25And26, df27] = [Uint8Array.of(0xdf, 0x22, 1, 0x31), Uint8Array.of(0xdf, 0x25, 1, 2), Uint8Array.of(0xdf, 0x27, 2, 3, 4)];
    const signature = signCardFace(pki.cardFace.signer.privateKeyPkcs8, df22To24, df25And26, df27);
    expect(signature).toHaveLength(256);
    expect(verifyCardFaceSignature(spkiOf(pki.cardFace.signer.certificate), df22To24, df25And26, df27, signature)).toBe(true);

    expect(describeName(parse(pki.terminal.key.certificate).subject)).toBe(
      'C=JP, O=JPKI-EMU, OU=Terminal authentication stand-in, CN=Reception terminal (test)',
    );
    const challenge = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
    const challengeSignature = signTerminalChallenge(pki.terminal.key.privateKeyPkcs8, challenge);
    expect(verifyTerminalChallengeSignature(spkiOf(pki.terminal.key.certificate), challenge, challengeSignature)).toBe(true);
  });

  it('fails fast, before any key, on an issue date no generation covers', async () => {
    const signaturesBefore = engine.signatures;
    const uncovered = { ...input, holders: [{ ...holders[0], userAuthCertificate: { issueDate: '2014-01-01', expiryDate: '2018-01-01' } } as CardHolderInput] };
    const error: unknown = await generateTestPki(uncovered, engine).catch((caught: unknown) => caught);
    expect(isMockCaError(error, 'NO_CA_GENERATION')).toBe(true);
    expect(engine.signatures).toBe(signaturesBefore);
  });
});

describe('determinism', () => {
  it('gives byte-identical output for the same seed and input', async () => {
    const again = await generateTestPki(input, new pkijs.CryptoEngine({ name: 'second', crypto: globalThis.crypto }));
    expect(again).toEqual(pki);
  }, 120_000);

  it('gives different keys, serials and subject ids for another seed', async () => {
    const other = await generateTestPki({ ...input, seed: 'another-seed', holders: holders.slice(2) }, engine);
    const otherKeys = [...other.caGenerations.userAuth, ...other.caGenerations.signing, other.cardFace.signer, other.terminal.key].map((entry) =>
      hex(entry.publicKeySpki),
    );
    const keys = new Set(allCertificates().map(({ entry }) => hex(entry.publicKeySpki)));
    for (const key of otherKeys) expect(keys.has(key)).toBe(false);
    const otherLeaf = other.holders['shimizu-takuya']?.userAuth;
    expect(otherLeaf?.subjectId).not.toBe(holder('shimizu-takuya').userAuth.subjectId);
    expect(otherLeaf?.serialNumberHex).not.toBe(holder('shimizu-takuya').userAuth.serialNumberHex);
    // Configured CA serials stay; everything random changes.
    expect(other.caGenerations.userAuth.map((ca) => ca.serialNumberHex)).toEqual(['01', '0142A6D1', '07C2E935']);
  }, 120_000);
});

describe('writeTestPki / readTestPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-ca-'));
    await writeTestPki(pki, dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back exactly what was written', async () => {
    expect(await readTestPki(dir)).toEqual(pki);
  });

  it('uses the documented layout: DER files per entity and one index.json without key material', async () => {
    expect((await readdir(dir)).sort()).toEqual(['ca', 'card-face', 'holders', 'index.json', 'terminal']);
    expect((await readdir(join(dir, 'holders', 'shiken-taro'))).sort()).toEqual(['signing', 'user-auth']);
    expect((await readdir(join(dir, 'holders', 'shimizu-takuya')))).toEqual(['user-auth']);
    expect((await readdir(join(dir, 'ca', 'user-auth', '2023-07-16'))).sort()).toEqual([
      'certificate.der',
      'private-key.pkcs8.der',
      'public-key.spki.der',
    ]);
    const certificate = await readFile(join(dir, 'holders', 'shiken-taro', 'user-auth', 'certificate.der'));
    expect(hex(certificate)).toBe(hex(holder('shiken-taro').userAuth.certificate));
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { format: string; holders: Array<{ userAuth: { folder: string } }> };
    expect(index.format).toBe('jpki-emu-test-pki/1');
    expect(index.holders[0]?.userAuth.folder).toBe('holders/shiken-taro/user-auth');
    expect(JSON.stringify(index)).not.toContain('privateKeyPkcs8');
  });

  it('refuses a folder with a missing file, another format or an index pointing outside', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'mock-ca-broken-'));
    try {
      const codeOf = async () => ((await readTestPki(broken).catch((error: unknown) => error)) as { code?: string }).code;
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
      const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(broken, 'index.json'), JSON.stringify({ ...index, format: 'other/9' }));
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
      await writeFile(join(broken, 'index.json'), JSON.stringify(index));
      expect(await codeOf()).toBe('MALFORMED_FOLDER'); // DER files absent
      const outside = JSON.parse(JSON.stringify(index).replace('"holders/shiken-taro/user-auth"', '"../../etc"')) as unknown;
      await writeFile(join(broken, 'index.json'), JSON.stringify(outside));
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
