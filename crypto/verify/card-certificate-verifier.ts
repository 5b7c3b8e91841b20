import type * as pkijs from 'pkijs';
import type { CertVerifier, VerifiedCertificate } from '../../flow/ports/cert-verifier';
import { validateUserAuthCertificate } from './chain';
import { CrlCache } from './crl';
import { createNodeHttpFetch } from './http-fetch';
import type { HttpFetch } from './http-fetch';
import { nodeRandomBytes } from './random';
import type { RandomBytes } from './random';
import type { VerificationFailure } from './result-codes';
import { decideRevocation } from './revocation';
import { DEFAULT_REVOCATION_POLICY } from './revocation-policy';
import type { ResponderUrls, RevocationPolicy } from './revocation-policy';
import { CertificateSignatureChecker } from './signature-check';
import { loadTrustStore } from './trust-store';
import type { TrustStore } from './trust-store';

/**
 * The 利用者証明用 certificate check of a card, the way a registered verifier does it: chain, then
 * revocation. Built once with its trust store, engine, HTTP function and CRL cache; `verify` takes
 * the check time as an argument (nothing here reads the clock).
 */
export interface CardCertificateVerifierConfig {
  /** Folder of trust anchors (see trust-store.ts). */
  trustStorePath: string;
  responders?: ResponderUrls;
  policy?: Partial<RevocationPolicy>;
}

export interface CardCertificateVerifierDependencies {
  engine: pkijs.CryptoEngine;
  fetch?: HttpFetch;
  random?: RandomBytes;
  crlCache?: CrlCache;
}

export type VerifiedCardCertificate = VerifiedCertificate;

export type CardCertificateVerification = VerifiedCardCertificate | VerificationFailure;

export class CardCertificateVerifier implements CertVerifier {
  readonly policy: RevocationPolicy;
  private readonly fetch: HttpFetch;
  private readonly random: RandomBytes;
  private readonly crlCache: CrlCache;
  private readonly signatures: CertificateSignatureChecker;

  constructor(
    readonly trustStore: TrustStore,
    private readonly engine: pkijs.CryptoEngine,
    private readonly options: { responders?: ResponderUrls; policy?: Partial<RevocationPolicy>; fetch?: HttpFetch; random?: RandomBytes; crlCache?: CrlCache } = {},
  ) {
    this.policy = { ...DEFAULT_REVOCATION_POLICY, ...options.policy };
    this.fetch = options.fetch ?? createNodeHttpFetch();
    this.random = options.random ?? nodeRandomBytes;
    this.crlCache = options.crlCache ?? new CrlCache();
    this.signatures = new CertificateSignatureChecker(engine);
  }

  async verify(certificateDer: Uint8Array, checkTime: Date): Promise<CardCertificateVerification> {
    const chain = await validateUserAuthCertificate(certificateDer, { trustStore: this.trustStore, engine: this.engine, checkTime, signatures: this.signatures });
    if (!chain.ok) return chain;
    const revocation = await decideRevocation(chain.leaf, chain.anchor, chain.serialNumberHex, checkTime, {
      policy: this.policy,
      responders: this.options.responders ?? {},
      fetch: this.fetch,
      engine: this.engine,
      random: this.random,
      crlCache: this.crlCache,
    });
    if (!revocation.ok) return revocation;
    return {
      ok: true,
      issuerGeneration: chain.issuerGeneration,
      serialNumberHex: chain.serialNumberHex,
      subjectId: chain.subjectId,
      revocationSource: revocation.source,
      ...(revocation.detail === undefined ? {} : { revocationDetail: revocation.detail }),
    };
  }
}

/** Loads the trust store from the configured folder and builds the verifier. */
export async function createCardCertificateVerifier(
  config: CardCertificateVerifierConfig,
  dependencies: CardCertificateVerifierDependencies,
): Promise<{ ok: true; verifier: CardCertificateVerifier } | VerificationFailure> {
  const loaded = await loadTrustStore(config.trustStorePath, dependencies.engine);
  if (!loaded.ok) return loaded;
  return {
    ok: true,
    verifier: new CardCertificateVerifier(loaded.store, dependencies.engine, {
      ...(config.responders ? { responders: config.responders } : {}),
      ...(config.policy ? { policy: config.policy } : {}),
      ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
      ...(dependencies.random ? { random: dependencies.random } : {}),
      ...(dependencies.crlCache ? { crlCache: dependencies.crlCache } : {}),
    }),
  };
}
