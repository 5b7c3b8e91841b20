import { readFileSync } from 'node:fs';
import { OqsError } from '../errors';

/** The OqsError code an action throws, or undefined when it returns; any other error fails the test. */
export function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof OqsError) return error.code;
    throw error;
  }
  return undefined;
}

/** The bytes of an example file in oqs/fixtures/. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

const INSURER_NUMBER_ELEMENTS = new Set(['InsurerNumber', 'PublicExpenseNumber']);

/**
 * A copy of a model with every 保険者番号 / 公費負担者番号 in the 8-character form of `target` (§2.3):
 * a 6-digit 国保 number (bare, space- or zero-padded) as `  dddddd` in files, `00dddddd` in JSON. Written
 * here by hand, not with the codec's own helper, so tests measure the codec against an independent rule.
 */
export function insurerNumbersAs<T>(value: T, target: 'file' | 'json'): T {
  if (Array.isArray(value)) return value.map((item: unknown) => insurerNumbersAs(item, target)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (!INSURER_NUMBER_ELEMENTS.has(key) || typeof item !== 'string') return [key, insurerNumbersAs(item, target)];
      const national = /^(?: {2}|00)?(\d{6})$/.exec(item);
      if (national === null) return [key, item];
      return [key, `${target === 'file' ? '  ' : '00'}${national[1]}`];
    }),
  ) as T;
}
