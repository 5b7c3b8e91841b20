import { importSigningKey, signCertificate } from './certificate-builder';
import type { PkiCryptoEngine, WebCryptoKey } from '../engine';
import { addYears, endOfJstDay, previousDay, startOfJstDay } from './dates';
import { DEFAULT_CA_VALID_YEARS } from './defaults';
import { drbg } from './drbg';
import { MockCaError } from './errors';
import { basicConstraintsCa, keyIdentifierOf, keyUsage, subjectKeyIdentifier } from './extensions';
import { SIGNING_CA_NAME, USER_AUTH_CA_NAME } from './names';
import type { DistinguishedName } from './names';
import { generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';
import { serialNumberFromHex } from './serial-numbers';
import type { JpkiCertificateKind } from './revocations';
import type { CaGenerationInput, CardHolderInput } from './types';

/**
 * Self-signed, single-tier CAs: the JPKI CA generations (one DN per kind, a new key per generation)
 * and the small CAs of the card-face key and the stand-in terminal key.
 */
export interface IssuingAuthority {
  name: DistinguishedName;
  keyPair: RsaKeyPair;
  /** Its subjectKeyIdentifier, which its leaves carry as authorityKeyIdentifier. */
  keyIdentifier: Uint8Array;
  /** Imported once for signing everything this CA issues. */
  signingKey: WebCryptoKey;
  serialNumber: Uint8Array;
  certificate: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

export interface RootAuthoritySpec {
  /** The random-stream label of its key, e.g. `ca-key/user-auth/2015-10-20`. */
  keyLabel: string;
  name: DistinguishedName;
  startDate: string;
  validYears: number;
  serialNumber: Uint8Array;
}

/** From 00:00 JST on the start date to the second before the same time `validYears` later. */
export function authorityValidity(startDate: string, validYears: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: startOfJstDay(startDate), notAfter: endOfJstDay(previousDay(addYears(startDate, validYears))) };
}

export async function createRootAuthority(seed: string, spec: RootAuthoritySpec, engine: PkiCryptoEngine): Promise<IssuingAuthority> {
  const keyPair = generateRsaKeyPair(drbg(seed, spec.keyLabel));
  const keyIdentifier = keyIdentifierOf(keyPair.publicKeySpki);
  const signingKey = await importSigningKey(keyPair.privateKeyPkcs8, engine);
  const validity = authorityValidity(spec.startDate, spec.validYears);
  const certificate = await signCertificate(
    {
      serialNumber: spec.serialNumber,
      issuer: spec.name,
      subject: spec.name,
      ...validity,
      subjectPublicKeySpki: keyPair.publicKeySpki,
      extensions: [basicConstraintsCa(), keyUsage(['keyCertSign', 'cRLSign']), subjectKeyIdentifier(keyIdentifier)],
    },
    signingKey,
    engine,
  );
  return { name: spec.name, keyPair, keyIdentifier, signingKey, serialNumber: spec.serialNumber, certificate, ...validity };
}

export interface CaGenerationAuthority extends IssuingAuthority {
  kind: JpkiCertificateKind;
  /** Its start date. */
  generation: string;
  crlDistributionPointUrl?: string;
  ocspResponderUrl?: string;
}

const CA_NAMES: Readonly<Record<JpkiCertificateKind, DistinguishedName>> = {
  'user-auth': USER_AUTH_CA_NAME,
  signing: SIGNING_CA_NAME,
};

/** A CA serial in the real ones' shape when the input gives none: 4 octets, positive. */
function derivedCaSerialNumber(seed: string, kind: JpkiCertificateKind, startDate: string): Uint8Array {
  const bytes = drbg(seed, `ca-serial/${kind}/${startDate}`).nextBytes(4);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
}

export async function createCaGenerations(
  seed: string,
  kind: JpkiCertificateKind,
  generations: ReadonlyArray<CaGenerationInput>,
  engine: PkiCryptoEngine,
): Promise<CaGenerationAuthority[]> {
  const authorities: CaGenerationAuthority[] = [];
  for (const generation of generations) {
    const authority = await createRootAuthority(
      seed,
      {
        keyLabel: `ca-key/${kind}/${generation.startDate}`,
        name: CA_NAMES[kind],
        startDate: generation.startDate,
        validYears: generation.validYears ?? DEFAULT_CA_VALID_YEARS,
        serialNumber:
          generation.serialNumberHex === undefined
            ? derivedCaSerialNumber(seed, kind, generation.startDate)
            : serialNumberFromHex(generation.serialNumberHex),
      },
      engine,
    );
    authorities.push({
      ...authority,
      kind,
      generation: generation.startDate,
      ...(generation.crlDistributionPointUrl === undefined ? {} : { crlDistributionPointUrl: generation.crlDistributionPointUrl }),
      ...(generation.ocspResponderUrl === undefined ? {} : { ocspResponderUrl: generation.ocspResponderUrl }),
    });
  }
  return authorities;
}

/**
 * The generation that issues on a given day: the newest one valid then. (J-LIS switches issuance to a
 * new generation when it starts; the older one keeps only its CRLs and OCSP until it expires.)
 */
export function selectGenerationAt<T extends { notBefore: Date; notAfter: Date }>(generations: ReadonlyArray<T>, at: Date): T | undefined {
  let newest: T | undefined;
  for (const generation of generations) {
    if (generation.notBefore <= at && at <= generation.notAfter && (!newest || generation.notBefore > newest.notBefore)) newest = generation;
  }
  return newest;
}

/**
 * Which generation issues a holder's certificate of `kind`, decided from the input alone so a bad date
 * fails before any key is generated. Throws NO_CA_GENERATION when none is valid on the issue day and
 * LEAF_OUTLIVES_CA when the certificate would expire after its CA.
 */
export function chooseIssuingGeneration(generations: ReadonlyArray<CaGenerationInput>, kind: JpkiCertificateKind, holder: CardHolderInput): string {
  const windows = generations.map((generation) => ({
    generation: generation.startDate,
    ...authorityValidity(generation.startDate, generation.validYears ?? DEFAULT_CA_VALID_YEARS),
  }));
  const { issueDate, expiryDate } = holder.userAuthCertificate;
  const chosen = selectGenerationAt(windows, startOfJstDay(issueDate));
  if (!chosen) throw new MockCaError('NO_CA_GENERATION', `${holder.id}: no ${kind} CA generation is valid on ${issueDate}`);
  if (endOfJstDay(expiryDate) > chosen.notAfter) {
    throw new MockCaError(
      'LEAF_OUTLIVES_CA',
      `${holder.id}: a ${kind} certificate valid to ${expiryDate} would outlive CA generation ${chosen.generation} (to ${chosen.notAfter.toISOString()})`,
    );
  }
  return chosen.generation;
}
