import type { KeyProfile, EmulatedApplication } from './card-profile';
import type { CounterStore, KeyRef } from './counter-store';

/**
 * A card's keys over its counter store: tries left (profile default until something is stored) and
 * the current value (profile value until CHANGE REFERENCE DATA stores another).
 */
export class KeyRegister {
  constructor(
    private readonly profileId: string,
    private readonly store: CounterStore,
  ) {}

  triesLeft(application: EmulatedApplication, key: KeyProfile): number {
    const stored = this.store.readTriesLeft(this.ref(application, key));
    if (stored === undefined) return key.blocked ? 0 : key.maxTries;
    return Math.min(stored, key.maxTries);
  }

  setTriesLeft(application: EmulatedApplication, key: KeyProfile, triesLeft: number): void {
    if (!Number.isInteger(triesLeft) || triesLeft < 0 || triesLeft > key.maxTries) {
      throw new RangeError(`tries left must be 0–${key.maxTries}, got ${triesLeft}`);
    }
    this.store.writeTriesLeft(this.ref(application, key), triesLeft);
  }

  value(application: EmulatedApplication, key: KeyProfile): string | null {
    return this.store.readChangedValue(this.ref(application, key)) ?? key.value;
  }

  changeValue(application: EmulatedApplication, key: KeyProfile, value: string): void {
    this.store.writeChangedValue(this.ref(application, key), value);
  }

  private ref(application: EmulatedApplication, key: KeyProfile): KeyRef {
    return { profileId: this.profileId, application, keyFid: key.fid };
  }
}
