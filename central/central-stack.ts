import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCryptoEngine,
  generateFacilityPki,
  readFacilityPki,
  readTestPki,
  toPem,
  writeFacilityPki,
  type FacilityInput,
  type FacilityPki,
} from '../crypto/mock-ca';
import { createCardCertificateVerifier, type CardCertificateVerifier, type ResponderUrls, type RevocationPolicy } from '../crypto/verify';
import { FaultInjector, type FaultConfig } from './faults';
import { startJlisResponder, type JlisResponder } from './jlis';
import { startCentralServer, type CentralServer, type CentralServerOptions } from './server/central-server';
import { createFacilityRepository, createFaultSettings, createReaderKeyRepository, openCentralStore, seedCentralStore, type SeedReport, type SqliteDatabase } from './store';

/** The demo facilities of an embedded default: two that work and one whose certificate was revoked. */
export const DEMO_FACILITIES: ReadonlyArray<FacilityInput> = [
  { medicalInstitutionCode: '1399999999', name: '見本内科医院' },
  { medicalInstitutionCode: '1390000017', name: '見本調剤薬局' },
  { medicalInstitutionCode: '1390000025', name: '失効歯科医院', revoked: true },
];

export interface CentralStackOptions {
  /** Holds `central.sqlite` and `facility-pki/`; created when missing. */
  dataDir: string;
  personsDir?: string;
  /** The JPKI-like PKI of the mock CA (trust anchors, holders' certificates, revocations). */
  pkiDir?: string;
  facilities?: ReadonlyArray<FacilityInput>;
  port?: number;
  /** One clock for the server, the verifier's check time and the J-LIS responder. */
  now?: () => Date;
  faults?: FaultConfig;
  revocationPolicy?: Partial<RevocationPolicy>;
  server?: Omit<CentralServerOptions, 'tls' | 'db' | 'verifier' | 'port' | 'now' | 'faults'>;
}

export interface CentralStack {
  server: CentralServer;
  jlis: JlisResponder;
  db: SqliteDatabase;
  facilityPki: FacilityPki;
  facilityPkiDir: string;
  seed: SeedReport;
  stop(): Promise<void>;
}

/** What every server process shares, made ready in one folder: the store and the facility PKI. */
export interface PreparedCentralData {
  db: SqliteDatabase;
  facilityPki: FacilityPki;
  facilityPkiDir: string;
  databaseFile: string;
  seed: SeedReport;
}

/**
 * Makes the folder ready: a facility PKI (generated on first start, re-generated when its certificates
 * have run out), the SQLite store seeded from the fixture people with the facilities and their reader
 * keys registered, and the fault settings of this start. The caller closes `db`.
 */
