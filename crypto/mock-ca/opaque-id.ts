import { nextIntBelow } from './drbg';
import type { DeterministicRandom } from './drbg';

/**
 * The opaque subject CN of a JPKI leaf, shaped like the probed test card's `997794E9AGCIEG13221003A`
 * (card.md §6): 14 random characters of A–Z 0–9, the holder's 6-digit municipality code, and 3 more
 * random characters; 23 in all. It says where the card was issued and nothing about the person.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEAD_LENGTH = 14;
const TAIL_LENGTH = 3;

export const MUNICIPALITY_CODE = /^\d{6}$/;

export function opaqueSubjectId(random: DeterministicRandom, municipalityCode: string): string {
  if (!MUNICIPALITY_CODE.test(municipalityCode)) throw new RangeError(`municipality code ${municipalityCode} is not 6 digits`);
  const characters = (count: number) =>
    Array.from({ length: count }, () => ALPHABET.charAt(nextIntBelow(random, ALPHABET.length))).join('');
  return `${characters(HEAD_LENGTH)}${municipalityCode}${characters(TAIL_LENGTH)}`;
}
