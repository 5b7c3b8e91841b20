import type { AuthenticationMethod, ConsentAnswers, ConsentCategory } from '../../flow/ports/central-system';
import type { CardQualificationRequest } from '../messages/card-qualification-messages';

type ConsentInfo = NonNullable<CardQualificationRequest['MessageBody']['ConsentInfo']>;

/** The *ConsFlg element each consent screen answers. */
const CONSENT_ELEMENT: Readonly<Record<ConsentCategory, keyof ConsentInfo>> = {
  pharmaceutical: 'PharmaceuticalInfoConsFlg',
  specificHealthCheckups: 'SpecificHealthCheckupsInfoConsFlg',
  diagnosis: 'DiagnosisInfoConsFlg',
  operation: 'OperationInfoConsFlg',
};

const METHOD_CODE: Readonly<Record<AuthenticationMethod, '1' | '2' | '3'>> = { face: '1', pin: '2', visual: '3' };

/** ConsentInfo of the card request: 1 同意, 0 不同意, a category not asked absent; none asked, no ConsentInfo. */
export function consentInfoOf(answers: ConsentAnswers): ConsentInfo | undefined {
  const info: Partial<Record<keyof ConsentInfo, string>> = {};
  for (const [category, element] of Object.entries(CONSENT_ELEMENT) as Array<[ConsentCategory, keyof ConsentInfo]>) {
    const answer = answers[category];
    if (answer !== undefined) info[element] = answer ? '1' : '0';
  }
  return Object.keys(info).length === 0 ? undefined : info;
}

/** AuthenticationMethod: 1 顔認証, 2 暗証番号, 3 目視確認. */
export function authenticationMethodCode(method: AuthenticationMethod): '1' | '2' | '3' {
  return METHOD_CODE[method];
}
