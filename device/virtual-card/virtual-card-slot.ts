import { insertIntoVpcd, VPCD_FIRST_PORT, type VpcdAddress, type VpcdCard, type VpcdInsertion } from './vpcd-link';
import { VirtualCardError } from './virtual-card-error';

/** Debian's vsmartcard-vpcd registers two readers: `Virtual PCD 00 00` (0) and `Virtual PCD 00 01` (1). */
export type VpcdReaderIndex = 0 | 1;

export function isVpcdReaderIndex(value: unknown): value is VpcdReaderIndex {
  return value === 0 || value === 1;
}

export function vpcdReaderName(reader: VpcdReaderIndex): string {
  return `Virtual PCD 00 ${String(reader).padStart(2, '0')}`;
}

export function vpcdPortOf(reader: VpcdReaderIndex): number {
  return VPCD_FIRST_PORT + reader;
}

export interface VirtualCardSlotOptions {
  host?: string;
  /** Overrides the reader's port (tests with a fake vpcd). */
  port?: number;
  /** How a card reaches vpcd; insertIntoVpcd unless a test observes the connection itself. */
  connect?: (card: VpcdCard, address: VpcdAddress) => Promise<VpcdInsertion>;
}

/**
 * One vpcd reader as a card slot: insert, remove and swap cards. Operations run one after another;
 * a card dropped by the other side (pcscd stopped) leaves the slot empty.
 */
export class VirtualCardSlot<Card extends VpcdCard = VpcdCard> {
  private current: { card: Card; insertion: VpcdInsertion } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly address: Required<VpcdAddress>;
  private readonly connect: (card: VpcdCard, address: VpcdAddress) => Promise<VpcdInsertion>;

  constructor(
    readonly reader: VpcdReaderIndex,
    options: VirtualCardSlotOptions = {},
  ) {
    if (!isVpcdReaderIndex(reader)) throw new RangeError(`vpcd reader must be 0 or 1, got ${String(reader)}`);
    this.address = { host: options.host ?? '127.0.0.1', port: options.port ?? vpcdPortOf(reader) };
    this.connect = options.connect ?? insertIntoVpcd;
  }

  get port(): number {
    return this.address.port;
  }

  get card(): Card | undefined {
    return this.current?.card;
  }

  /** Connects the card to vpcd; pcscd sees it inserted on its next poll. */
  insert(card: Card): Promise<void> {
    return this.serialize(() => this.insertNow(card));
  }

  /** Removes the card and waits until pcscd has let go of it; resolves with the card, if there was one. */
  remove(): Promise<Card | undefined> {
    return this.serialize(() => this.removeNow());
  }

  /**
   * Remove, then insert another card as soon as pcscd has seen the removal (earlier, pcscd would take
   * the new card for the old one and report no change). Resolves with the card taken out.
   */
  swap(card: Card): Promise<Card | undefined> {
    return this.serialize(async () => {
      const removed = await this.removeNow();
      await this.insertNow(card);
      return removed;
    });
  }

  /** Settles once the card now in the slot has left it, for whatever reason (at once when empty). */
  whenEmpty(): Promise<void> {
    return this.current ? this.current.insertion.closed.then(() => undefined) : Promise.resolve();
  }

  /** Yanks the card at once (no goodbye to pcscd), as a patient pulling it mid-APDU. */
  pull(): Card | undefined {
    const removed = this.current;
    this.current = undefined;
    removed?.insertion.pull();
    return removed?.card;
  }

  private async insertNow(card: Card): Promise<void> {
    if (this.current) {
      throw new VirtualCardError('SLOT_OCCUPIED', `vpcd reader ${this.reader} already holds a card; remove or swap it`);
    }
    const insertion = await this.connect(card, this.address);
    const entry = { card, insertion };
    this.current = entry;
    void insertion.closed.then(() => {
      if (this.current === entry) this.current = undefined;
    });
  }

  private async removeNow(): Promise<Card | undefined> {
    const removed = this.current;
    if (!removed) return undefined;
    this.current = undefined;
    await removed.insertion.remove();
    return removed.card;
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
