import { MyNumberCard } from '../../device/card/my-number-card';
import type { PcscTransportOptions } from '../../device/card/pcsc-transport';
import type { ReaderMonitor } from '../../device/card/reader-monitor';
import type { CardSession } from '../../flow/ports/card-session';

/**
 * The card on one kiosk's reader: its session is opened on first use (exclusive PC/SC connection)
 * and closed when the card leaves, so no verified PIN outlives the patient.
 */
export class CardSlot {
  private session: Promise<MyNumberCard> | undefined;
  /** The last card's session closing: the next card connects only after it (one connection per reader). */
  private releasing: Promise<void> = Promise.resolve();

  constructor(
    private readonly monitor: ReaderMonitor,
    readonly readerName: string,
    private readonly transport: PcscTransportOptions = {},
  ) {}

  cardSession(): Promise<CardSession> {
    if (this.session === undefined) {
      const opening = this.releasing.then(() => this.monitor.connect(this.readerName, this.transport)).then((transport) => new MyNumberCard(transport));
      // A failed connect is not kept: the next reception tries again.
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
      this.session = opening;
    }
    return this.session;
  }

  /** Ends the session of the card that left; waits until the reader is free for the next one. */
  release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return this.releasing;
    this.releasing = session.then(
      (card) => card.close().catch(() => undefined),
      () => undefined,
    );
    return this.releasing;
  }
}
