import type { AuthenticationMethod, ConsentAnswers, ConsentCategory, PrescriptionForm } from '../flow/ports/central-system';
import { StoreError } from './errors';

/**
 * Checks on what callers hand the store, before SQL sees it: a bad value is refused with
 * INVALID_INPUT and a message naming the field, never echoing the value (it might be personal data).
 * The schema's CHECKs repeat the shapes as a second line.
 */
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,64}$/;
const CODE = /^[A-Z0-9_]{1,64}( \[[A-Z0-9_]{1,12}\])?$/;
const ISO_DATE = /^\d{4}-[01]\d-[0-3]\d$/;

/** The port's categories, restated as a value (store/ may import the port as types only). */
export const STORED_CONSENT_CATEGORIES = ['pharmaceutical', 'specificHealthCheckups', 'diagnosis', 'operation'] as const satisfies readonly ConsentCategory[];
// Fails to compile when the port gains a category this list lacks.
const everyCategoryListed: [Exclude<ConsentCategory, (typeof STORED_CONSENT_CATEGORIES)[number]>] extends [never] ? true : never = true;
void everyCategoryListed;

const METHODS: readonly AuthenticationMethod[] = ['face', 'pin', 'visual'];
const PRESCRIPTION_FORMS: readonly PrescriptionForm[] = ['electronic', 'paper'];

function invalid(field: string, expected: string): never {
  throw new StoreError('INVALID_INPUT', `${field} is not ${expected}`);
}

export function requireIdentifier(value: unknown, field: string): string {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : invalid(field, 'an identifier of letters, digits, _ . -');
}

export function requireCode(value: unknown, field: string): string {
  return typeof value === 'string' && CODE.test(value) ? value : invalid(field, 'an upper-case code');
}

/** A valid Date as stored text (ISO 8601 UTC with milliseconds, so text order is time order). */
export function requireTime(value: unknown, field: string): string {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : invalid(field, 'a valid time');
}

export function requireMethod(value: unknown, field = 'method'): AuthenticationMethod {
  return METHODS.includes(value as AuthenticationMethod) ? (value as AuthenticationMethod) : invalid(field, 'face, pin or visual');
}

export function requirePrescriptionForm(value: unknown): PrescriptionForm | null {
  if (value === undefined) return null;
  return PRESCRIPTION_FORMS.includes(value as PrescriptionForm) ? (value as PrescriptionForm) : invalid('prescriptionForm', 'electronic or paper');
}

/** Only the known categories, each true or false: nothing else can ride along into the JSON. */
export function requireConsents(value: unknown): ConsentAnswers {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('consents', 'an object');
  const answers: Partial<Record<ConsentCategory, boolean>> = {};
  for (const [category, agreed] of Object.entries(value)) {
    if (!(STORED_CONSENT_CATEGORIES as readonly string[]).includes(category)) invalid('consents', 'keyed by known categories');
    if (typeof agreed !== 'boolean') invalid(`consents.${category}`, 'true or false');
    answers[category as ConsentCategory] = agreed;
  }
  return answers;
}

export function requireIsoDate(value: unknown, field: string): string {
  return typeof value === 'string' && ISO_DATE.test(value) ? value : invalid(field, 'a YYYY-MM-DD date');
}

export function requireSingleDigit(value: unknown, field: string, allowed: string): string {
  return typeof value === 'string' && value.length === 1 && allowed.includes(value) ? value : invalid(field, `one of ${allowed}`);
}

export function requireCertificate(value: unknown): Uint8Array {
  return value instanceof Uint8Array && value.length > 0 && value.length <= 8192 ? value : invalid('facts.certificateDer', 'a DER certificate of 1–8192 bytes');
}
