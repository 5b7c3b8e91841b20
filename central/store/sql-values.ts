import type { SqlValue } from './sqlite-driver';

/** better-sqlite3 refuses `undefined` and booleans; optional fixture fields become NULL, flags 0/1. */
export function orNull(value: string | number | undefined): SqlValue {
  return value === undefined ? null : value;
}

export function flag(value: boolean | undefined): number {
  return value === true ? 1 : 0;
}

/** Copies only the keys whose value is not NULL, so rebuilt objects omit absent optional fields. */
export function withoutNulls<T extends Record<string, unknown>>(entries: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
