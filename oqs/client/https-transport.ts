import { Agent, request } from 'node:https';

/** Why an exchange with the central system produced no HTTP answer. */
export type TransportFailureKind = 'unavailable' | 'timeout' | 'too-large';

export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    /** True when the request may have reached the server (bytes were written): never retry then. */
    readonly maybeDelivered: boolean,
  ) {
    super(message);
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface MutualTlsOptions {
  readonly baseUrl: string;
  readonly caPem: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** Largest answer read; a longer one is refused, never buffered whole. */
  readonly maxAnswerBytes?: number;
}

const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * HTTPS with the facility's client certificate over one keep-alive agent. One job: send a JSON body,
 * return the status and text, or a TransportFailure saying whether the request may have arrived.
 */
export class MutualTlsTransport {
  private readonly agent: Agent;
  private readonly maxAnswerBytes: number;

  constructor(private readonly options: MutualTlsOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 8, ca: options.caPem, cert: options.certificatePem, key: options.privateKeyPem });
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  }

  postJson(path: string, value: unknown, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const url = new URL(path, this.options.baseUrl);
    return new Promise((resolve, reject) => {
      let written = false;
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
      };
      const outgoing = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length, accept: 'application/json' },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxAnswerBytes) {
              incoming.destroy();
              settle(() => reject(new TransportFailure('too-large', `answer over ${this.maxAnswerBytes} bytes`, true)));
              return;
            }
            chunks.push(chunk);
          });
          incoming.once('error', (error) => settle(() => reject(new TransportFailure('unavailable', error.message, true))));
          incoming.once('end', () =>
            settle(() =>
              resolve({ status: incoming.statusCode ?? 0, contentType: String(incoming.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
            ),
          );
        },
      );
      const timer = setTimeout(() => {
        settle(() => reject(new TransportFailure('timeout', `no answer within ${timeoutMs} ms`, written)));
        outgoing.destroy();
      }, timeoutMs);
      outgoing.once('socket', (socket) => socket.once('secureConnect', () => (written = true)));
      outgoing.once('error', (error) => settle(() => reject(new TransportFailure('unavailable', error.message, written))));
      outgoing.end(body, () => {
        written = true;
      });
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
