import { fidHex } from './bytes';
import type { EmulatedApplication } from './card-profile';

/**
 * The card's persistent key memory outside the profile: tries left per key and a value set by
 * CHANGE REFERENCE DATA. One card identity = one profile id, so a locked card stays locked when it is
 * removed, re-inserted or rebuilt. Only a successful VERIFY ever raises a counter; test controls may
 * set one directly.
 */
export interface KeyRef {
  profileId: string;
  application: EmulatedApplication;
  keyFid: number;
}

export interface CounterStore {
  /** Tries left, or undefined when nothing was stored yet (the profile's initial value applies). */
  readTriesLeft(ref: KeyRef): number | undefined;
  writeTriesLeft(ref: KeyRef, triesLeft: number): void;
  /** The value CHANGE REFERENCE DATA stored, or undefined (the profile's value applies). */
  readChangedValue(ref: KeyRef): string | undefined;
  writeChangedValue(ref: KeyRef, value: string): void;
}

export interface StoredKey {
  triesLeft?: number;
  value?: string;
}

/** `profileId/application/FID`, the key both stores file entries under. */
export function keyRefName(ref: KeyRef): string {
  return `${ref.profileId}/${ref.application}/${fidHex(ref.keyFid)}`;
}

export class InMemoryCounterStore implements CounterStore {
  private readonly keys: Map<string, StoredKey>;

  constructor(initial: Record<string, StoredKey> = {}) {
    this.keys = new Map(Object.entries(initial));
  }

  readTriesLeft(ref: KeyRef): number | undefined {
    return this.keys.get(keyRefName(ref))?.triesLeft;
  }

  writeTriesLeft(ref: KeyRef, triesLeft: number): void {
    this.update(ref, { triesLeft });
  }

  readChangedValue(ref: KeyRef): string | undefined {
    return this.keys.get(keyRefName(ref))?.value;
  }

  writeChangedValue(ref: KeyRef, value: string): void {
    this.update(ref, { value });
  }

  /** Everything stored, by keyRefName, for assertions. */
  snapshot(): Record<string, StoredKey> {
    return Object.fromEntries([...this.keys].map(([name, stored]) => [name, { ...stored }]));
  }

  /**
   * Called with the whole next state before it replaces the current one; a store that persists
   * writes it here, and a failure leaves the current state untouched.
   */
  protected persist(_next: ReadonlyMap<string, StoredKey>): void {}

  private update(ref: KeyRef, change: StoredKey): void {
    const name = keyRefName(ref);
    const next = new Map(this.keys).set(name, { ...this.keys.get(name), ...change });
    this.persist(next);
    this.keys.set(name, next.get(name) ?? {});
  }
}
