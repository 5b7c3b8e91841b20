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
