/**
 * The check digit of a 12-digit 個人番号 (総務省令第85号 第5条; card.md §4). Fixture people must carry
 * numbers the card driver and the 照合番号A key would accept, so the fixtures are checked with this.
 */
export function individualNumberCheckDigit(firstElevenDigits: string): number {
  if (!/^\d{11}$/.test(firstElevenDigits)) {
    throw new RangeError(`expected 11 digits, got ${JSON.stringify(firstElevenDigits)}`);
  }
  let weightedSum = 0;
  // P1 is the rightmost of the eleven digits; its weight Q1 is 2.
  for (let n = 1; n <= 11; n += 1) {
    const digit = Number(firstElevenDigits[11 - n]);
    const weight = n <= 6 ? n + 1 : n - 5;
    weightedSum += digit * weight;
  }
  const remainder = weightedSum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

export function isValidIndividualNumber(value: string): boolean {
  return /^\d{12}$/.test(value) && individualNumberCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
