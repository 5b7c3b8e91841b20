import { randomBytes } from 'node:crypto';

/** Where nonces and challenges come from: injected, so tests can fix them. */
export type RandomBytes = (length: number) => Uint8Array;

export const nodeRandomBytes: RandomBytes = (length) => new Uint8Array(randomBytes(length));
