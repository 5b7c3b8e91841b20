import type { PkiCryptoEngine } from '../engine';
import { endOfJstDay, startOfJstDay } from './dates';
import { MockCaError } from './errors';
import { issueScenarioCertificate } from './scenario-certificates';
import type { ScenarioCertificate } from './scenario-certificates';
import type { CaGeneration, KeyAndCertificate, TestPki } from './types';

/**
 * The certificates a verifier's scenario table needs beyond the holders' own, all issued under the
 * TestPki's CAs over an existing holder key, with fixed dates, so they follow from the seed alone.
 * Every one is valid 2024-04-01 … 2029-03-31 (JST) unless the scenario is about dates.
 */
export interface VerifierScenarioCertificates {
  /** keyUsage keyEncipherment only. */
  wrongKeyUsage: ScenarioCertificate;
  /** No certificatePolicies. */
  policyMissing: ScenarioCertificate;
  /** basicConstraints cA=TRUE on a card certificate. */
  endEntityClaimsCa: ScenarioCertificate;
  /** Valid from 2030-01-01: not yet valid at any check time before. */
  notYetValid: ScenarioCertificate;
  /** Issued by the card-face CA, a name no JPKI trust store holds. */
  foreignIssuer: ScenarioCertificate;
  /** Names the newest user-auth CA (name and key id) but is signed with another key. */
  forgedSignature: ScenarioCertificate;
  /** Correct in every way but never registered: a responder answers "unknown". */
  unregistered: ScenarioCertificate;
}

export const SCENARIO_VALIDITY = { from: '2024-04-01', to: '2029-03-31' } as const;

function newestGeneration(generations: ReadonlyArray<CaGeneration>, at: Date): CaGeneration {
  const valid = generations.filter((generation) => new Date(generation.notBefore) <= at && at <= new Date(generation.notAfter));
  const newest = valid.sort((a, b) => b.notBefore.localeCompare(a.notBefore))[0];
  if (!newest) throw new MockCaError('NO_CA_GENERATION', `no user-auth CA generation is valid at ${at.toISOString()}`);
  return newest;
}

/** A holder key to reuse: the first holder's 利用者証明用 key. */
function subjectKey(pki: TestPki): Uint8Array {
  const first = Object.values(pki.holders)[0];
  if (!first) throw new MockCaError('INVALID_INPUT', 'the mock CA has no holders');
  return first.userAuth.publicKeySpki;
}

export async function generateVerifierScenarios(pki: TestPki, engine: PkiCryptoEngine): Promise<VerifierScenarioCertificates> {
  const notBefore = startOfJstDay(SCENARIO_VALIDITY.from);
  const notAfter = endOfJstDay(SCENARIO_VALIDITY.to);
  const ca = newestGeneration(pki.caGenerations.userAuth, notBefore);
  const key = subjectKey(pki);
  const issue = (label: string, issuer: KeyAndCertificate, extra: Partial<Parameters<typeof issueScenarioCertificate>[2]> = {}) =>
    issueScenarioCertificate(pki.seed, issuer, { label, subjectPublicKeySpki: key, notBefore, notAfter, ...extra }, engine);
  // The forger has the CA's certificate (public) but signs with a key of its own: here the card-face CA's.
  const forger: KeyAndCertificate = { ...ca, privateKeyPkcs8: pki.cardFace.ca.privateKeyPkcs8 };
  return {
    wrongKeyUsage: await issue('wrong-key-usage', ca, { keyUsages: ['keyEncipherment'] }),
    policyMissing: await issue('policy-missing', ca, { policyOids: [] }),
    endEntityClaimsCa: await issue('end-entity-claims-ca', ca, { basicConstraintsCa: true }),
    notYetValid: await issue('not-yet-valid', ca, { notBefore: startOfJstDay('2030-01-01'), notAfter: endOfJstDay('2032-12-31') }),
    foreignIssuer: await issue('foreign-issuer', pki.cardFace.ca),
    forgedSignature: await issue('forged-signature', forger),
    unregistered: await issue('unregistered', ca),
  };
}

/**
 * `count` distinct 利用者証明用 certificates for a benchmark, issued by the newest user-auth CA over a
 * handful of holder keys (a verifier's work does not depend on keys being unique).
 */
export async function issueBenchmarkCertificates(pki: TestPki, count: number, engine: PkiCryptoEngine): Promise<ScenarioCertificate[]> {
  const notBefore = startOfJstDay(SCENARIO_VALIDITY.from);
  const notAfter = endOfJstDay(SCENARIO_VALIDITY.to);
  const ca = newestGeneration(pki.caGenerations.userAuth, notBefore);
  const keys = Object.values(pki.holders).slice(0, 8).map((holder) => holder.userAuth.publicKeySpki);
  if (keys.length === 0) throw new MockCaError('INVALID_INPUT', 'the mock CA has no holders');
  const certificates: ScenarioCertificate[] = [];
  for (let index = 0; index < count; index += 1) {
    const subjectPublicKeySpki = keys[index % keys.length] as Uint8Array;
    certificates.push(await issueScenarioCertificate(pki.seed, ca, { label: `benchmark/${index}`, subjectPublicKeySpki, notBefore, notAfter }, engine));
  }
  return certificates;
}
