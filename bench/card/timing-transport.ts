import type { CardTransport } from '../../device/card/transport';

/** Wraps a transport to count APDUs and the time spent waiting for the reader and the card. */
export class TimingTransport implements CardTransport {
  apdus = 0;
  transportMs = 0;
  readonly commands: Uint8Array[] = [];

  constructor(private readonly inner: CardTransport) {}

  get maxResponseLength(): number {
    return this.inner.maxResponseLength;
  }

  async exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array> {
    this.apdus += 1;
    this.commands.push(Uint8Array.from(commandApdu));
    const started = performance.now();
    try {
      return await this.inner.exchange(commandApdu, step);
    } finally {
      this.transportMs += performance.now() - started;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
