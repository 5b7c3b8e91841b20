import pcsclite from 'pcsclite';

type Context = ReturnType<typeof pcsclite>;
type Reader = Parameters<Parameters<Context['on']>[1]>[0];

/**
 * The baseline: pcsclite alone sending a fixed APDU sequence (connect, transmit each, disconnect),
 * with none of the driver's parsing, checks or state. What the driver adds is the difference.
 */
export class RawPcsc {
  private constructor(
    private readonly context: Context,
    private readonly reader: Reader,
  ) {}

  static open(readerName: string): Promise<RawPcsc> {
    const context = pcsclite();
    context.on('error', () => {});
    return new Promise((resolve) => {
      context.on('reader', (reader) => {
        reader.on('error', () => {});
        if (reader.name === readerName) resolve(new RawPcsc(context, reader));
      });
    });
  }

  /** Milliseconds to send the whole sequence once, timed after connecting (exclusive, T=1) and before disconnecting. */
  async replay(commands: ReadonlyArray<Uint8Array>): Promise<number> {
    const reader = this.reader;
    const protocol = await new Promise<number>((resolve, reject) =>
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T1 }, (error, chosen) =>
        error ? reject(new Error(String(error))) : resolve(chosen),
      ),
    );
    const started = performance.now();
    for (const command of commands) {
      await new Promise<Buffer>((resolve, reject) =>
        reader.transmit(Buffer.from(command), 65538, protocol, (error, response) => (error ? reject(new Error(String(error))) : resolve(response))),
      );
    }
    const elapsed = performance.now() - started;
    await new Promise<void>((resolve, reject) =>
      reader.disconnect(reader.SCARD_UNPOWER_CARD, (error) => (error ? reject(new Error(String(error))) : resolve())),
    );
    return elapsed;
  }

  close(): void {
    this.context.close();
  }
}
