import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { CHALLENGE_LENGTH, parseCertificate, verifyProofOfPossession } from '../../crypto/verify';
import type { ChallengeStore, ProvisionEntry } from '../store';
import { CentralRefusal } from './central-errors';
import type { ServiceContext } from './service-context';

const base64 = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

/** The person's request for their やりとり履歴: their certificate and the card's signature over our challenge. */
export const provisionHistoryRequestSchema = z.strictObject({
  certificate: base64,
  challenge: base64,
  signature: base64,
});
export type ProvisionHistoryRequest = z.infer<typeof provisionHistoryRequestSchema>;

export interface ProvisionHistoryAnswer {
  entries: Array<Omit<ProvisionEntry, 'provisionId' | 'providedAt'> & { providedAt: string }>;
}

/**
 * マイナポータル's view of the provision history: which facility confirmed the person's qualification
 * or received their 薬剤・健診 information, when, and under which consent. Readable only by the person:
 * the card's 利用者証明用 certificate must verify and be linked, and the card must sign a fresh,
 * single-use challenge with its key. A facility has no way in (the server refuses facility certificates).
 */
export class PortalService {
  /** The store's portal challenges, in the shape the possession check consumes them. */
  private readonly portalChallenges = { consume: (challenge: Uint8Array, now: Date) => this.challenges.consume(challenge, { kind: 'portal' }, now) };

  constructor(
    private readonly context: ServiceContext,
    private readonly challenges: ChallengeStore,
    private readonly challengeTtlMs = 2 * 60 * 1000,
  ) {}

  issueChallenge(now: Date): { challenge: string; expiresAt: string; digestAlgorithm: 'SHA-256' } {
    const challenge = randomBytes(CHALLENGE_LENGTH);
    const expiresAt = new Date(now.getTime() + this.challengeTtlMs);
    this.challenges.issue(challenge, { kind: 'portal' }, now, expiresAt);
    return { challenge: challenge.toString('base64'), expiresAt: expiresAt.toISOString(), digestAlgorithm: 'SHA-256' };
  }

  async provisionHistory(body: unknown, now: Date): Promise<ProvisionHistoryAnswer> {
    const parsed = provisionHistoryRequestSchema.safeParse(body);
    if (!parsed.success) throw new CentralRefusal('INVALID_VALUE', parsed.error.issues.map((issue) => issue.path.join('.') || '$').join(', '));
    const certificate = Buffer.from(parsed.data.certificate, 'base64');
    const identity = await this.context.identities.resolve(certificate, now);
    if (!identity.ok) throw new CentralRefusal('PERSON_AUTHENTICATION_FAILED', identity.verificationCode ?? identity.code);
    const leaf = parseCertificate(certificate);
    if (!leaf.ok) throw new CentralRefusal('PERSON_AUTHENTICATION_FAILED', leaf.code);
    const possession = verifyProofOfPossession({
      challenges: this.portalChallenges,
      challenge: Buffer.from(parsed.data.challenge, 'base64'),
      signature: Buffer.from(parsed.data.signature, 'base64'),
      publicKeySpki: new Uint8Array(leaf.value.subjectPublicKeyInfo.toSchema().toBER(false)),
      now,
    });
    if (!possession.ok) throw new CentralRefusal('PERSON_AUTHENTICATION_FAILED', possession.code);
    return {
      entries: this.context.provisions.listForPerson(identity.found.person.personId).map(({ provisionId: _id, providedAt, ...entry }) => ({
        ...entry,
        providedAt: providedAt.toISOString(),
      })),
    };
  }
}
