import type { ClientRequest, IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { CentralTransport, TransportFailure, TransportOutcome, TransportRequest } from './central-transport';

export interface HttpsTransportOptions {
  readonly baseUrl: string;
  /** PEM: the CA of the server certificate, the facility's client certificate and key (mutual TLS). */
  readonly caPem: string;
  readonly clientCertificatePem: string;
  readonly clientKeyPem: string;
  readonly maxResponseBytes: number;
  readonly maxSockets: number;
}

/**
 * HTTPS with mutual TLS over one keep-alive agent. Every request has a deadline for the whole
 * exchange and honours the caller's AbortSignal; the answer's body is read up to a bound. It notes
 * whether the request can have reached the server: before the TLS handshake of a fresh connection
 * completed, no byte of it was written.
 */
export function createHttpsTransport(options: HttpsTransportOptions): CentralTransport {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets,
    ca: options.caPem,
    cert: options.clientCertificatePem,
    key: options.clientKeyPem,
  });
  // Connections whose TLS handshake is done: a request handed one of them is written at once.
  const secured = new WeakSet<Socket>();
  return {
    send: (request) => sendOnce(agent, secured, options, request),
    close: () => agent.destroy(),
  };
}

function sendOnce(agent: Agent, secured: WeakSet<Socket>, options: HttpsTransportOptions, request: TransportRequest): Promise<TransportOutcome> {
  return new Promise<TransportOutcome>((resolve) => {
    let settled = false;
    let requestWritten = false;
    let outgoing: ClientRequest | undefined;
    const finish = (outcome: TransportOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const fail = (reason: TransportFailure['reason'], detail: string) => {
      finish({ kind: 'failed', reason, requestWritten, detail });
      outgoing?.destroy();
    };
    const onAbort = () => fail('aborted', 'aborted by the caller');
    const deadline = setTimeout(() => fail('timeout', `no complete answer within ${request.timeoutMs} ms`), request.timeoutMs);

    if (request.signal?.aborted) return fail('aborted', 'aborted by the caller');
    request.signal?.addEventListener('abort', onAbort, { once: true });

    let url: URL;
    try {
      url = new URL(request.path, options.baseUrl);
    } catch {
      return fail('connection', 'the configured base URL is not a URL');
    }
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = request.body.byteLength;
    outgoing = httpsRequest(url, { method: request.method, agent, headers }, (response) =>
      readBounded(response, options.maxResponseBytes, finish, fail),
    );
    outgoing.once('socket', (socket: Socket) => {
      // A connection already open (reused, or handed over after a queued wait) takes the request at once;
      // only a new one is waited on, so no listener is left behind on a long-lived connection.
      if (outgoing?.reusedSocket === true || secured.has(socket)) requestWritten = true;
      else
        socket.once('secureConnect', () => {
          secured.add(socket);
          requestWritten = true;
        });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail('connection', error.code ?? error.message));
    outgoing.end(request.body === undefined ? undefined : Buffer.from(request.body));
  });
}

function readBounded(
  response: IncomingMessage,
  maxBytes: number,
  finish: (outcome: TransportOutcome) => void,
  fail: (reason: TransportFailure['reason'], detail: string) => void,
): void {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) return fail('too-large', `answer declares ${declared} bytes, limit ${maxBytes}`);
  const chunks: Buffer[] = [];
  let received = 0;
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) return fail('too-large', `answer exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  });
  response.once('error', (error: NodeJS.ErrnoException) => fail('connection', error.code ?? error.message));
  response.once('aborted', () => fail('connection', 'answer cut off'));
  response.once('end', () =>
    finish({ kind: 'answer', status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: new Uint8Array(Buffer.concat(chunks)) }),
  );
}