export async function prepareCentralData(options: Pick<CentralStackOptions, 'dataDir' | 'personsDir' | 'pkiDir' | 'facilities' | 'faults'>): Promise<PreparedCentralData> {
  await mkdir(options.dataDir, { recursive: true });
  const facilityPkiDir = join(options.dataDir, 'facility-pki');
  const facilityPki = await facilityPkiIn(facilityPkiDir, options.facilities ?? DEMO_FACILITIES);
  const databaseFile = join(options.dataDir, 'central.sqlite');
  const db = openCentralStore(databaseFile);
  try {
    const seed = await seedCentralStore(db, { personsDir: options.personsDir ?? 'fixtures/persons', pkiDir: options.pkiDir ?? 'fixtures/pki' });
    const facilities = createFacilityRepository(db);
    const readerKeys = createReaderKeyRepository(db);
    for (const facility of facilityPki.facilities) {
      const facilityId = facilities.register({ medicalInstitutionCode: facility.medicalInstitutionCode, name: facility.name, clientCertificateSha256: facility.certificateSha256 });
      readerKeys.register(facilityId, facility.readerKey.publicKeySpki);
    }
    // The configuration given at start (or none) becomes the one every server process follows; a
    // configuration left in the store by an earlier run does not carry over.
    createFaultSettings(db).write(options.faults === undefined ? undefined : new FaultInjector(options.faults).current());
    return { db, facilityPki, facilityPkiDir, databaseFile, seed };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The card-certificate verifier over the mock CA's trust anchors and a J-LIS responder's URLs. */
export async function createCentralVerifier(pkiDir: string, responders: ResponderUrls, policy?: Partial<RevocationPolicy>): Promise<CardCertificateVerifier> {
  const created = await createCardCertificateVerifier(
    { trustStorePath: join(pkiDir, 'ca'), responders, ...(policy === undefined ? {} : { policy }) },
    { engine: createCryptoEngine() },
  );
  if (!created.ok) throw new Error(`trust store: ${created.code}`);
  return created.verifier;
}

/** The TLS settings of the server from the facility PKI. */
export function serverTlsOf(facilityPki: FacilityPki): CentralServerOptions['tls'] {
  return {
    key: toPem(facilityPki.server.privateKeyPkcs8, 'PRIVATE KEY'),
    cert: toPem(facilityPki.server.certificate, 'CERTIFICATE'),
    ca: toPem(facilityPki.ca.certificate, 'CERTIFICATE'),
    crl: toPem(facilityPki.crl, 'X509 CRL'),
  };
}

/**
 * Everything the mock central system needs in one process, from one folder: the prepared store and
 * facility PKI, the J-LIS-like revocation responder, the card-certificate verifier and the HTTPS server.
 */
export async function startCentralStack(options: CentralStackOptions): Promise<CentralStack> {
  const now = options.now ?? (() => new Date());
  const pkiDir = options.pkiDir ?? 'fixtures/pki';
  const prepared = await prepareCentralData(options);
  const { db, facilityPki, facilityPkiDir, seed } = prepared;
  const stops: Array<() => Promise<void> | void> = [() => db.close()];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const pki = await readTestPki(pkiDir);
    const jlis = await startJlisResponder({ pki, engine: createCryptoEngine(), now });
    stops.push(() => jlis.stop());
    const verifier = await createCentralVerifier(pkiDir, { ocspUrl: jlis.ocspUrl, crlUrlByGeneration: jlis.userAuthCrlUrls() }, options.revocationPolicy);
    const server = await startCentralServer({
      ...options.server,
      tls: serverTlsOf(facilityPki),
      db,
      verifier,
      now,
      ...(options.port === undefined ? {} : { port: options.port }),
      faults: new FaultInjector(),
    });
    stops.push(() => server.stop());
    return { server, jlis, db, facilityPki, facilityPkiDir, seed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The folder's facility PKI when it is there, covers these facilities and is still valid; else a new one. */
async function facilityPkiIn(dir: string, facilities: ReadonlyArray<FacilityInput>): Promise<FacilityPki> {
  const realNow = Date.now();
  // A folder of an older format (or a broken one) is made anew, like an expired one.
  const stored = (await exists(join(dir, 'index.json'))) ? await readFacilityPki(dir).catch(() => undefined) : undefined;
  if (stored !== undefined) {
    const sameFacilities =
      stored.facilities.length === facilities.length &&
      facilities.every((wanted, index) => {
        const held = stored.facilities[index];
        return held !== undefined && held.medicalInstitutionCode === wanted.medicalInstitutionCode && held.name === wanted.name && held.revoked === (wanted.revoked ?? false);
      });
    // TLS checks validity by the real clock, whatever clock the mock is given.
    if (sameFacilities && Date.parse(stored.server.notAfter) > realNow + 24 * 60 * 60 * 1000) return stored;
  }
  // Started a month back, so the CRL's thisUpdate is already past for the TLS layer.
  const startDate = new Date(realNow - 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const pki = await generateFacilityPki({ seed: `central-facility-pki/${startDate}`, startDate, facilities }, createCryptoEngine());
  await writeFacilityPki(pki, dir);
  return pki;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
