import { presenceStatement } from '../../crypto/presence';
import type { CardQualificationRequest } from '../messages/card-qualification-messages';

/** The consent answers a presence statement covers, in this fixed order. */
export const PRESENCE_CONSENT_FIELDS = [
  'PharmaceuticalInfoConsFlg',
  'SpecificHealthCheckupsInfoConsFlg',
  'DiagnosisInfoConsFlg',
  'OperationInfoConsFlg',
  'LimitApplicationCertificateRelatedConsFlg',
] as const;

export interface CardPresenceFacts {
  medicalInstitutionCode: string;
  challenge: Uint8Array;
  certificateDer: Uint8Array;
  authenticationMethod: string;
  consents: CardQualificationRequest['MessageBody']['ConsentInfo'];
}

/**
 * The statement a card request's proof of presence signs: the facility, the challenge, the card's
 * certificate, how the person was authenticated and every consent answer. A terminal builds it before
 * sending; the central system rebuilds it from the request it received, so an answer changed on the way
 * (or a proof lifted onto another request) no longer verifies.
 */
export function cardPresenceStatement(facts: CardPresenceFacts): Uint8Array {
  return presenceStatement({
    medicalInstitutionCode: facts.medicalInstitutionCode,
    challenge: facts.challenge,
    certificateDer: facts.certificateDer,
    authenticationMethod: facts.authenticationMethod,
    consents: PRESENCE_CONSENT_FIELDS.map((name) => [name, facts.consents?.[name]] as const),
  });
}
