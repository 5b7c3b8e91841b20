import { OqsError } from '../errors';
import { optional, required, writtenAs, type WriteTarget } from './schema';
import { insurerNumber } from './value-checks';

/**
 * 保険者番号 comes 8 characters wide: files left-pad a 6-digit 国保 number with spaces, the JSON client
 * with zeros (§2.3). No 法別番号 is 00, so `00xxxxxx`, `  xxxxxx` and `xxxxxx` are the same insurer.
 */
export function canonicalInsurerNumber(value: string): string {
  const trimmed = value.trim();
  if (/^\d{6}$/.test(trimmed)) return trimmed;
  if (/^00\d{6}$/.test(trimmed)) return trimmed.slice(2);
  if (/^\d{8}$/.test(trimmed)) return trimmed;
  throw new OqsError('INVALID_VALUE', `${JSON.stringify(value)} is not a 保険者番号`);
}

/** The 8-character form a message carries: space-padded in files, zero-padded in the JSON API. */
export function insurerNumberFor(value: string, form: WriteTarget): string {
  return canonicalInsurerNumber(value).padStart(8, form === 'file' ? ' ' : '0');
}

export function sameInsurerNumber(left: string, right: string): boolean {
  try {
    return canonicalInsurerNumber(left) === canonicalInsurerNumber(right);
  } catch {
    return false;
  }
}

/*
 * The element of a 保険者番号 or 公費負担者番号 (and their echoes): any of the three forms is read as it
 * comes, and whatever form the caller put in the model, the writer puts out the target's 8-character form.
 */
export const requiredInsurerNumber = writtenAs(required(insurerNumber), insurerNumberFor);
export const optionalInsurerNumber = writtenAs(optional(insurerNumber), insurerNumberFor);
