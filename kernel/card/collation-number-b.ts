import { toEraDateDigits } from './japanese-era';

/**
 * 照合番号B (card.md §5): the birth date in 和暦 YYMMDD, the card's expiry year in 西暦 YYYY and the
 * 4-digit セキュリティコード printed under the photo, 14 digits in all.
 */
export interface CollationNumberBParts {
  birthDateEra: string;
  expiryYear: string;
  securityCode: string;
}

export function collationNumberBParts(birthDate: string, cardExpiryDate: string, securityCode: string): CollationNumberBParts {
  return { birthDateEra: toEraDateDigits(birthDate), expiryYear: cardExpiryDate.slice(0, 4), securityCode };
}

export function joinCollationNumberB(parts: CollationNumberBParts): string {
  return `${parts.birthDateEra}${parts.expiryYear}${parts.securityCode}`;
}
