/**
 * Validity periods of a マイナンバーカード and its 電子証明書 (card.md §6): the card runs to the 10th
 * birthday after issuance (the 5th if the holder was under 18 then), a certificate to the 5th birthday
 * after its issuance but never past the card. All dates are ISO YYYY-MM-DD strings.
 */

/** The `count`-th birthday strictly after `afterDate`. A 29 February birthday falls on 28 February in
 * common years (our assumption; no fixture person is born on 29 February). Computed, not searched:
 * a malformed date gives a malformed answer (the schema reports the date itself), never a loop. */
export function nthBirthdayAfter(birthDate: string, afterDate: string, count: number): string {
  const monthDay = birthDate.slice(5);
  const year = Number(afterDate.slice(0, 4));
  const firstYear = birthdayIn(year, monthDay) > afterDate ? year : year + 1;
  return birthdayIn(firstYear + count - 1, monthDay);
}

function birthdayIn(year: number, monthDay: string): string {
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = monthDay === '02-29' && !isLeapYear ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

export function cardExpiryDate(birthDate: string, issueDate: string): string {
  const adultAtIssue = nthBirthdayAfter(birthDate, birthDate, 18) <= issueDate;
  return nthBirthdayAfter(birthDate, issueDate, adultAtIssue ? 10 : 5);
}

export function certificateExpiryDate(birthDate: string, issueDate: string, cardExpiry: string): string {
  const fifthBirthday = nthBirthdayAfter(birthDate, issueDate, 5);
  return fifthBirthday < cardExpiry ? fifthBirthday : cardExpiry;
}
