import { CentralStoreError } from './errors';

/**
 * Times enter the store as `Date`s from the caller (the store never reads the clock) and are kept as
 * ISO 8601 UTC text, whose text order is time order.
 */
export function toStoredTime(time: Date): string {
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
    throw new CentralStoreError('INVALID_TIME', 'expected a valid Date');
  }
  return time.toISOString();
}

export function fromStoredTime(text: string): Date {
  return new Date(text);
}
