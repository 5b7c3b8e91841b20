import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_AUTH_EKU_OID,
  createCryptoEngine,
  generateFacilityPki,
  medicalInstitutionCodeOf,
  readFacilityPki,
  SERVER_AUTH_EKU_OID,
  toPem,
  writeFacilityPki,
} from '.';
import type { FacilityPki, FacilityPkiInput, KeyAndCertificate } from '.';
import { importSigningKey, signCertificate } from './certificate-builder';
import { addMonths } from './facility-dates';
import type { DistinguishedName } from './names';

// Key generation is the slow part (0.1–0.4 s a key): one PKI of a CA, a server and three facilities,
// the same again for determinism, and one with a single facility for independence — 13 keys.
const engine = createCryptoEngine();
const input: FacilityPkiInput = {
  seed: 'facility-pki-unit',
  startDate: '2025-04-01',
  facilities: [
    { medicalInstitutionCode: '1312345678', name: 'テスト内科クリニック' },
    { medicalInstitutionCode: '2712345670', name: '試験総合病院', revoked: true },
    { medicalInstitutionCode: '0112345673', name: 'さくら歯科医院' },
  ],
  serverIpAddresses: ['127.0.0.1', '::1'],
};

let pki: FacilityPki;
let again: FacilityPki;
let onlyRevoked: FacilityPki;

beforeAll(async () => {
  pki = await generateFacilityPki(input, engine);
  again = await generateFacilityPki(input, engine);
  onlyRevoked = await generateFacilityPki({ ...input, facilities: input.facilities.slice(1, 2) }, engine);
}, 120_000);

