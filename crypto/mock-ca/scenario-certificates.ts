import type * as pkijs from 'pkijs';
import type { PkiCryptoEngine } from '../engine';
import { drbg } from './drbg';
import {
  basicConstraints,
  certificatePolicies,
  crlDistributionPoint,
  issuerAltNameDirectory,
  JPKI_POLICY_OIDS,
  keyUsage,
  ocspAuthorityInfoAccess,
} from './extensions';
import type { KeyUsageName } from './extensions';
import { signUnderCa } from './issued-under';
import { JPKI_SERVICE_NAME, userAuthSubjectName } from './names';
import { opaqueSubjectId } from './opaque-id';
import { randomSerialNumber, serialNumberToHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * Leaf certificates for verifier scenarios (wrong key usage, missing policy, not yet valid, a
 * benchmark's thousand cards, …). They reuse a subject key the caller already has, because a
 * verifier's work does not depend on the key being unique and RSA key generation is slow. Serial and
 * subject id come from the seed and the scenario label: same label, same certificate.
 */
export interface ScenarioCertificateSpec {
  /** Unique per scenario; names the random streams (`scenario-serial/<label>`, …). */
  label: string;
  subjectPublicKeySpki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** Default ['digitalSignature'] (a 利用者証明用 certificate). */
  keyUsages?: ReadonlyArray<KeyUsageName>;
  /** Default the 利用者証明用 policy; [] leaves certificatePolicies out. */
  policyOids?: ReadonlyArray<string>;
  /** Adds basicConstraints; true makes an end entity that claims to be a CA. */
  basicConstraintsCa?: boolean;
  /** Default '131016' (千代田区). */
  municipalityCode?: string;
  crlDistributionPointUrl?: string;
  ocspResponderUrl?: string;
}

export interface ScenarioCertificate {
  certificate: Uint8Array;
  serialNumberHex: string;
  subjectId: string;
}

export async function issueScenarioCertificate(
  seed: string,
  ca: KeyAndCertificate,
  spec: ScenarioCertificateSpec,
  engine: PkiCryptoEngine,
): Promise<ScenarioCertificate> {
  const serialNumber = randomSerialNumber(drbg(seed, `scenario-serial/${spec.label}`));
  const subjectId = opaqueSubjectId(drbg(seed, `scenario-subject/${spec.label}`), spec.municipalityCode ?? '131016');
  const policyOids = spec.policyOids ?? [JPKI_POLICY_OIDS.userAuthentication];
  const extensions: pkijs.Extension[] = [
    keyUsage(spec.keyUsages ?? ['digitalSignature']),
    ...(policyOids.length === 0 ? [] : [certificatePolicies(policyOids)]),
    ...(spec.basicConstraintsCa === undefined ? [] : [basicConstraints(spec.basicConstraintsCa)]),
    issuerAltNameDirectory(JPKI_SERVICE_NAME),
    ...(spec.crlDistributionPointUrl === undefined ? [] : [crlDistributionPoint(spec.crlDistributionPointUrl)]),
    ...(spec.ocspResponderUrl === undefined ? [] : [ocspAuthorityInfoAccess(spec.ocspResponderUrl)]),
  ];
  const certificate = await signUnderCa(
    ca,
    {
      serialNumber,
      subject: userAuthSubjectName(subjectId),
      notBefore: spec.notBefore,
      notAfter: spec.notAfter,
      subjectPublicKeySpki: spec.subjectPublicKeySpki,
      extensions,
    },
    engine,
  );
  return { certificate, serialNumberHex: serialNumberToHex(serialNumber), subjectId };
}
