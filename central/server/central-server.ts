import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { CardCertificateVerifier } from '../../crypto/verify';
import { FaultInjector } from '../faults';
import {
  createBulkReceptionRepository,
  createChallengeStore,
  createConsentRepository,
  createFaultSettings,
  createFacilityRepository,
  createMedicalRecordsReader,
  createPersonLookup,
  createProvisionHistory,
  createReaderKeyRepository,
  createReferenceNumberRepository,
  createRefusalAudit,
  createTokenRepository,
  type RefusalOperation,
  type SqliteDatabase,
} from '../store';
import { BulkService } from '../service/bulk-service';
import { CardIdentityResolver, DEFAULT_CARD_IDENTITY_OPTIONS, type CardIdentityOptions } from '../service/card-identity';
import { CentralRefusal } from '../service/central-errors';
import { MedicalDataService } from '../service/medical-data-service';
import { PortalService } from '../service/portal-service';
import { PresenceService } from '../service/presence-service';
import { QualificationService } from '../service/qualification-service';
import { ReferenceNumberService } from '../service/reference-number-service';
import { DEFAULT_SERVICE_SETTINGS, type ConnectedFacility, type ServiceContext, type ServiceSettings } from '../service/service-context';
import { errorAnswer, errorFormatOf, NO_FACILITY_CODE, type Answer } from './error-answer';
import { FacilityAuthenticator } from './facility-auth';
import { centralOpenApiDocument } from './openapi-document';
import { passFaultGate } from './fault-gate';
import { refusalOfError } from './refusal-of-error';
import { authenticateRequest } from './request-authentication';
import { RequestHolds } from './request-holds';
import { SharedFaults } from './shared-faults';
import type { Route } from './route';
import { centralRoutes } from './routes';
import { TokenIssuer } from './token-issuer';

export interface CentralServerOptions {
  /** PEM: the server's key and certificate, the facility CA that client certificates must chain to, and its CRL. */
  tls: { key: string; cert: string; ca: string; crl?: string };
  /** An opened, migrated and seeded store; the server does not close it. */
  db: SqliteDatabase;
  verifier: CardCertificateVerifier;
  /** Loopback only; default 0 (a free port). */
  port?: number;
  /** The server's clock; tests pass an injected one. */
  now?: () => Date;
  /** Default 10 minutes. */
  tokenLifetimeMs?: number;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  settings?: Partial<ServiceSettings>;
  faults?: FaultInjector;
  /** For the admin API; a random one when absent (see `adminToken` on the result). */
  adminToken?: string;
  /** How long a presence challenge stays good; default 2 minutes. */
  challengeTtlMs?: number;
  /** How long an injected timeout holds a request before answering 408; default 30 s. */
  timeoutHoldMs?: number;
  identityCache?: Partial<CardIdentityOptions>;
  /** Called when a routed request's body was read, before faults and the operation: tests wait on this. */
  onReceived?: (event: { method: string; path: string }) => void;
  /** Called after each answer with its route and status: tests wait on this, not on time. */
  onAnswered?: (event: { method: string; path: string; status: number }) => void;
}

export interface CentralServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  readonly faults: FaultInjector;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * The mock オンライン資格確認等システム over HTTPS with mutual TLS on loopback, on fastify. Every answer
 * is either the operation's message or the coded error envelope — for any request target, body or
 * failure, including the framework's own (bad URL, over-limit body) — every refusal is audited, and
 * nothing from an exception reaches a client. stop() ends held requests and closes every connection.
 */
