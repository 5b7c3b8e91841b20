/** ISO 7816-4 status words the card uses (card.md §1, §3, §8.1). */
export const SW = {
  ok: 0x9000,
  /** 63Cx: wrong value, x tries left (or the retries query). */
  triesLeftBase: 0x63c0,
  wrongLength: 0x6700,
  logicalChannelNotSupported: 0x6881,
  securityStatusNotSatisfied: 0x6982,
  authenticationMethodBlocked: 0x6984,
  conditionsOfUseNotSatisfied: 0x6985,
  commandNotAllowedNoCurrentEf: 0x6986,
  commandIncompatibleWithFile: 0x6981,
  wrongData: 0x6a80,
  fileNotFound: 0x6a82,
  incorrectP1P2: 0x6a86,
  referencedDataNotFound: 0x6a88,
  wrongOffset: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
  noPreciseDiagnosis: 0x6f00,
  /** Answered by 80 AE / 80 A2 in 確認AP and 共通AP (not emulated). */
  notEmulated: 0x66f1,
} as const;

export function isTriesLeft(sw: number): boolean {
  return (sw & 0xfff0) === SW.triesLeftBase;
}

export function triesLeftOf(sw: number): number {
  return sw & 0x000f;
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
