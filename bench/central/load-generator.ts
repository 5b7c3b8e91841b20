import { performance } from 'node:perf_hooks';
import { connect, type TLSSocket } from 'node:tls';
import type { ConnectCommand, LoadCommand, LoadReply, RunCommand } from './load-protocol';

/**
 * Closed-loop HTTP/1.1 load over keep-alive mutual-TLS connections, run as a child process of
 * central.bench.ts so that its TLS and parsing work does not share the server's event loop. It speaks
 * HTTP on raw TLS sockets instead of node:https because the https client costs more CPU per request
 * than the server routes it measures, and on two cores that would be measuring the client.
 * The server always answers with content-length (central-server.ts send()), so no chunked decoding.
 */

const REQUEST_TIMEOUT_MS = 10_000;
/** After the measured window, in-flight answers get this long before their sockets are destroyed. */
const DRAIN_MS = 5_000;
const RECONNECT_DELAY_MS = 50;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

let target: ConnectCommand | undefined;
const connections: Connection[] = [];

function reply(message: LoadReply): void {
  process.send?.(message);
}

class Run {
  private next = 0;
  private readonly started = performance.now();
  readonly warmUpEnd: number;
  readonly measureEnd: number;
  readonly latencies: number[] = [];
  completed = 0;
  errors = 0;
  reconnects = 0;
  readonly errorKinds: Record<string, number> = {};
  private readonly active = new Set<Connection>();
  private readonly done: Promise<void>;
  private finish!: () => void;
  private readonly watchdog: NodeJS.Timeout;
  private readonly drainTimer: NodeJS.Timeout;
  private readonly expect: Buffer | undefined;
  private cpuAtWindowStart: NodeJS.CpuUsage | undefined;
  private cpuOverWindow: NodeJS.CpuUsage | undefined;
  private readonly cpuTimers: NodeJS.Timeout[];

  constructor(readonly command: RunCommand) {
    this.warmUpEnd = this.started + command.warmUpMs;
    this.measureEnd = this.warmUpEnd + command.measureMs;
    this.expect = command.expectInBody === undefined ? undefined : Buffer.from(command.expectInBody, 'utf8');
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.watchdog = setInterval(() => {
      for (const connection of this.active) connection.expireIfOlderThan(REQUEST_TIMEOUT_MS);
    }, 250);
    // Bounded whatever the server does: anything still in flight this late is cut off.
    this.drainTimer = setTimeout(() => {
      for (const connection of [...this.active]) connection.abandon();
    }, command.warmUpMs + command.measureMs + DRAIN_MS);
    this.cpuTimers = [
      setTimeout(() => {
        this.cpuAtWindowStart = process.cpuUsage();
      }, command.warmUpMs),
      setTimeout(() => this.endCpuWindow(), command.warmUpMs + command.measureMs),
    ];
  }

  private endCpuWindow(): void {
    this.cpuOverWindow ??= process.cpuUsage(this.cpuAtWindowStart);
  }

  get cpu(): { userMs: number; systemMs: number } {
    const usage = this.cpuOverWindow ?? { user: 0, system: 0 };
    return { userMs: usage.user / 1000, systemMs: usage.system / 1000 };
  }

  async execute(pool: Connection[]): Promise<void> {
    for (const connection of pool) this.active.add(connection);
    for (const connection of pool) connection.start(this);
    await this.done;
  }

  nextRequest(): Uint8Array {
    const requests = this.command.requests;
    const request = requests[this.next % requests.length];
    this.next += 1;
    if (request === undefined) throw new Error('no requests to send');
    return request;
  }

  inWindow(at: number): boolean {
    return at >= this.warmUpEnd && at <= this.measureEnd;
  }

  answered(at: number, latencyMs: number, status: number, body: Buffer): void {
    if (!this.inWindow(at)) return;
    this.completed += 1;
    this.latencies.push(latencyMs);
    if (status !== 200) this.error(String(status));
    else if (this.expect !== undefined && !body.includes(this.expect)) this.error('bad-body');
  }

  failed(at: number, kind: string): void {
    if (!this.inWindow(at)) return;
    this.completed += 1;
    this.error(kind);
  }

  private error(kind: string): void {
    this.errors += 1;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }

  idle(connection: Connection): void {
    this.active.delete(connection);
    if (this.active.size > 0) return;
    clearInterval(this.watchdog);
    clearTimeout(this.drainTimer);
    // The last answers can beat the window-end timer by a tick.
    if (this.cpuAtWindowStart !== undefined) this.endCpuWindow();
    for (const timer of this.cpuTimers) clearTimeout(timer);
    this.finish();
  }
}

