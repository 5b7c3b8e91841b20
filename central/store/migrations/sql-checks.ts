/** Column shape checks shared by the migrations, as SQL fragments over a column name. */
const DIGIT = '[0-9]';

export const isoDateCheck = (column: string) =>
  `${column} GLOB '${DIGIT.repeat(4)}-[01]${DIGIT}-[0-3]${DIGIT}'`;

export const isoMonthCheck = (column: string) => `${column} GLOB '${DIGIT.repeat(4)}-[01]${DIGIT}'`;

/** `Date.prototype.toISOString()` output: UTC, milliseconds, so text order is time order. */
export const isoTimestampCheck = (column: string) =>
  `${column} GLOB '${DIGIT.repeat(4)}-[01]${DIGIT}-[0-3]${DIGIT}T[0-2]${DIGIT}:[0-5]${DIGIT}:[0-5]${DIGIT}.${DIGIT.repeat(3)}Z'`;

export const digitsCheck = (column: string, count: number) => `${column} GLOB '${DIGIT.repeat(count)}'`;

export const booleanCheck = (column: string) => `${column} IN (0, 1)`;

export const yenCheck = (column: string) => `${column} >= 0`;
