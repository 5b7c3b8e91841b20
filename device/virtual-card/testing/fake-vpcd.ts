import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '../vpcd-framing';
import { VpcdControl } from '../vpcd-link';

/**
 * pcscd's vpcd driver in miniature, for unit tests without pcscd: a loopback TCP server that accepts
 * a card, sends control bytes and APDUs, and reads the framed answers.
 */
export interface FakeVpcdOptions {
  /**
   * When the card closes its side, close ours at once (true, the default) or only when the test
   * calls closeCard() (false), to model pcscd noticing a removal on its next poll.
   */
  closeWhenCardLeaves?: boolean;
}

export class FakeVpcd {
  private readonly waiting: Array<(connection: FakeVpcdConnection) => void> = [];
  private readonly arrived: FakeVpcdConnection[] = [];
  private readonly all = new Set<FakeVpcdConnection>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static listen(options: FakeVpcdOptions = {}): Promise<FakeVpcd> {
    const server = createServer({ allowHalfOpen: !(options.closeWhenCardLeaves ?? true) });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (!address || typeof address !== 'object') return reject(new Error('the fake vpcd has no port'));
        const fake = new FakeVpcd(server, address.port);
        server.on('connection', (socket) => fake.accept(new FakeVpcdConnection(socket)));
        resolve(fake);
      });
    });
  }

  /** Resolves with the next card that connects (or one that connected and was not yet taken). */
  nextCard(): Promise<FakeVpcdConnection> {
    const ready = this.arrived.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const connection of this.all) connection.closeCard();
    });
  }

  private accept(connection: FakeVpcdConnection): void {
    this.all.add(connection);
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.arrived.push(connection);
  }
}

export class FakeVpcdConnection {
  readonly closed: Promise<void>;
  /** Settles when the card closes its side (a FIN or a drop): the moment pcscd could notice. */
  readonly cardLeft: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private readonly pending: Array<{ resolve: (reply: Uint8Array) => void; reject: (error: Error) => void }> = [];

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const payload of this.decoder.push(chunk)) this.pending.shift()?.resolve(payload);
    });
    this.cardLeft = new Promise((resolve) => {
      socket.once('end', () => resolve());
      socket.once('close', () => resolve());
    });
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        for (const waiter of this.pending.splice(0)) waiter.reject(new Error('the card connection closed before it answered'));
        resolve();
      });
    });
  }

  powerOn(): void {
    this.send(Uint8Array.of(VpcdControl.powerOn));
  }

  powerOff(): void {
    this.send(Uint8Array.of(VpcdControl.powerOff));
  }

  reset(): void {
    this.send(Uint8Array.of(VpcdControl.reset));
  }

  getAtr(): Promise<Uint8Array> {
    return this.request(Uint8Array.of(VpcdControl.getAtr));
  }

  transmit(commandApdu: Uint8Array): Promise<Uint8Array> {
    return this.request(commandApdu);
  }

  /** pcscd lets go of the card (what it does on the poll after a removal). */
  closeCard(): void {
    this.socket.destroy();
  }

  private request(payload: Uint8Array): Promise<Uint8Array> {
    const reply = new Promise<Uint8Array>((resolve, reject) => this.pending.push({ resolve, reject }));
    this.send(payload);
    return reply;
  }

  private send(payload: Uint8Array): void {
    this.socket.write(encodeFrame(payload));
  }
}
