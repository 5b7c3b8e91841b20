import type { ApplicationImage, CardFile } from './card-image';

/**
 * The card's volatile state (card.md §8.1): lost on power-off, power-on, reset (unless the profile
 * keeps it) and removal. Counters are not here; they are persistent.
 */
export class CardSession {
  /** The current DF; undefined is the "MF" state of power-on. */
  application: ApplicationImage | undefined;
  file: CardFile | undefined;
  /** The last GET CHALLENGE answer, single use for the stand-in authentication. */
  pendingChallenge: Uint8Array | undefined;
  /** §8.5: lets `80 2A` use 0017 without VERIFY; survives SELECT. */
  standInGrant = false;
  private readonly verified = new Set<string>();

  /** SELECT of an application: new DF, no current EF, no verified key anywhere. */
  enterApplication(application: ApplicationImage): void {
    this.application = application;
    this.file = undefined;
    this.verified.clear();
  }

  clear(): void {
    this.application = undefined;
    this.file = undefined;
    this.pendingChallenge = undefined;
    this.standInGrant = false;
    this.verified.clear();
  }

  isVerified(application: string, keyFid: number): boolean {
    return this.verified.has(`${application}/${keyFid}`);
  }

  markVerified(application: string, keyFid: number): void {
    this.verified.add(`${application}/${keyFid}`);
  }

  forgetVerified(application: string, keyFid: number): void {
    this.verified.delete(`${application}/${keyFid}`);
  }
}
