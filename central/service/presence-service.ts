import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { presenceKeyFromSpki, verifyPresenceSignature } from '../../crypto/presence';
import { parseCertificate } from '../../crypto/verify';
import { cardPresenceStatement, type CardQualificationRequest } from '../../oqs';
import type { ChallengeStore, ReaderKeyRepository } from '../store';
import { CentralRefusal } from './central-errors';
import type { ConnectedFacility } from './service-context';

export const PRESENCE_CHALLENGE_BYTES = 32;

export interface IssuedPresenceChallenge {
  Challenge: string;
  ExpiresAt: string;
}

/**
 * Consent only with the person present. A card request must carry a proof over a challenge this
 * system issued to the same facility's connection: the card's own signature (暗証番号), or the
 * attestation of a reader key registered to that facility (顔認証, 目視). The proof covers the
 * certificate, the method and every consent answer, so it cannot be lifted onto another request. The
 * challenge is read before anything is looked up, burnt at once by a wrong signature, and otherwise
 * spent in the transaction that registers what the proof allows (a request that fails before that
 * transaction leaves it for the same facility to send again until it expires).
 */
export class PresenceService {
  /** Reader keys as key objects, made once per process: making one costs more than a verification. */
  private readonly readerKeyObjects = new Map<string, KeyObject | undefined>();

  constructor(
    private readonly challenges: ChallengeStore,
    private readonly readerKeys: ReaderKeyRepository,
    private readonly challengeTtlMs: number,
  ) {}

  issueChallenge(facility: ConnectedFacility, now: Date): IssuedPresenceChallenge {
    const challenge = randomBytes(PRESENCE_CHALLENGE_BYTES);
    const expiresAt = new Date(now.getTime() + this.challengeTtlMs);
    this.challenges.issue(challenge, this.audienceOf(facility), now, expiresAt);
    return { Challenge: challenge.toString('base64'), ExpiresAt: expiresAt.toISOString() };
  }

  /**
   * Returns when the request proves the person was at this facility's reader, with the function that
   * spends its challenge — to be called inside the transaction that registers what the proof allows, so
   * a proven request costs one write transaction; throws a coded refusal otherwise. Nothing is written
   * before the proof holds, except that a wrong signature burns its challenge.
   */
  verify(facility: ConnectedFacility, request: CardQualificationRequest, now: Date): { spend: () => void } {
    const proof = request.MessageBody.PresenceProof;
    if (proof === undefined) throw new CentralRefusal('PRESENCE_PROOF_MISSING');
    const method = request.MessageBody.CardAuthenticationInfo.AuthenticationMethod;
    const challenge = Buffer.from(proof.Challenge, 'base64');
    const audience = this.audienceOf(facility);
    if (!this.challenges.isOutstanding(challenge, audience, now)) throw new CentralRefusal('PRESENCE_CHALLENGE_INVALID');
    const spend = () => {
      if (!this.challenges.consume(challenge, audience, now)) throw new CentralRefusal('PRESENCE_CHALLENGE_INVALID');
    };
    try {
      this.checkSignature(facility, request, challenge, method, proof);
    } catch (error) {
      this.challenges.consume(challenge, audience, now);
      throw error;
    }
    return { spend };
  }

  private checkSignature(
    facility: ConnectedFacility,
    request: CardQualificationRequest,
    challenge: Uint8Array,
    method: string,
    proof: NonNullable<CardQualificationRequest['MessageBody']['PresenceProof']>,
  ): void {

    const certificateDer = Buffer.from(request.MessageBody.CardAuthenticationInfo.UserAuthCertificate, 'base64');
    const statement = cardPresenceStatement({
      medicalInstitutionCode: facility.medicalInstitutionCode,
      challenge,
      certificateDer,
      authenticationMethod: method,
      consents: request.MessageBody.ConsentInfo,
    });
    // 暗証番号 is proven by the card's own signature. A reader attestation is taken for it too: a
    // terminal that queued a PIN reception during an outage sends it later, when the card is gone,
    // with its registered reader key vouching that it saw the VERIFY (the trust a face check has).
    if (method === '2' && proof.CardSignature !== undefined) {
      if (proof.ReaderKeyId !== undefined) throw new CentralRefusal('PRESENCE_PROOF_INVALID', 'a proof is either the card signature or the reader attestation');
      const leaf = parseCertificate(certificateDer);
      if (!leaf.ok) throw new CentralRefusal('PRESENCE_PROOF_INVALID', leaf.code);
      const spki = new Uint8Array(leaf.value.subjectPublicKeyInfo.toSchema().toBER(false));
      if (!verifyPresenceSignature(spki, statement, Buffer.from(proof.CardSignature, 'base64'))) throw new CentralRefusal('PRESENCE_PROOF_INVALID', 'card signature');
      return;
    }
    if (proof.ReaderKeyId === undefined || proof.AttestationSignature === undefined || proof.CardSignature !== undefined) {
      throw new CentralRefusal('PRESENCE_PROOF_INVALID', 'a reader attestation needs ReaderKeyId and AttestationSignature');
    }
    const readerKey = this.readerKeys.find(proof.ReaderKeyId);
    if (readerKey === undefined || readerKey.facilityId !== facility.facilityId) throw new CentralRefusal('READER_KEY_UNKNOWN');
    if (!this.readerKeyObjects.has(readerKey.spkiSha256)) {
      if (this.readerKeyObjects.size >= 1024) this.readerKeyObjects.clear();
      this.readerKeyObjects.set(readerKey.spkiSha256, presenceKeyFromSpki(readerKey.publicKeySpki));
    }
    const key = this.readerKeyObjects.get(readerKey.spkiSha256);
    if (key === undefined || !verifyPresenceSignature(key, statement, Buffer.from(proof.AttestationSignature, 'base64'))) {
      throw new CentralRefusal('PRESENCE_PROOF_INVALID', 'reader attestation');
    }
  }

  private audienceOf(facility: ConnectedFacility) {
    return { kind: 'card', facilityId: facility.facilityId, clientCertificateSha256: facility.certificateSha256 } as const;
  }
}
