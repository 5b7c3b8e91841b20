import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { issueOcspResponderCertificate } from '../../crypto/mock-ca';
import type { JpkiCertificateKind, KeyAndCertificate, PkiCryptoEngine, TestPki } from '../../crypto/mock-ca';
import { crlAnswer, ocspAnswer } from './answers';
import type { AnswerSettings } from './answers';
import { DEFAULT_JLIS_BEHAVIOUR } from './behaviour';
import type { JlisBehaviour } from './behaviour';
import { RevocationRegistry } from './revocation-registry';
import type { IssuedSerial } from './revocation-registry';

/**
 * A J-LIS-like revocation service on 127.0.0.1: CRLs per CA generation and OCSP, answered from a
 * TestPki. Routes:
 *   GET  /crl/<user-auth|signing>/<YYYY-MM-DD>.crl      application/pkix-crl
 *   POST /ocsp   (application/ocsp-request, RFC 6960 §A.1.1)  application/ocsp-response
 *   GET  /ocsp/<base64 of the DER request, URL-encoded>
 * Bounded: request bodies are capped, and stop() closes every connection and cancels pending delays.
 */
export interface JlisResponderOptions {
  pki: TestPki;
  engine: PkiCryptoEngine;
  /** The responder's clock; tests pass their fixed check time. */
  now: () => Date;
  /** 'delegated' issues one id-kp-OCSPSigning certificate per CA generation at start (RSA keygen each). */
  ocspSigner?: 'ca' | 'delegated';
  behaviour?: Partial<JlisBehaviour>;
  /** Default 24. */
  crlValidityHours?: number;
  /** Default 24. */
  ocspValidityHours?: number;
  /** Serials the responder treats as issued beyond the PKI's holders (OCSP "good" rather than "unknown"). */
  extraIssued?: ReadonlyArray<IssuedSerial>;
  /** Default 0: a free port. */
  port?: number;
  /** Called as each request is routed, before any latency: lets tests wait for an event instead of sleeping. */
  onRequest?: (route: 'crl' | 'ocsp') => void;
}

export interface JlisResponder {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly ocspUrl: string;
  crlUrl(kind: JpkiCertificateKind, generation: string): string;
  /** CRL URL per user-auth generation, the shape a verifier's config takes. */
  userAuthCrlUrls(): Record<string, string>;
  setBehaviour(change: Partial<JlisBehaviour>): void;
  readonly behaviour: JlisBehaviour;
  /** Requests answered or refused so far, by route. */
  readonly counts: { crl: number; ocsp: number };
  stop(): Promise<void>;
}

const MAX_REQUEST_BYTES = 64 * 1024;
const MAX_DRAIN_BYTES = 1024 * 1024;
const MALFORMED_BODY = Buffer.from('this is not DER', 'ascii');
const CRL_PATH = /^\/crl\/(user-auth|signing)\/(\d{4}-\d{2}-\d{2})\.crl$/;

async function delegatedSignersFor(options: JlisResponderOptions): Promise<Map<string, KeyAndCertificate>> {
  const signers = new Map<string, KeyAndCertificate>();
  if (options.ocspSigner !== 'delegated') return signers;
  for (const [kind, generations] of [['user-auth', options.pki.caGenerations.userAuth], ['signing', options.pki.caGenerations.signing]] as const) {
    for (const ca of generations) {
      const label = `${kind}/${ca.generation}`;
      signers.set(label, await issueOcspResponderCertificate(options.pki.seed, ca, label, options.engine));
    }
  }
  return signers;
}

/**
 * The request body, or undefined when it exceeds MAX_REQUEST_BYTES. An oversized body is drained (so
 * the client can read the 413) up to MAX_DRAIN_BYTES; beyond that the connection is cut.
 */
function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        request.destroy();
        resolve(undefined);
      } else if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : new Uint8Array(Buffer.concat(chunks))));
    request.on('error', () => resolve(undefined));
  });
}

