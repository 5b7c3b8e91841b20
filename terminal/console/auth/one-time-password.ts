import { randomInt } from 'node:crypto';

/**
 * One-time passwords for the first administrator and for resets: 16 characters from an alphabet
 * without look-alikes (no 0/o, 1/l/i), in groups of four — about 79 bits, read from a screen or a
 * terminal and typed once, then changed.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newOneTimePassword(): string {
  const characters = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join('')).join('-');
}
