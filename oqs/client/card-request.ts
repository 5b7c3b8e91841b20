import type { CardConfirmationRequest } from '../../flow/ports/central-system';
import type { CardQualificationRequest } from '../messages/card-qualification-messages';
import { authenticationMethodCode, consentInfoOf } from './consent-flags';
import { presenceProofElement, type ReaderSigner } from './presence-proof';

/**
 * OQSsimnc01req for one reception: the card's certificate, how the person was authenticated, the
 * consent answers and the proof of presence. The reception id is the ArbitraryFileIdentifier, so the
 * answer names the reception it belongs to. 処方箋形式 is not sent: the mock's card request has no
 * PrescriptionIssueSelect (only the answer and the face file do).
 * Undefined when the proof needs a reader key that is not configured.
 */
export function cardQualificationRequestOf(
  medicalInstitutionCode: string,
  request: CardConfirmationRequest,
  reader: ReaderSigner | undefined,
): CardQualificationRequest | undefined {
  const proof = presenceProofElement(medicalInstitutionCode, request, request.proof, reader);
  if (proof === undefined) return undefined;
  const consentInfo = consentInfoOf(request.consents);
  return {
    MessageHeader: { MedicalInstitutionCode: medicalInstitutionCode, ReferenceClassification: '1', ArbitraryFileIdentifier: request.receptionId },
    MessageBody: {
      CardAuthenticationInfo: {
        UserAuthCertificate: Buffer.from(request.certificateDer).toString('base64'),
        AuthenticationMethod: authenticationMethodCode(request.method),
      },
      ...(consentInfo === undefined ? {} : { ConsentInfo: consentInfo }),
      PresenceProof: proof,
    },
  };
}
