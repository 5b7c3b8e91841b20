import type * as pkijs from 'pkijs';
import type { CaGenerationAuthority, IssuingAuthority } from './ca';
import { signCertificate } from './certificate-builder';
import type { PkiCryptoEngine } from '../engine';
import { endOfJstDay, startOfJstDay } from './dates';
import { drbg } from './drbg';
import { MockCaError } from './errors';
import {
  authorityKeyIdentifier,
  certificatePolicies,
  crlDistributionPoint,
  issuerAltNameDirectory,
  JPKI_OTHER_NAME_OIDS,
  JPKI_POLICY_OIDS,
  keyIdentifierOf,
  keyUsage,
  ocspAuthorityInfoAccess,
  subjectAltNameOtherNames,
  subjectKeyIdentifier,
} from './extensions';
import type { KeyUsageName } from './extensions';
import { eraPrefixedBirthDate } from '../../kernel/card/japanese-era';
import { JPKI_SERVICE_NAME, signingSubjectName, userAuthSubjectName } from './names';
import type { DistinguishedName } from './names';
import { opaqueSubjectId } from './opaque-id';
import { generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';
import { randomSerialNumber } from './serial-numbers';
import type { CardHolderInput } from './types';

/**
 * End-entity certificates: a card holder's 利用者証明用 and 署名用 certificates (card.md §6), and the
 * service certificates of the card-face key and the stand-in terminal key. Each gets its own key,
 * serial and subject id from its own labelled random stream.
 */
export interface IssuedLeaf {
  keyPair: RsaKeyPair;
  certificate: Uint8Array;
  serialNumber: Uint8Array;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
}

export interface IssuedHolderLeaf extends IssuedLeaf {
  subjectId: string;
}

interface LeafContent {
  keyLabel: string;
  serialLabel: string;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** Extensions that depend on the certificate kind; key identifiers are added by issueLeaf. */
  extensions: pkijs.Extension[];
}

async function issueLeaf(seed: string, content: LeafContent, issuer: IssuingAuthority, engine: PkiCryptoEngine): Promise<IssuedLeaf> {
  if (content.notBefore < issuer.notBefore || content.notAfter > issuer.notAfter) {
    throw new MockCaError(
      'LEAF_OUTLIVES_CA',
      `a certificate valid ${content.notBefore.toISOString()}…${content.notAfter.toISOString()} does not fit its CA's ` +
        `${issuer.notBefore.toISOString()}…${issuer.notAfter.toISOString()}`,
    );
  }
  const keyPair = generateRsaKeyPair(drbg(seed, content.keyLabel));
  const serialNumber = randomSerialNumber(drbg(seed, content.serialLabel));
  const extensions = [
    ...content.extensions,
    authorityKeyIdentifier(issuer.keyIdentifier),
    subjectKeyIdentifier(keyIdentifierOf(keyPair.publicKeySpki)),
  ];
  const certificate = await signCertificate(
    {
      serialNumber,
      issuer: issuer.name,
      subject: content.subject,
      notBefore: content.notBefore,
      notAfter: content.notAfter,
      subjectPublicKeySpki: keyPair.publicKeySpki,
      extensions,
    },
    issuer.signingKey,
    engine,
  );
  return { keyPair, certificate, serialNumber, subject: content.subject, notBefore: content.notBefore, notAfter: content.notAfter };
}

/** CRL distribution point and OCSP responder of the issuing generation, when it names them. */
function revocationPointers(issuer: CaGenerationAuthority): pkijs.Extension[] {
  return [
    ...(issuer.crlDistributionPointUrl === undefined ? [] : [crlDistributionPoint(issuer.crlDistributionPointUrl)]),
    ...(issuer.ocspResponderUrl === undefined ? [] : [ocspAuthorityInfoAccess(issuer.ocspResponderUrl)]),
  ];
}

function holderValidity(holder: CardHolderInput): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: startOfJstDay(holder.userAuthCertificate.issueDate),
    notAfter: endOfJstDay(holder.userAuthCertificate.expiryDate),
  };
}

/** 利用者証明用: subject C=JP, CN=<opaque id>; nothing in it names the person. */
export async function issueUserAuthCertificate(
  seed: string,
  holder: CardHolderInput,
  issuer: CaGenerationAuthority,
  engine: PkiCryptoEngine,
): Promise<IssuedHolderLeaf> {
  const subjectId = opaqueSubjectId(drbg(seed, `user-auth-subject/${holder.id}`), holder.municipalityCode);
  const leaf = await issueLeaf(
    seed,
    {
      keyLabel: `user-auth-key/${holder.id}`,
      serialLabel: `user-auth-serial/${holder.id}`,
      subject: userAuthSubjectName(subjectId),
      ...holderValidity(holder),
      extensions: [
        keyUsage(['digitalSignature']),
        certificatePolicies([JPKI_POLICY_OIDS.userAuthentication]),
        issuerAltNameDirectory(JPKI_SERVICE_NAME),
        ...revocationPointers(issuer),
      ],
    },
    issuer,
    engine,
  );
  return { ...leaf, subjectId };
}

/**
 * 署名用: subject C=JP, L=<prefecture>, L=<city>, CN=<opaque id>, and the 基本4情報 in SAN otherNames.
 * Its opaque id is drawn separately from the 利用者証明用 one, so the two certificates cannot be
 * linked by subject.
 */
export async function issueSigningCertificate(
  seed: string,
  holder: CardHolderInput,
  issuer: CaGenerationAuthority,
  engine: PkiCryptoEngine,
): Promise<IssuedHolderLeaf> {
  const subjectId = opaqueSubjectId(drbg(seed, `signing-subject/${holder.id}`), holder.municipalityCode);
  const birthDate = eraPrefixedBirthDate(holder.birthDate);
  if (birthDate === undefined) throw new MockCaError('INVALID_INPUT', `${holder.id}: birth date ${holder.birthDate} is before 明治`);
  const leaf = await issueLeaf(
    seed,
    {
      keyLabel: `signing-key/${holder.id}`,
      serialLabel: `signing-serial/${holder.id}`,
      subject: signingSubjectName(holder.prefecture, holder.city, subjectId),
      ...holderValidity(holder),
      extensions: [
        keyUsage(['digitalSignature', 'nonRepudiation']),
        certificatePolicies([JPKI_POLICY_OIDS.digitalSignature]),
        subjectAltNameOtherNames([
          { typeId: JPKI_OTHER_NAME_OIDS.name, value: holder.name },
          { typeId: JPKI_OTHER_NAME_OIDS.gender, value: holder.sex },
          { typeId: JPKI_OTHER_NAME_OIDS.birthDate, value: birthDate },
          { typeId: JPKI_OTHER_NAME_OIDS.address, value: holder.address },
        ]),
        issuerAltNameDirectory(JPKI_SERVICE_NAME),
        ...revocationPointers(issuer),
      ],
    },
    issuer,
    engine,
  );
  return { ...leaf, subjectId };
}

/** The card-face signing key's or the terminal's certificate: valid as long as its CA. */
export async function issueServiceCertificate(
  seed: string,
  service: { label: string; subject: DistinguishedName; keyUsages: ReadonlyArray<KeyUsageName> },
  issuer: IssuingAuthority,
  engine: PkiCryptoEngine,
): Promise<IssuedLeaf> {
  return issueLeaf(
    seed,
    {
      keyLabel: `${service.label}/key`,
      serialLabel: `${service.label}/serial`,
      subject: service.subject,
      notBefore: issuer.notBefore,
      notAfter: issuer.notAfter,
      extensions: [keyUsage(service.keyUsages)],
    },
    issuer,
    engine,
  );
}
