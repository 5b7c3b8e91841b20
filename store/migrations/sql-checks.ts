/** Column shape checks shared by the migrations, as SQL fragments over a column name. */
const DIGIT = '[0-9]';

/** `Date.prototype.toISOString()` output: UTC with milliseconds, so text order is time order. */
export const isoTimestampCheck = (column: string) =>
  `${column} GLOB '${DIGIT.repeat(4)}-[01]${DIGIT}-[0-3]${DIGIT}T[0-2]${DIGIT}:[0-5]${DIGIT}:[0-5]${DIGIT}.${DIGIT.repeat(3)}Z'`;

export const isoDateCheck = (column: string) => `${column} GLOB '${DIGIT.repeat(4)}-[01]${DIGIT}-[0-3]${DIGIT}'`;

/** Reception, kiosk and staff account ids: letters, digits, `_ . -`; no room for a name in kana or kanji. */
export const identifierCheck = (column: string) =>
  `length(${column}) BETWEEN 1 AND 64 AND ${column} NOT GLOB '*[^A-Za-z0-9_.-]*'`;

/** Upper-case codes, with an optional bracketed sub-code (`CARD_CERTIFICATE_INVALID [REVOKED]`). */
export const codeCheck = (column: string) =>
  `length(${column}) BETWEEN 1 AND 80 AND ${column} NOT GLOB '*[^]A-Z0-9_ []*'`;

export const sha256HexCheck = (column: string) => `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`;