export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 10 * 60 * 1000;
  const timeoutHoldMs = options.timeoutHoldMs ?? 30_000;
  const challengeTtlMs = options.challengeTtlMs ?? 2 * 60 * 1000;
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const faults = options.faults ?? new FaultInjector();
  const sharedFaults = new SharedFaults(faults, createFaultSettings(options.db));
  const { db } = options;

  const refusals = createRefusalAudit(db);
  const audit = (code: string, operation: RefusalOperation, medicalInstitutionCode: string | undefined, at: Date, source?: string) => {
    refusals.append({ occurredAt: at, operation, code, ...(medicalInstitutionCode === undefined ? {} : { medicalInstitutionCode }), ...(source === undefined ? {} : { source }) });
  };
  const people = createPersonLookup(db);
  const context: ServiceContext = {
    people,
    consents: createConsentRepository(db),
    provisions: createProvisionHistory(db),
    records: createMedicalRecordsReader(db),
    identities: new CardIdentityResolver(options.verifier, people, { ...DEFAULT_CARD_IDENTITY_OPTIONS, ...options.identityCache }),
    settings: { ...DEFAULT_SERVICE_SETTINGS, ...options.settings },
    auditRefusal: audit,
    // IMMEDIATE: the write lock is taken at BEGIN, so a transaction that reads, then writes, waits for
    // another process's writer instead of failing when it upgrades.
    inTransaction: (work) => db.transaction(work).immediate(),
  };
  const qualification = new QualificationService(context);
  const challenges = createChallengeStore(db);
  const tokens = new TokenIssuer(createTokenRepository(db), tokenLifetimeMs);
  const facilities = new FacilityAuthenticator(createFacilityRepository(db));
  const routes = centralRoutes({
    qualification,
    bulk: new BulkService(context, qualification, createBulkReceptionRepository(db)),
    medical: new MedicalDataService(context),
    referenceNumbers: new ReferenceNumberService(context, createReferenceNumberRepository(db)),
    portal: new PortalService(context, challenges),
    presence: new PresenceService(challenges, createReaderKeyRepository(db), challengeTtlMs),
    tokens,
    faults: sharedFaults,
    refusals,
    consentNaming: context.settings.consentNaming,
    openApiDocument: () => (openApi ??= centralOpenApiDocument(routes, url)),
  });
  let url = '';
  let openApi: unknown;
  const holds = new RequestHolds();
  const pathsKnown = new Set(routes.map((route) => route.path));
  const authentication = { facilities, tokens, adminToken };

  const app = Fastify({
    https: {
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.ca,
      ...(options.tls.crl === undefined ? {} : { crl: options.tls.crl }),
      requestCert: true,
      // Refused at the HTTP layer instead, so each refusal gets its coded envelope and its audit row.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    logger: false,
    bodyLimit: maxBodyBytes,
    keepAliveTimeout: 30_000,
    requestTimeout: 60_000,
    forceCloseConnections: true,
    return503OnClosing: true,
    // Bad request targets and the like reach the same envelope as every other refusal.
    frameworkErrors: (error, request, reply) => void answerRefusal(error, request, reply),
    // Bytes the HTTP parser cannot read as a request at all: the envelope, written raw, then close.
    clientErrorHandler: (error, socket) => answerClientError(error, socket),
  });

  const answerClientError = (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const at = now();
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST';
    const claimed = facilities.claimedCode(socket as TLSSocket);
    try {
      audit(code, 'unrouted', claimed, at, socket.remoteAddress);
    } catch {
      process.stderr.write('central: could not write the refusal audit\n');
    }
    const answer = errorAnswer(code, undefined, { kind: 'json' }, claimed ?? NO_FACILITY_CODE, at);
    const head = `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? 'Error'}\r\ncontent-type: ${answer.contentType}\r\ncontent-length: ${answer.body.length}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n`;
    socket.end(Buffer.concat([Buffer.from(head, 'latin1'), answer.body]));
  };

  /** Per request: when it arrived and which facility it proved to be (set by the route's hook). */
  const arrivals = new WeakMap<FastifyRequest, { at: Date; facility?: ConnectedFacility }>();
  const arrivalOf = (request: FastifyRequest) => {
    let arrival = arrivals.get(request);
    if (arrival === undefined) arrivals.set(request, (arrival = { at: now() }));
    return arrival;
  };
  const socketOf = (request: FastifyRequest) => request.raw.socket as TLSSocket;

  const send = (reply: FastifyReply, answer: Answer) => {
    if (reply.sent) return;
    if (reply.raw.destroyed) {
      // Nobody reads it; tests still learn that the request was dealt with.
      options.onAnswered?.({ method: reply.request.method, path: reply.request.routeOptions.url ?? '', status: answer.status });
      return;
    }
    void reply
      .code(answer.status)
      .headers({ 'content-type': answer.contentType, 'cache-control': 'no-store', ...(answer.close ? { connection: 'close' } : {}) })
      .send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
  };

  const answerRefusal = (error: unknown, request: FastifyRequest, reply: FastifyReply, route?: Route) => {
    const { refusal, unexpected } = refusalOfError(error);
    const { at, facility } = arrivalOf(request);
    if (unexpected) process.stderr.write(`central: internal error on ${request.method} ${route?.path ?? 'an unrouted path'}: ${error instanceof Error ? error.name : typeof error}\n`);
    const claimed = facility?.medicalInstitutionCode ?? facilities.claimedCode(socketOf(request));
    try {
      audit(refusal.code, route?.operation ?? 'unrouted', claimed, at, request.raw.socket.remoteAddress);
    } catch {
      process.stderr.write('central: could not write the refusal audit\n');
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = errorAnswer(refusal.code, refusal.detail, errorFormatOf(request.headers['content-type'], body), claimed ?? NO_FACILITY_CODE, at);
    // A body we did not read, or a client that broke off, ends the connection after the answer.
    send(reply, { ...answer, close: refusal.code === 'BODY_TOO_LARGE' || refusal.code === 'REQUEST_ABORTED' });
  };

  // Every body is raw bytes to the routes: the wire format decides what they are.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      // Who is asking is settled before the body is read: a stranger's body is never buffered.
      onRequest: async (request) => {
        const arrival = arrivalOf(request);
        const facility = authenticateRequest(route.auth, request.headers, socketOf(request), arrival.at, authentication);
        if (facility !== undefined) arrival.facility = facility;
      },
      handler: async (request, reply) => {
        const { at, facility } = arrivalOf(request);
        options.onReceived?.({ method: route.method, path: route.path });
        if (route.faultable) await passFaultGate(sharedFaults, holds, route.operation, at, timeoutHoldMs, socketOf(request));
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const answer = await route.handle({
          headers: request.headers,
          body,
          url: new URL(request.url, 'https://central.invalid'),
          socket: socketOf(request),
          now: at,
          clientGone: () => request.raw.socket.destroyed,
          ...(facility === undefined ? {} : { facility }),
        });
        send(reply, answer);
      },
      errorHandler: (error, request, reply) => answerRefusal(error, request, reply, route),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    answerRefusal(new CentralRefusal(pathsKnown.has(path) ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND'), request, reply);
  });
  app.setErrorHandler((error, request, reply) => answerRefusal(error, request, reply));
  app.addHook('onResponse', async (request, reply) => {
    options.onAnswered?.({ method: request.method, path: request.routeOptions.url ?? request.url.split('?')[0] ?? '', status: reply.statusCode });
  });
  app.server.on('tlsClientError', (_error: Error, socket: TLSSocket) => {
    // A failed handshake has no HTTP request to answer; it is counted as an authentication refusal.
    try {
      audit('CLIENT_CERTIFICATE_UNKNOWN', 'authentication', undefined, now(), socket.remoteAddress);
    } catch {
      process.stderr.write('central: could not write the refusal audit\n');
    }
  });
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await app.listen({ host: HOST, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  url = `https://${HOST}:${port}`;

  return {
    url,
    port,
    adminToken,
    faults,
    stop: async () => {
      holds.releaseAll();
      for (const socket of sockets) socket.destroy();
      await app.close();
    },
  };
}
