import { AUTHENTICATION_METHOD, INFO_CONSENT, LIMIT_APPLICATION_CONSENT, REFERENCE_CLASSIFICATION } from '../codes/oqs-codes';
import { requestHeaderShape } from './message-header';
import { group, optional, optionalGroup, required } from './schema';
import { allOf, codeOf, maxLength, pattern } from './value-checks';
import { defineXmlMessage, type MessageModel } from './xml-message';

/*
 * 資格確認 by マイナンバーカード (ReferenceClassification 1). How a real reader hands the card's
 * 利用者証明用電子証明書 to the central system is unpublished (oqs-interface.md §10: 特定機関認証), so
 * this request is our own, built from the same envelope: the certificate as base64 DER, how the patient
 * was authenticated, and the consent screens' answers. The answer is the 個別照会 response layout.
 */

const base64Der = allOf(maxLength(16_384), pattern(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'));
const infoConsent = codeOf(INFO_CONSENT, '閲覧同意フラグ');

export const cardAuthenticationShape = {
  /** The card's 利用者証明用電子証明書, DER in base64. */
  UserAuthCertificate: required(base64Der),
  /** 1 顔認証, 2 暗証番号, 3 目視確認. */
  AuthenticationMethod: required(codeOf(AUTHENTICATION_METHOD, 'AuthenticationMethod')),
} as const;

/** The patient's answers on the consent screens; 1 同意, 0 不同意, absent: not asked. */
export const consentAnswersShape = {
  PharmaceuticalInfoConsFlg: optional(infoConsent),
  SpecificHealthCheckupsInfoConsFlg: optional(infoConsent),
  DiagnosisInfoConsFlg: optional(infoConsent),
  OperationInfoConsFlg: optional(infoConsent),
  LimitApplicationCertificateRelatedConsFlg: optional(codeOf(LIMIT_APPLICATION_CONSENT, 'OQSCD001')),
} as const;

/**
 * Proof that the person was at this facility's reader (our design, see `crypto/presence`): the central
 * system's challenge and a signature over the presence statement — by the card's 利用者証明用 key for
 * 暗証番号 (`CardSignature`), or by a reader key registered to the facility for 顔認証 and 目視
 * (`ReaderKeyId`, the SPKI SHA-256 in hex, and `AttestationSignature`). Optional in the shape so that a
 * request without it gets its own refusal code rather than a generic missing element.
 */
export const presenceProofShape = {
  Challenge: required(allOf(maxLength(256), pattern(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'))),
  CardSignature: optional(allOf(maxLength(1024), pattern(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'))),
  ReaderKeyId: optional(pattern(/^[0-9a-f]{64}$/, 'SHA-256 of the reader key, lower-case hex')),
  AttestationSignature: optional(allOf(maxLength(1024), pattern(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'))),
} as const;

export const cardQualificationRequestHeaderShape = {
  ...requestHeaderShape,
  ReferenceClassification: required(codeOf(REFERENCE_CLASSIFICATION, 'OQSCD002')),
} as const;

export const cardQualificationRequestBodyShape = {
  CardAuthenticationInfo: group(cardAuthenticationShape),
  ConsentInfo: optionalGroup(consentAnswersShape),
  PresenceProof: optionalGroup(presenceProofShape),
} as const;

/** The mock's card request; answered with `qualificationResponse`. */
export const cardQualificationRequest = defineXmlMessage(
  'OQSsimnc01req',
  cardQualificationRequestHeaderShape,
  cardQualificationRequestBodyShape,
);

export type CardQualificationRequest = MessageModel<typeof cardQualificationRequestHeaderShape, typeof cardQualificationRequestBodyShape>;
