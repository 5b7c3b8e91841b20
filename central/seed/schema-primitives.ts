import { z } from 'zod';

/**
 * Value shapes shared by the fixture schemas. Fixture files use ISO forms (YYYY-MM-DD, YYYY-MM); the
 * message codecs turn them into the yyyyMMdd / yyyyMM of oqs-interface.md §2.3.
 */
export const isoDate = z.iso.date();

export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const digits = (count: number) => z.string().regex(new RegExp(`^\\d{${count}}$`), `expected ${count} digits`);

/** An amount in yen as printed: whole, never negative. */
export const yen = z.number().int().nonnegative();

/** One line of prose: no line breaks, not blank. */
export const oneLine = z.string().regex(/^[^\r\n]*\S[^\r\n]*$/, 'expected one non-blank line');
