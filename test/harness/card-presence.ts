import { createHash } from 'node:crypto';
import { signPresenceStatement } from '../../crypto/presence';
import type { FacilityPki, TestPki } from '../../crypto/mock-ca';
import { cardPresenceStatement } from '../../oqs';
import type { CentralClient } from './central-client';

export const CARD_CHALLENGE_PATH = '/oqs-api-pro/mock/card/challenge';

export type ConsentAnswers = Partial<Record<'PharmaceuticalInfoConsFlg' | 'SpecificHealthCheckupsInfoConsFlg' | 'DiagnosisInfoConsFlg' | 'OperationInfoConsFlg' | 'LimitApplicationCertificateRelatedConsFlg', string>>;

export interface CardSearchInput {
  facility: string;
  certificateDer: Uint8Array;
  /** 1 顔認証, 2 暗証番号, 3 目視確認. */
  method: '1' | '2' | '3';
  consent?: ConsentAnswers;
}

/** Who signs the presence statement: the card's user-auth key (PIN) or a reader key (face, visual). */
export type PresenceSigner = { kind: 'card'; privateKeyPkcs8: Uint8Array } | { kind: 'reader'; spkiSha256: string; privateKeyPkcs8: Uint8Array };

/** The card request as the mock takes it, with a proof over `challenge` signed by `signer`. */
export function cardSearchBody(input: CardSearchInput, challenge: Uint8Array, signer: PresenceSigner) {
  const statement = cardPresenceStatement({
    medicalInstitutionCode: input.facility,
    challenge,
    certificateDer: input.certificateDer,
    authenticationMethod: input.method,
    consents: input.consent,
  });
  const signature = Buffer.from(signPresenceStatement(signer.privateKeyPkcs8, statement)).toString('base64');
  const proof =
    signer.kind === 'card'
      ? { Challenge: Buffer.from(challenge).toString('base64'), CardSignature: signature }
      : { Challenge: Buffer.from(challenge).toString('base64'), ReaderKeyId: signer.spkiSha256, AttestationSignature: signature };
  return {
    XmlMsg: {
      MessageHeader: { MedicalInstitutionCode: input.facility, ReferenceClassification: '1', ArbitraryFileIdentifier: 'C-1' },
      MessageBody: {
        CardAuthenticationInfo: { UserAuthCertificate: Buffer.from(input.certificateDer).toString('base64'), AuthenticationMethod: input.method },
        ...(input.consent === undefined ? {} : { ConsentInfo: input.consent }),
        PresenceProof: proof,
      },
    },
  };
}

/** A fresh challenge for the client's facility connection. */
export async function fetchCardChallenge(client: CentralClient): Promise<Uint8Array> {
  const reply = await client.postJson(CARD_CHALLENGE_PATH, {});
  if (reply.status !== 200) throw new Error(`challenge refused: ${reply.status} ${reply.body.toString('utf8')}`);
  return Buffer.from(reply.json.Challenge, 'base64');
}

/** The signer a real reader of this facility would use for `method`, for the card of `holderId`. */
export function presenceSignerFor(method: '1' | '2' | '3', holderId: string, cards: TestPki, facilities: FacilityPki, facility: string): PresenceSigner {
  if (method === '2') {
    const holder = cards.holders[holderId];
    if (holder === undefined) throw new Error(`no holder ${holderId}`);
    return { kind: 'card', privateKeyPkcs8: holder.userAuth.privateKeyPkcs8 };
  }
  const entry = facilities.facilities.find((candidate) => candidate.medicalInstitutionCode === facility);
  if (entry === undefined) throw new Error(`no facility ${facility}`);
  return { kind: 'reader', spkiSha256: spkiSha256Of(entry.readerKey.publicKeySpki), privateKeyPkcs8: entry.readerKey.privateKeyPkcs8 };
}

/** The id a reader key is registered under: SHA-256 of its SubjectPublicKeyInfo, lower-case hex. */
export function spkiSha256Of(spki: Uint8Array): string {
  return createHash('sha256').update(spki).digest('hex');
}