class Connection {
  private socket: TLSSocket | undefined;
  private pending: Buffer | undefined;
  /** performance.now() when the in-flight request was written; 0 when none is in flight. */
  private sentAt = 0;
  private run: Run | undefined;

  open(): Promise<void> {
    const options = target;
    if (options === undefined) return Promise.reject(new Error('not connected yet'));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port, ca: options.caPem, cert: options.certPem, key: options.keyPem });
      socket.setNoDelay(true);
      const onConnectError = (error: Error) => reject(error);
      socket.once('error', onConnectError);
      socket.once('secureConnect', () => {
        socket.off('error', onConnectError);
        this.socket = socket;
        this.pending = undefined;
        socket.on('data', (chunk: Buffer) => {
          if (socket === this.socket) this.received(chunk);
        });
        socket.on('error', () => this.broken(socket, 'socket'));
        socket.on('close', () => this.broken(socket, 'socket'));
        resolve();
      });
    });
  }

  start(run: Run): void {
    this.run = run;
    this.sendNext();
  }

  private sendNext(): void {
    const run = this.run;
    if (run === undefined) return;
    const now = performance.now();
    if (now >= run.measureEnd) return this.stop();
    if (this.socket === undefined) return this.reconnect();
    this.sentAt = now;
    this.socket.write(run.nextRequest());
  }

  private received(chunk: Buffer): void {
    this.pending = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    const buffered = this.pending;
    const headerEnd = buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = buffered.toString('latin1', 0, headerEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    if (length === undefined) return this.fail('no-content-length');
    const total = headerEnd + HEADER_END.length + Number(length);
    if (buffered.length < total) return;
    const at = performance.now();
    const latency = at - this.sentAt;
    this.sentAt = 0;
    this.pending = buffered.length > total ? buffered.subarray(total) : undefined;
    this.run?.answered(at, latency, status, buffered.subarray(headerEnd + HEADER_END.length, total));
    // The server closes after some refusals; do not write into a closing socket.
    if (/\r\nconnection:\s*close/i.test(head)) this.drop();
    this.sendNext();
  }

  /** A request outstanding for too long is an error; its socket is replaced. */
  expireIfOlderThan(ms: number): void {
    if (this.sentAt !== 0 && performance.now() - this.sentAt > ms) this.fail('timeout');
  }

  private fail(kind: string): void {
    if (this.sentAt !== 0) this.run?.failed(performance.now(), kind);
    this.sentAt = 0;
    this.drop();
    this.scheduleNext();
  }

  private broken(socket: TLSSocket, kind: string): void {
    if (socket !== this.socket) return;
    this.fail(kind);
  }

  private scheduleNext(): void {
    if (this.run === undefined) return;
    setTimeout(() => this.sendNext(), RECONNECT_DELAY_MS);
  }

  private reconnect(): void {
    const run = this.run;
    if (run === undefined) return;
    run.reconnects += 1;
    this.open().then(
      () => this.sendNext(),
      () => {
        run.failed(performance.now(), 'connect');
        this.scheduleNext();
      },
    );
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.pending = undefined;
    socket?.destroy();
  }

  private stop(): void {
    const run = this.run;
    this.run = undefined;
    run?.idle(this);
  }

  /** End of the drain period: whatever is in flight is not counted, and the socket is not trusted. */
  abandon(): void {
    if (this.sentAt !== 0) {
      this.sentAt = 0;
      this.drop();
    }
    this.stop();
  }

  close(): void {
    this.run = undefined;
    this.drop();
  }
}

async function handle(command: LoadCommand): Promise<void> {
  switch (command.type) {
    case 'connect': {
      target = command;
      for (let index = 0; index < command.connections; index += 1) connections.push(new Connection());
      await Promise.all(connections.map((connection) => connection.open()));
      reply({ type: 'connected' });
      return;
    }
    case 'run': {
      const run = new Run(command);
      await run.execute(connections);
      reply({
        type: 'result',
        name: command.name,
        completed: run.completed,
        errors: run.errors,
        errorKinds: run.errorKinds,
        measuredMs: command.measureMs,
        latenciesMs: Float64Array.from(run.latencies),
        reconnects: run.reconnects,
        cpu: run.cpu,
      });
      return;
    }
    case 'close': {
      for (const connection of connections) connection.close();
      process.disconnect?.();
      return;
    }
  }
}

process.on('message', (command: LoadCommand) => {
  handle(command).catch((error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});
// Never outlive the benchmark process.
process.on('disconnect', () => process.exit(0));
