import { MockCaError } from './errors';

/**
 * The first checks of a PKI folder's index.json, shared by the JPKI and facility folders: JSON, an
 * object, our format tag. `fail` throws MALFORMED_FOLDER naming the file, for the caller's own checks.
 */
export function openFolderIndex(text: string, fileName: string, format: string): { json: Record<string, unknown>; fail: (what: string) => never } {
  const fail = (what: string): never => {
    throw new MockCaError('MALFORMED_FOLDER', `${fileName}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MockCaError('MALFORMED_FOLDER', `${fileName} is not JSON`, { cause });
  }
  if (!isRecord(json)) return fail('not an object');
  if (json['format'] !== format) return fail(`format is ${JSON.stringify(json['format'])}, expected ${format}`);
  return { json, fail };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