export async function startJlisResponder(options: JlisResponderOptions): Promise<JlisResponder> {
  const settings: AnswerSettings = {
    pki: options.pki,
    registry: new RevocationRegistry(options.pki, options.extraIssued),
    engine: options.engine,
    crlValidityHours: options.crlValidityHours ?? 24,
    ocspValidityHours: options.ocspValidityHours ?? 24,
    delegatedSigners: await delegatedSignersFor(options),
  };
  let behaviour: JlisBehaviour = { ...DEFAULT_JLIS_BEHAVIOUR, ...options.behaviour };
  const counts = { crl: 0, ocsp: 0 };
  const sockets = new Set<Socket>();
  const delays = new Set<{ timer: NodeJS.Timeout; release: () => void }>();
  let stopping = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const delay = { timer: setTimeout(() => (delays.delete(delay), resolve()), ms), release: resolve };
      delays.add(delay);
    });

  const send = (response: ServerResponse, status: number, contentType: string, body: Uint8Array) => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length), 'cache-control': 'no-store' });
    response.end(Buffer.from(body));
  };

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = pathOf(request.url);
    if (path === undefined) return send(response, 400, 'text/plain', Buffer.from('malformed request target'));
    const crlMatch = CRL_PATH.exec(path);
    const isOcspPost = request.method === 'POST' && path === '/ocsp';
    const isOcspGet = request.method === 'GET' && path.startsWith('/ocsp/');
    if (!crlMatch && !isOcspPost && !isOcspGet) return send(response, 404, 'text/plain', Buffer.from('not found'));
    if (crlMatch && request.method !== 'GET') return send(response, 405, 'text/plain', Buffer.from('method not allowed'));
    if (crlMatch) counts.crl += 1;
    else counts.ocsp += 1;
    options.onRequest?.(crlMatch ? 'crl' : 'ocsp');

    const body = isOcspPost ? await readBody(request) : new Uint8Array();
    if (body === undefined) return send(response, 413, 'text/plain', Buffer.from('request too large'));
    await wait(behaviour.latencyMs);
    if (stopping) return;
    const { failure } = behaviour;
    if (failure === 'reset') {
      request.socket.destroy();
      return;
    }
    if (failure === 'unavailable') return send(response, 503, 'text/plain', Buffer.from('unavailable'));

    if (crlMatch) {
      const registered = settings.registry.generation(crlMatch[1] as JpkiCertificateKind, crlMatch[2] ?? '');
      if (!registered) return send(response, 404, 'text/plain', Buffer.from('no such CA generation'));
      if (failure === 'malformed') return send(response, 200, 'application/pkix-crl', MALFORMED_BODY);
      return send(response, 200, 'application/pkix-crl', await crlAnswer(settings, registered, options.now(), failure));
    }
    if (failure === 'malformed') return send(response, 200, 'application/ocsp-response', MALFORMED_BODY);
    const requestDer = isOcspPost ? body : ocspGetRequestOf(path);
    if (requestDer === undefined) return send(response, 400, 'text/plain', Buffer.from('malformed percent-encoding'));
    return send(response, 200, 'application/ocsp-response', await ocspAnswer(settings, requestDer, options.now(), failure));
  };

  const server = createServer((request, response) => {
    answer(request, response).catch(() => send(response, 500, 'text/plain', Buffer.from('internal error')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the responder has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    ocspUrl: `${url}/ocsp`,
    crlUrl: (kind, generation) => `${url}/crl/${kind}/${generation}.crl`,
    userAuthCrlUrls: () => Object.fromEntries(options.pki.caGenerations.userAuth.map((ca) => [ca.generation, `${url}/crl/user-auth/${ca.generation}.crl`])),
    setBehaviour: (change) => {
      behaviour = { ...behaviour, ...change };
    },
    get behaviour() {
      return behaviour;
    },
    counts,
    stop: async () => {
      stopping = true;
      for (const delay of delays) {
        clearTimeout(delay.timer);
        delay.release();
      }
      delays.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** The path of a request target, or undefined for a target that is no URL path. */
function pathOf(target: string | undefined): string | undefined {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

/** The DER of an OCSP GET (RFC 6960 A.1: base64, then percent-encoded), or undefined when it is not percent-encoded right. */
function ocspGetRequestOf(path: string): Uint8Array | undefined {
  try {
    return new Uint8Array(Buffer.from(decodeURIComponent(path.slice('/ocsp/'.length)), 'base64'));
  } catch {
    return undefined;
  }
}
