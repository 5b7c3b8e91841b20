/** Messages between central.bench.ts and its load-generator child process (IPC, `serialization: 'advanced'`). */

export interface ConnectCommand {
  type: 'connect';
  host: string;
  port: number;
  /** PEM: the CA the server must chain to, and the facility's client certificate and key. */
  caPem: string;
  certPem: string;
  keyPem: string;
  connections: number;
}

export interface RunCommand {
  type: 'run';
  name: string;
  /** Complete HTTP/1.1 requests, sent in rotation (one connection takes the next one each time). */
  requests: Uint8Array[];
  warmUpMs: number;
  measureMs: number;
  /** A 200 whose body lacks this text is an error too (a 200 can carry a processing error). */
  expectInBody?: string;
}

export interface CloseCommand {
  type: 'close';
}

export type LoadCommand = ConnectCommand | RunCommand | CloseCommand;

export interface RunResult {
  type: 'result';
  name: string;
  /** Answers that completed inside the measured window, errors included. */
  completed: number;
  errors: number;
  /** Keyed by HTTP status, 'bad-body', 'timeout' or 'socket'. */
  errorKinds: Record<string, number>;
  measuredMs: number;
  /** Per answer in the measured window, ms, in completion order. */
  latenciesMs: Float64Array;
  /** Connections re-opened during the run (the server closed one, or it failed). */
  reconnects: number;
  /** The generator's own CPU time over the measured window, ms: shows whether it, not the server, was the limit. */
  cpu: { userMs: number; systemMs: number };
}

export type LoadReply = { type: 'connected' } | RunResult | { type: 'failed'; message: string };
