import type { CardFront, CardFrontReading } from '../../flow/ports/card-front';
import { isCardError } from '../card/card-error';
import { deriveCollationNumberB, type PrintedCardFields } from '../card/collation-number';

/** What a card front shows, from a card's facts: birth date and expiry (ISO), セキュリティコード. */
export function printedFieldsOfCard(birthDate: string, cardExpiryDate: string, securityCode: string): PrintedCardFields {
  const [year, month, day] = birthDate.split('-').map(Number);
  return { birthDate: { calendar: 'gregorian', year: year!, month: month!, day: day! }, expiryYear: cardExpiryDate.slice(0, 4), securityCode };
}

/**
 * The card-front scanner of a virtual reader: what is printed on the card now in the slot (its
 * profile id names a fixture person whose printed fields the caller looks up), turned into 照合番号B
 * exactly as OCR output would be. It stands for a real reader's camera and OCR in the demo and tests.
 */
export class PrintedCardFront implements CardFront {
  constructor(
    private readonly cardInSlot: () => string | undefined | Promise<string | undefined>,
    private readonly printedFieldsOf: (profileId: string) => PrintedCardFields | undefined | Promise<PrintedCardFields | undefined>,
  ) {}

  async readCollationNumberB(): Promise<CardFrontReading> {
    const profileId = await this.cardInSlot();
    const fields = profileId === undefined ? undefined : await this.printedFieldsOf(profileId);
    if (fields === undefined) return { ok: false, code: 'CARD_FRONT_UNREADABLE' };
    try {
      return { ok: true, collationNumberB: deriveCollationNumberB(fields) };
    } catch (error) {
      if (isCardError(error)) return { ok: false, code: 'INVALID_INPUT' };
      throw error;
    }
  }
}
