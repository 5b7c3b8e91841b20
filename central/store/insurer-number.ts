import { CentralStoreError } from './errors';

/**
 * The stored form of an InsurerNumber: trimmed, 6 digits for 国保, 8 otherwise. Files left-pad 6-digit
 * 国保 numbers with spaces and the JSON client pads them with zeros (oqs-interface.md §2.3); no real
 * 8-digit number starts with 00 (法別番号 00 does not exist), so a leading 00 is padding.
 */
export function normaliseInsurerNumber(raw: string): string {
  const trimmed = raw.trim();
  if (/^00\d{6}$/.test(trimmed)) return trimmed.slice(2);
  if (/^(\d{6}|\d{8})$/.test(trimmed)) return trimmed;
  throw new CentralStoreError('INVALID_INSURER_NUMBER', 'InsurerNumber must be 6 or 8 digits, optionally space- or zero-padded');
}

/** `yyyyMMdd` (the XML form) or `YYYY-MM-DD` → `YYYY-MM-DD`. */
export function normaliseBirthDate(raw: string): string {
  const trimmed = raw.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  const iso = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : trimmed;
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(iso)) {
    throw new CentralStoreError('INVALID_QUERY', 'Birthdate must be yyyyMMdd or YYYY-MM-DD');
  }
  return iso;
}
