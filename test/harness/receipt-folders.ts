// Helpers for tests and benchmarks of the レセコン folders against the real central mock: the terminal's
// central client for a facility of a TestCentral, consents registered the way a reader does, request
// files of each family built from the fixture persons, and dropping them as a レセコン does.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPersons } from '../../central/seed/load-persons';
import type { Person } from '../../central/seed/person-schema';
import { readFacilityPki, toPem, type FacilityPki } from '../../crypto/mock-ca';
import type { ConsentAnswers } from '../../flow/ports/central-system';
import { encodeShiftJis } from '../../oqs/encoding/shift-jis-encoder';
import { createOqsCentralSystem, type CentralClientConfig, type OqsCentralSystem } from '../../oqs/client';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURE_PERSONS = loadPersons(join(root, 'fixtures/persons'));

export type RequestEncoding = 'Shift_JIS' | 'UTF-8';

export function person(id: string): Person {
  const found = FIXTURE_PERSONS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no fixture person ${id}`);
  return found;
}

/** The facility's central client as the terminal composes it, from the facility PKI the central stack wrote. */
export function folderCentralClient(
  pki: FacilityPki,
  baseUrl: string,
  code: string,
  now: () => Date,
  overrides: Partial<CentralClientConfig> = {},
): OqsCentralSystem {
  const entry = pki.facilities.find((facility) => facility.medicalInstitutionCode === code);
  if (entry === undefined) throw new Error(`no facility ${code}`);
  const created = createOqsCentralSystem(
    {
      baseUrl,
      medicalInstitutionCode: code,
      tls: { ca: toPem(pki.ca.certificate, 'CERTIFICATE'), clientCertificate: entry.certificate, clientKey: entry.privateKeyPkcs8 },
      reader: { privateKey: entry.readerKey.privateKeyPkcs8, certificate: entry.readerKey.certificate },
      ...overrides,
    },
    { now },
  );
  if (!created.ok) throw new Error(created.detail);
  return created.central;
}

export async function folderCentralClientFromDir(facilityPkiDir: string, baseUrl: string, code: string, now: () => Date, overrides: Partial<CentralClientConfig> = {}): Promise<OqsCentralSystem> {
  return folderCentralClient(await readFacilityPki(facilityPkiDir), baseUrl, code, now, overrides);
}

/** The person at the reader agrees to `consents` (顔認証, attested by the facility's reader key): 24 hours of viewing. */
export async function registerConsent(client: OqsCentralSystem, certificateDer: Uint8Array, consents: ConsentAnswers, receptionId: string): Promise<void> {
  const issued = await client.presenceChallenge();
  if ('ok' in issued) throw new Error(`no challenge: ${issued.code}`);
  const answer = await client.confirmByCard({ certificateDer, method: 'face', consents, receptionId, proof: { kind: 'reader-attestation', challenge: issued.challenge } });
  if (!answer.ok) throw new Error(`consent not registered: ${answer.code} ${answer.centralCode ?? ''}`);
}

const declaration = (encoding: RequestEncoding) => `<?xml version="1.0" encoding="${encoding}" standalone="no"?>\n`;
const compact = (date: string) => date.replace(/-/g, '');
const optional = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${value}</${name}>`);

function searchInfo(who: Person, arbitraryIdentifier?: string): string {
  const insurance = who.insurance[0]!;
  return `<QualificationConfirmSearchInfo><InsurerNumber>${insurance.InsurerNumber}</InsurerNumber>${optional('InsuredCardSymbol', insurance.InsuredCardSymbol)}<InsuredIdentificationNumber>${insurance.InsuredIdentificationNumber}</InsuredIdentificationNumber>${optional('InsuredBranchNumber', insurance.InsuredBranchNumber)}<Birthdate>${compact(who.birthDate)}</Birthdate>${optional('ArbitraryIdentifier', arbitraryIdentifier)}</QualificationConfirmSearchInfo>`;
}

function medicalKeys(who: Person): string {
  const insurance = who.insurance[0]!;
  return `<InsurerNumber>${insurance.InsurerNumber}</InsurerNumber>${optional('InsuranceCardSymbol', insurance.InsuredCardSymbol)}<InsuredPersonIdentificationNumber>${insurance.InsuredIdentificationNumber}</InsuredPersonIdentificationNumber>${optional('BranchNumber', insurance.InsuredBranchNumber)}`;
}

