import type { AuthorityInput, CaGenerationInput, RevocationInput } from './types';

/**
 * The configuration the project's mock CA is built with. Generation dates follow the real JPKI CAs
 * (card.md §6); the serials keep their shape (01, then 4 octets) but are our own values.
 */
export const DEFAULT_CA_GENERATIONS: { userAuth: ReadonlyArray<CaGenerationInput>; signing: ReadonlyArray<CaGenerationInput> } = {
  userAuth: [
    { startDate: '2015-10-20', serialNumberHex: '01' },
    { startDate: '2019-09-14', serialNumberHex: '0142A6D1' },
    { startDate: '2023-07-16', serialNumberHex: '07C2E935' },
  ],
  signing: [
    { startDate: '2015-10-20', serialNumberHex: '01' },
    { startDate: '2019-09-14', serialNumberHex: '0141B58E' },
    { startDate: '2023-07-16', serialNumberHex: '068D4F72' },
  ],
};

export const DEFAULT_CA_VALID_YEARS = 10;

/** Covers every card from the first マイナンバーカード (2016) to cards issued well after 2035. */
export const DEFAULT_CARD_FACE_AUTHORITY: AuthorityInput = { startDate: '2015-10-05', validYears: 30 };

export const DEFAULT_TERMINAL_AUTHORITY: AuthorityInput & { terminalName: string } = {
  startDate: '2020-04-01',
  validYears: 20,
  terminalName: 'Reception terminal (test)',
};

export const DEFAULT_REVOCATION: RevocationInput = { date: '2025-04-01', reason: 'keyCompromise' };