const hex = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
const parse = (der: Uint8Array) => pkijs.Certificate.fromBER(der);
const extensionOf = (certificate: pkijs.Certificate, oid: string) => certificate.extensions?.find((extension) => extension.extnID === oid);
const facility = (index: number) => {
  const entry = pki.facilities[index];
  if (!entry) throw new Error(`no facility ${index}`);
  return entry;
};
const ekuOf = (entry: KeyAndCertificate) => (extensionOf(parse(entry.certificate), '2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage).keyPurposes;
const keyIdentifier = (entry: KeyAndCertificate, oid: string) => {
  const value = extensionOf(parse(entry.certificate), oid)?.extnValue.valueBlock.valueHexView ?? new Uint8Array();
  return hex(value).slice(-40); // the 20-octet SHA-1 at the end of either encoding
};

describe('generateFacilityPki', () => {
  it('is deterministic: two runs give byte-identical keys, certificates and CRL', () => {
    expect(again).toEqual(pki);
  });

  it("keeps a facility's certificate when other facilities are added or removed", () => {
    expect(onlyRevoked.ca).toEqual(pki.ca);
    expect(onlyRevoked.server).toEqual(pki.server);
    expect(onlyRevoked.facilities).toEqual([facility(1)]);
    expect(hex(onlyRevoked.crl)).toBe(hex(pki.crl));
  });

  it('issues every certificate under the CA with its dates, and the hash of each facility certificate', async () => {
    const ca = parse(pki.ca.certificate);
    expect(await ca.verify(undefined, engine)).toBe(true);
    expect(pki.ca.notBefore).toBe('2025-03-31T15:00:00.000Z');
    expect(pki.ca.notAfter).toBe('2035-03-31T14:59:59.000Z');
    expect(pki.ca.subject).toBe('C=JP, O=JPKI-EMU, OU=Facility CA, CN=オンライン資格確認 医療機関 CA (test)');
    for (const entry of [pki.server, ...pki.facilities]) {
      expect(await parse(entry.certificate).verify(ca, engine), entry.subject).toBe(true);
      expect(new X509Certificate(entry.certificate).verify(new X509Certificate(pki.ca.certificate).publicKey), entry.subject).toBe(true);
      expect(entry.notBefore).toBe('2025-03-31T15:00:00.000Z');
      expect(entry.notAfter, '3 years 3 months').toBe('2028-06-30T14:59:59.000Z');
      expect(keyIdentifier(entry, '2.5.29.35'), entry.subject).toBe(keyIdentifier(pki.ca, '2.5.29.14'));
    }
    for (const entry of pki.facilities) expect(entry.certificateSha256).toBe(createHash('sha256').update(entry.certificate).digest('hex'));
    expect(new Set([pki.server, ...pki.facilities].map((entry) => entry.serialNumberHex)).size).toBe(4);
  });

  it('binds each facility certificate to its 医療機関コード: serialNumber PrintableString, CN UTF8String', () => {
    for (const [index, { medicalInstitutionCode, name }] of input.facilities.entries()) {
      const entry = facility(index);
      expect(medicalInstitutionCodeOf(entry.certificate)).toBe(medicalInstitutionCode);
      expect(entry.medicalInstitutionCode).toBe(medicalInstitutionCode);
      expect(entry.name).toBe(name);
      expect(entry.revoked).toBe(index === 1);
      const attributes = parse(entry.certificate).subject.typesAndValues;
      const serialNumber = attributes.find((attribute) => attribute.type === '2.5.4.5')?.value;
      const commonName = attributes.find((attribute) => attribute.type === '2.5.4.3')?.value;
      expect(serialNumber).toBeInstanceOf(asn1js.PrintableString);
      expect(commonName).toBeInstanceOf(asn1js.Utf8String);
      expect((commonName as asn1js.Utf8String).valueBlock.value).toBe(name);
      expect(new X509Certificate(entry.certificate).subject).toContain(`serialNumber=${medicalInstitutionCode}`);
    }
  });

  it('gives the server serverAuth and a subjectAltName with its host names and IP addresses', () => {
    expect(ekuOf(pki.server)).toEqual([SERVER_AUTH_EKU_OID]);
    const san = extensionOf(parse(pki.server.certificate), '2.5.29.17')?.parsedValue as pkijs.AltName;
    const names = san.altNames.map((name) => (name.type === 7 ? `ip:${hex((name.value as asn1js.OctetString).valueBlock.valueHexView)}` : `${name.type}:${String(name.value)}`));
    expect(names).toEqual(['2:localhost', 'ip:7f000001', `ip:${'00'.repeat(15)}01`]);
    const x509 = new X509Certificate(pki.server.certificate);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkHost('example.com')).toBeUndefined();
    expect(x509.keyUsage).toContain(SERVER_AUTH_EKU_OID);
    // digitalSignature + keyEncipherment, critical
    expect(hex(extensionOf(parse(pki.server.certificate), '2.5.29.15')?.extnValue.valueBlock.valueHexView ?? new Uint8Array())).toBe('030205a0');
  });

  it('gives each facility clientAuth and digitalSignature only, and no code to the CA or server', () => {
    for (const entry of pki.facilities) {
      expect(ekuOf(entry)).toEqual([CLIENT_AUTH_EKU_OID]);
      expect(hex(extensionOf(parse(entry.certificate), '2.5.29.15')?.extnValue.valueBlock.valueHexView ?? new Uint8Array())).toBe('03020780');
      expect(extensionOf(parse(entry.certificate), '2.5.29.17')).toBeUndefined();
    }
    expect(medicalInstitutionCodeOf(pki.ca.certificate)).toBeUndefined();
    expect(medicalInstitutionCodeOf(pki.server.certificate)).toBeUndefined();
  });

  it('gives each facility its own reader key under the CA: digitalSignature, no EKU, OU Reader attestation, the same code', () => {
    const caCertificate = new X509Certificate(Buffer.from(pki.ca.certificate));
    const readerKeys = new Set<string>();
    for (const entry of pki.facilities) {
      const reader = entry.readerKey;
      expect(new X509Certificate(Buffer.from(reader.certificate)).verify(caCertificate.publicKey)).toBe(true);
      expect(hex(extensionOf(parse(reader.certificate), '2.5.29.15')?.extnValue.valueBlock.valueHexView ?? new Uint8Array())).toBe('03020780');
      expect(extensionOf(parse(reader.certificate), '2.5.29.37')).toBeUndefined();
      expect(reader.subject).toContain('OU=Reader attestation');
      expect(medicalInstitutionCodeOf(reader.certificate)).toBe(entry.medicalInstitutionCode);
      expect(hex(reader.publicKeySpki)).not.toBe(hex(entry.publicKeySpki));
      readerKeys.add(hex(reader.publicKeySpki));
    }
    expect(readerKeys.size).toBe(pki.facilities.length);
  });

  it('lists exactly the revoked facilities in a v2 CRL signed by the CA, from the revocation date to the CA end', async () => {
    const crl = pkijs.CertificateRevocationList.fromBER(pki.crl);
    expect(crl.version).toBe(1);
    expect(await crl.verify({ issuerCertificate: parse(pki.ca.certificate) }, engine)).toBe(true);
    const serials = (crl.revokedCertificates ?? []).map((entry) => hex(entry.userCertificate.valueBlock.valueHexView).toUpperCase());
    expect(serials).toEqual(pki.facilities.filter((entry) => entry.revoked).map((entry) => entry.serialNumberHex));
    expect(serials).toEqual([facility(1).serialNumberHex]);
    expect(crl.thisUpdate.value.toISOString(), 'default: 00:00 JST the day after startDate').toBe('2025-04-01T15:00:00.000Z');
    expect(crl.nextUpdate?.value.toISOString()).toBe(pki.ca.notAfter);
    expect(crl.revokedCertificates?.[0]?.revocationDate.value.toISOString()).toBe('2025-04-01T15:00:00.000Z');
  });
});

describe('medicalInstitutionCodeOf', () => {
  const certificateWithSubject = async (subject: DistinguishedName) =>
    signCertificate(
      {
        serialNumber: Uint8Array.of(0x11),
        issuer: subject,
        subject,
        notBefore: new Date(pki.ca.notBefore),
        notAfter: new Date(pki.ca.notAfter),
        subjectPublicKeySpki: pki.ca.publicKeySpki,
        extensions: [],
      },
      await importSigningKey(pki.ca.privateKeyPkcs8, engine),
      engine,
    );

  it('is undefined for bytes that are no certificate, a code that is not 10 digits, or two codes', async () => {
    expect(medicalInstitutionCodeOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeUndefined();
    expect(medicalInstitutionCodeOf(new Uint8Array())).toBeUndefined();
    expect(medicalInstitutionCodeOf(await certificateWithSubject([['serialNumber', '131234567'], ['CN', 'x']]))).toBeUndefined();
    expect(medicalInstitutionCodeOf(await certificateWithSubject([['serialNumber', '131234567A']]))).toBeUndefined();
    expect(medicalInstitutionCodeOf(await certificateWithSubject([['serialNumber', '1312345678'], ['serialNumber', '2712345670']]))).toBeUndefined();
    expect(medicalInstitutionCodeOf(await certificateWithSubject([['serialNumber', '1312345678']]))).toBe('1312345678');
  });
});

describe('validity arithmetic', () => {
  it('adds months, a missing day becoming the last day of the month', () => {
    expect(addMonths('2025-04-01', 39)).toBe('2028-07-01');
    expect(addMonths('2025-11-30', 39)).toBe('2029-02-28');
    expect(addMonths('2024-12-31', 3)).toBe('2025-03-31');
  });
});

describe('input validation', () => {
  const failure = async (changed: Partial<FacilityPkiInput>) => {
    const error = (await generateFacilityPki({ ...input, ...changed }, engine).catch((caught: unknown) => caught)) as { code?: string; message?: string };
    return { code: error.code, message: error.message ?? '' };
  };

  it('reports every problem at once as INVALID_INPUT, before any key is made', async () => {
    const started = performance.now();
    const { code, message } = await failure({
      seed: '',
      facilities: [
        { medicalInstitutionCode: '131234567', name: 'a' },
        { medicalInstitutionCode: '2712345670', name: ' ' },
        { medicalInstitutionCode: '2712345670', name: '重複\n病院' },
      ],
      serverHostNames: ['local host'],
      serverIpAddresses: ['127.0.0.256'],
    });
    expect(code).toBe('INVALID_INPUT');
    for (const path of ['seed', 'facilities[0].medicalInstitutionCode', 'facilities[1].name', 'facilities[2].medicalInstitutionCode', 'facilities[2].name', 'serverHostNames[0]', 'serverIpAddresses[0]']) {
      expect(message).toContain(`${path}:`);
    }
    expect(performance.now() - started).toBeLessThan(50);
  });

  it.each<[string, Partial<FacilityPkiInput>, string]>([
    ['an impossible start date', { startDate: '2025-02-29' }, 'startDate'],
    ['a start date before UTCTime', { startDate: '1949-12-31' }, 'startDate'],
    ['a malformed revocation date', { revocationDate: '2025/04/02' }, 'revocationDate'],
    ['a revocation before the start', { revocationDate: '2025-03-31' }, 'revocationDate'],
    ['a revocation after the certificates expire', { revocationDate: '2028-07-01' }, 'revocationDate'],
    ['a server without names', { serverHostNames: [], serverIpAddresses: [] }, 'serverHostNames'],
    ['an IPv6 address with a zone', { serverIpAddresses: ['fe80::1%eth0'] }, 'serverIpAddresses[0]'],
  ])('refuses %s', async (_, changed, path) => {
    const { code, message } = await failure(changed);
    expect(code).toBe('INVALID_INPUT');
    expect(message).toContain(`${path}:`);
  });
});

describe('writeFacilityPki / readFacilityPki', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'facility-pki-'));
    await writeFacilityPki(pki, dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back exactly what was written', async () => {
    expect(await readFacilityPki(dir)).toEqual(pki);
  });

  it('writes DER, the PEM files a TLS peer is configured with, and an index.json without key material', async () => {
    expect((await readdir(dir)).sort()).toEqual(['ca', 'ca.pem', 'crl.der', 'crl.pem', 'facilities', 'index.json', 'server', 'server-key.pem', 'server.pem']);
    expect((await readdir(join(dir, 'facilities'))).sort()).toEqual(['0112345673', '1312345678', '2712345670']);
    expect((await readdir(join(dir, 'facilities', '1312345678'))).sort()).toEqual([
      'certificate.der',
      'certificate.pem',
      'private-key.pem',
      'private-key.pkcs8.der',
      'public-key.spki.der',
      'reader',
    ]);
    expect((await readdir(join(dir, 'facilities', '1312345678', 'reader'))).sort()).toEqual([
      'certificate.der',
      'certificate.pem',
      'private-key.pem',
      'private-key.pkcs8.der',
      'public-key.spki.der',
    ]);
    // Private keys are the owner's alone.
    for (const key of ['server-key.pem', 'facilities/1312345678/private-key.pem', 'facilities/1312345678/reader/private-key.pem', 'ca/private-key.pkcs8.der']) {
      expect((await stat(join(dir, key))).mode & 0o777).toBe(0o600);
    }
    expect((await stat(join(dir, 'facilities/1312345678/certificate.pem'))).mode & 0o077).not.toBe(0);
    expect(await readFile(join(dir, 'ca.pem'), 'utf8')).toBe(toPem(pki.ca.certificate, 'CERTIFICATE'));
    expect(await readFile(join(dir, 'server-key.pem'), 'utf8')).toBe(toPem(pki.server.privateKeyPkcs8, 'PRIVATE KEY'));
    expect(await readFile(join(dir, 'crl.pem'), 'utf8')).toBe(toPem(pki.crl, 'X509 CRL'));
    expect(new X509Certificate(await readFile(join(dir, 'facilities', '2712345670', 'certificate.pem'))).serialNumber).toBe(facility(1).serialNumberHex);
    const index = await readFile(join(dir, 'index.json'), 'utf8');
    expect(JSON.parse(index)).toMatchObject({ format: 'jpki-emu-facility-pki/2', facilities: [{ folder: 'facilities/1312345678', medicalInstitutionCode: '1312345678' }, {}, {}] });
    expect(index).not.toContain('privateKeyPkcs8');
  });

  it('refuses a missing index, another format, a missing or altered DER file and a folder outside', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'facility-pki-broken-'));
    try {
      const codeOf = async () => ((await readFacilityPki(broken).catch((error: unknown) => error)) as { code?: string }).code;
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
      await writeFacilityPki(pki, broken);
      expect(await codeOf()).toBeUndefined();
      const index = await readFile(join(broken, 'index.json'), 'utf8');
      await writeFile(join(broken, 'index.json'), index.replace('jpki-emu-facility-pki/2', 'other/9'));
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
      await writeFile(join(broken, 'index.json'), index.replace('"facilities/1312345678"', '"../../etc"'));
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
      await writeFile(join(broken, 'index.json'), index);
      await writeFile(join(broken, 'facilities', '1312345678', 'certificate.der'), pki.server.certificate);
      expect(await codeOf(), 'certificate.der no longer matches certificateSha256').toBe('MALFORMED_FOLDER');
      await writeFile(join(broken, 'facilities', '1312345678', 'certificate.der'), facility(0).certificate);
      expect(await codeOf()).toBeUndefined();
      await rm(join(broken, 'crl.der'));
      expect(await codeOf()).toBe('MALFORMED_FOLDER');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