/** Request texts of each family of §6 for fixture persons, as a レセコン writes them. */
export const requestText = {
  qualification: (encoding: RequestEncoding, facility: string, who: Person, id: string, date = '20261121') =>
    `${declaration(encoding)}<XmlMsg><MessageHeader><QualificationConfirmationDate>${date}</QualificationConfirmationDate><MedicalInstitutionCode>${facility}</MedicalInstitutionCode><ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>\n<MessageBody>${searchInfo(who)}</MessageBody></XmlMsg>\n`,
  bulkUpload: (encoding: RequestEncoding, facility: string, people: readonly Person[], id: string, date = '20261121') =>
    `${declaration(encoding)}<XmlMsg><MessageHeader><QualificationConfirmationDate>${date}</QualificationConfirmationDate><MedicalInstitutionCode>${facility}</MedicalInstitutionCode><ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>\n<MessageBody>${people.map((who) => searchInfo(who, `PT-${who.id}`)).join('')}</MessageBody></XmlMsg>\n`,
  bulkResult: (encoding: RequestEncoding, facility: string, receptionNumber: string) =>
    `${declaration(encoding)}<XmlMsg><MessageHeader><MedicalInstitutionCode>${facility}</MedicalInstitutionCode></MessageHeader>\n<MessageBody><ReceptionNumber>${receptionNumber}</ReceptionNumber></MessageBody></XmlMsg>\n`,
  referenceNumber: (encoding: RequestEncoding, facility: string, who: Person, referenceNumber: string, id: string) => {
    const insurance = who.insurance[0]!;
    return `${declaration(encoding)}<XmlMsg><MessageHeader><MedicalInstitutionCode>${facility}</MedicalInstitutionCode><ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>\n<MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>${referenceNumber}</ReferenceNumber><InsurerNumber>${insurance.InsurerNumber}</InsurerNumber>${optional('InsuredCardSymbol', insurance.InsuredCardSymbol)}<InsuredIdentificationNumber>${insurance.InsuredIdentificationNumber}</InsuredIdentificationNumber>${optional('InsuredBranchNumber', insurance.InsuredBranchNumber)}<Birthdate>${compact(who.birthDate)}</Birthdate></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>\n`;
  },
  drugInfo: (encoding: RequestEncoding, facility: string, who: Person, id: string, months = { start: '202101', end: '202612' }) =>
    `${declaration(encoding)}<XmlMsg><MessageHeader><MedicalInstitutionCode>${facility}</MedicalInstitutionCode>${medicalKeys(who)}<ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>\n<MessageBody><StartDate>${months.start}</StartDate><EndDate>${months.end}</EndDate><FileCategory>2</FileCategory><PrDiInfClassification>1</PrDiInfClassification><MedicalTreatmentFlag>1</MedicalTreatmentFlag></MessageBody></XmlMsg>\n`,
  checkup: (encoding: RequestEncoding, facility: string, who: Person, id: string) =>
    `${declaration(encoding)}<XmlMsg><MessageHeader><MedicalInstitutionCode>${facility}</MedicalInstitutionCode>${medicalKeys(who)}<ArbitraryFileIdentifier>${id}</ArbitraryFileIdentifier></MessageHeader>\n<MessageBody><FileCategory>2</FileCategory><PrDiInfClassification>1</PrDiInfClassification><MedicalTreatmentFlag>1</MedicalTreatmentFlag></MessageBody></XmlMsg>\n`,
};

/** The bytes of a request text in its declared encoding (a request never needs a character Shift_JIS lacks). */
export function encoded(text: string, encoding: RequestEncoding): Uint8Array {
  if (encoding === 'UTF-8') return new TextEncoder().encode(text);
  const { bytes, substituted } = encodeShiftJis(text);
  if (substituted.length > 0) throw new Error('a request text with characters outside Shift_JIS');
  return bytes;
}

/** Drops a finished file the way §2.1 asks a レセコン to: written beside the folder, then moved in. */
export async function dropRequest(reqFolder: string, name: string, bytes: Uint8Array | string): Promise<void> {
  const staging = join(reqFolder, '..', 'staging');
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, name), bytes);
  await rename(join(staging, name), join(reqFolder, name));
}

/** yyyyMMdd of a fixture date (yyyy-MM-dd). */
export { compact as compactDate };
