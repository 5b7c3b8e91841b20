import { chmod, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  failureOf,
  MAX_CONTROL_MESSAGE_BYTES,
  parseControlRequest,
  type ControlRequest,
  type ControlResponse,
  type ReaderStatus,
} from './control-protocol';
import type { CounterStore } from './counter-store';
import type { ProfileSource } from './profile-directory';
import { VirtualCard } from './virtual-card';
import { VirtualCardError } from './virtual-card-error';
import { vpcdReaderName, VirtualCardSlot, type VirtualCardSlotOptions, type VpcdReaderIndex } from './virtual-card-slot';

export interface ControlServerOptions {
  /** The Unix socket; never a TCP port, so only local users with access to the folder can drive it. */
  socketPath: string;
  profiles: ProfileSource;
  counters: CounterStore;
  /** Per-reader slot options (tests point slots at a fake vpcd). */
  slotOptions?: (reader: VpcdReaderIndex) => VirtualCardSlotOptions;
}

const READERS: readonly VpcdReaderIndex[] = [0, 1];

/**
 * The CLI's long-running side: holds the slots and their cards, answers control requests one at a
 * time, and on close takes every card out and deletes its socket.
 */
export class ControlServer {
  private readonly slots = new Map<VpcdReaderIndex, VirtualCardSlot<VirtualCard>>();
  private readonly connections = new Set<Socket>();
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly options: ControlServerOptions,
    private readonly server: Server,
  ) {}

  static async start(options: ControlServerOptions): Promise<ControlServer> {
    await clearStaleSocket(options.socketPath);
    const server = createServer();
    const controlServer = new ControlServer(options, server);
    server.on('connection', (socket) => controlServer.serveConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(options.socketPath, 0o600);
    return controlServer;
  }

  /** Runs one request after any before it; never throws, failures are answers. */
  handle(request: ControlRequest): Promise<ControlResponse> {
    const result = this.queue.then(() => this.execute(request)).catch(failureOf);
    this.queue = result;
    return result;
  }

  /** Stops listening, removes every card (pcscd sees them go) and deletes the socket file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      await this.queue;
      // A client that never finished its request must not hold the shutdown.
      for (const connection of this.connections) connection.destroy();
      await Promise.all([...this.slots.values()].map((slot) => slot.remove().catch(() => undefined)));
      await stopped;
      await rm(this.options.socketPath, { force: true });
    })();
    return this.closing;
  }

  private async execute(request: ControlRequest): Promise<ControlResponse> {
    switch (request.command) {
      case 'insert': {
        const card = await this.cardFor(request.profileId);
        await this.slot(request.reader).insert(card);
        return { ok: true, command: 'insert', reader: request.reader, profileId: request.profileId };
      }
      case 'remove': {
        const removed = await this.slot(request.reader).remove();
        return { ok: true, command: 'remove', reader: request.reader, removedProfileId: removed?.profile.id ?? null };
      }
      case 'swap': {
        // Load first: a bad profile must not leave the reader empty.
        const card = await this.cardFor(request.profileId);
        const removed = await this.slot(request.reader).swap(card);
        return { ok: true, command: 'swap', reader: request.reader, profileId: request.profileId, removedProfileId: removed?.profile.id ?? null };
      }
      case 'status':
        return { ok: true, command: 'status', readers: READERS.map((reader) => this.readerStatus(reader)) };
    }
  }

  private async cardFor(profileId: string): Promise<VirtualCard> {
    return new VirtualCard({ profile: await this.options.profiles.load(profileId), counters: this.options.counters });
  }

  private readerStatus(reader: VpcdReaderIndex): ReaderStatus {
    const slot = this.slot(reader);
    const card = slot.card;
    return { reader, readerName: vpcdReaderName(reader), port: slot.port, profileId: card?.profile.id ?? null, counters: card?.keyCounters() ?? [] };
  }

  private slot(reader: VpcdReaderIndex): VirtualCardSlot<VirtualCard> {
    let slot = this.slots.get(reader);
    if (!slot) {
      slot = new VirtualCardSlot<VirtualCard>(reader, this.options.slotOptions?.(reader));
      this.slots.set(reader, slot);
    }
    return slot;
  }

  private serveConnection(socket: Socket): void {
    let received = '';
    let answered = false;
    const answer = (response: ControlResponse): void => {
      if (answered) return;
      answered = true;
      socket.end(`${JSON.stringify(response)}\n`);
    };
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      if (answered) return;
      received += chunk;
      if (Buffer.byteLength(received) > MAX_CONTROL_MESSAGE_BYTES) {
        answer(failureOf(new VirtualCardError('CONTROL_REQUEST_INVALID', `a request is at most ${MAX_CONTROL_MESSAGE_BYTES} bytes`)));
        return;
      }
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      let request: ControlRequest;
      try {
        request = parseControlRequest(JSON.parse(received.slice(0, newline)));
      } catch (error) {
        answer(failureOf(error instanceof SyntaxError ? new VirtualCardError('CONTROL_REQUEST_INVALID', 'a request must be one line of JSON') : error));
        return;
      }
      if (this.closing) {
        answer(failureOf(new VirtualCardError('CONTROL_SERVER_NOT_RUNNING', 'the control server is shutting down')));
        return;
      }
      void this.handle(request).then(answer);
    });
  }
}

/** A socket file left by a crashed server is removed; one a live server answers on is an error. */
async function clearStaleSocket(socketPath: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new VirtualCardError('CONTROL_SERVER_RUNNING', `a control server already listens on ${socketPath}`);
  await rm(socketPath, { force: true });
}
