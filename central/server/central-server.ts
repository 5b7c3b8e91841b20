import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CardCertificateVerifier } from '../../crypto/verify';
import { FaultInjector } from '../faults';
import {
  createChallengeStore,
  createConsentRepository,
  createFacilityRepository,
  createMedicalRecordsReader,
  createPersonLookup,
  createProvisionHistory,
  createReaderKeyRepository,
  createRefusalAudit,
  type RefusalOperation,
  type SqliteDatabase,
} from '../store';
import { BulkService } from '../service/bulk-service';
import { CardIdentityResolver, DEFAULT_CARD_IDENTITY_OPTIONS, type CardIdentityOptions } from '../service/card-identity';
import { CentralRefusal, isCentralRefusal } from '../service/central-errors';
import { MedicalDataService } from '../service/medical-data-service';
import { PortalService } from '../service/portal-service';
import { PresenceService } from '../service/presence-service';
import { QualificationService } from '../service/qualification-service';
import { DEFAULT_SERVICE_SETTINGS, type ServiceContext, type ServiceSettings } from '../service/service-context';
import { errorAnswer, errorFormatOf, NO_FACILITY_CODE, type Answer } from './error-answer';
import { FacilityAuthenticator } from './facility-auth';
import { centralOpenApiDocument } from './openapi-document';
import { readBody } from './read-body';
import type { Route, RoutedRequest } from './route';
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

/**
 * The mock オンライン資格確認等システム over HTTPS with mutual TLS on loopback. Every answer is either
 * the operation's message or the coded error envelope; every refusal is audited; nothing from an
 * exception reaches a client. stop() ends held requests and closes every connection.
 */
export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 10 * 60 * 1000;
  const timeoutHoldMs = options.timeoutHoldMs ?? 30_000;
  const challengeTtlMs = options.challengeTtlMs ?? 2 * 60 * 1000;
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const faults = options.faults ?? new FaultInjector();
  const { db } = options;

  const refusals = createRefusalAudit(db);
  const audit = (code: string, operation: RefusalOperation, medicalInstitutionCode: string | undefined, at: Date) => {
    refusals.append({ occurredAt: at, operation, code, ...(medicalInstitutionCode === undefined ? {} : { medicalInstitutionCode }) });
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
  };
  const qualification = new QualificationService(context);
  const challenges = createChallengeStore(db);
  const tokens = new TokenIssuer(tokenLifetimeMs);
  const facilities = new FacilityAuthenticator(createFacilityRepository(db));
  const routes = centralRoutes({
    qualification,
    bulk: new BulkService(context, qualification),
    medical: new MedicalDataService(context),
    portal: new PortalService(context, challenges),
    presence: new PresenceService(challenges, createReaderKeyRepository(db), challengeTtlMs),
    tokens,
    faults,
    refusals,
    consentNaming: context.settings.consentNaming,
    openApiDocument: () => (openApi ??= centralOpenApiDocument(routes, `https://${HOST}:${port}`)),
  });
  let port = 0;
  let openApi: unknown;
  const routeTable = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  const pathsKnown = new Set(routes.map((route) => route.path));

  const sockets = new Set<Socket>();
  const held = new Set<() => void>();
  /** Resolves after `ms`, or early when the client goes away; either way nothing is left behind. */
  const wait = (ms: number, request: IncomingMessage) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        held.delete(done);
        request.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      held.add(done);
      request.socket.once('close', done);
    });

  const send = (response: ServerResponse, answer: Answer, method: string, path: string) => {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': answer.body.length,
      'cache-control': 'no-store',
      ...(answer.close ? { connection: 'close' } : {}),
    });
    response.end(answer.body);
    options.onAnswered?.({ method, path, status: answer.status });
  };

  const authenticate = (route: Route, request: IncomingMessage, socket: TLSSocket, at: Date): RoutedRequest['facility'] => {
    switch (route.auth) {
      case 'none':
        return undefined;
      case 'admin': {
        const presented = Buffer.from(String(request.headers['authorization'] ?? '').replace(/^Bearer\s+/i, ''));
        const expected = Buffer.from(adminToken);
        if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new CentralRefusal('ADMIN_TOKEN_INVALID');
        return undefined;
      }
      case 'person':
        // やりとり履歴 is the person's: a connection that shows a facility certificate is turned away.
        if (socket.getPeerCertificate(false)?.raw !== undefined) throw new CentralRefusal('FACILITY_CERTIFICATE_NOT_ALLOWED');
        return undefined;
      case 'client-certificate':
      case 'token': {
        const { facility, certificateSha256 } = facilities.authenticate(socket);
        if (route.auth === 'token') tokens.check(request.headers['authorization'], certificateSha256, at);
        return { facilityId: facility.facilityId, medicalInstitutionCode: facility.medicalInstitutionCode, certificateSha256 };
      }
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const at = now();
    const socket = request.socket as TLSSocket;
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', `https://${HOST}`);
    const route = routeTable.get(`${method} ${url.pathname}`);
    let body: Buffer = Buffer.alloc(0);
    let facilityCode: string | undefined;
    try {
      if (route === undefined) throw new CentralRefusal(pathsKnown.has(url.pathname) ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND');
      const facility = authenticate(route, request, socket, at);
      facilityCode = facility?.medicalInstitutionCode;
      body = await readBody(request, maxBodyBytes);
      if (route.faultable) {
        const decision = faults.decide(route.operation, at);
        if (decision.kind === 'outage') throw new CentralRefusal('SERVICE_UNAVAILABLE');
        if (decision.kind === 'timeout') {
          await wait(timeoutHoldMs, request);
          throw new CentralRefusal('REQUEST_TIMEOUT');
        }
        await wait(decision.delayMs, request);
        if (decision.kind === 'error') throw new CentralRefusal('INJECTED_ERROR');
      }
      const answer = await route.handle({ headers: request.headers, body, url, socket, now: at, ...(facility === undefined ? {} : { facility }) });
      send(response, answer, method, url.pathname);
    } catch (error) {
      const refusal = isCentralRefusal(error) ? error : new CentralRefusal('INTERNAL');
      if (!isCentralRefusal(error)) process.stderr.write(`central: internal error on ${method} ${url.pathname}: ${error instanceof Error ? error.name : typeof error}\n`);
      const claimed = facilityCode ?? facilities.claimedCode(socket);
      try {
        audit(refusal.code, route?.operation ?? 'unrouted', claimed, at);
      } catch {
        process.stderr.write('central: could not write the refusal audit\n');
      }
      const answer = errorAnswer(refusal.code, refusal.detail, errorFormatOf(request.headers['content-type'], body), claimed ?? NO_FACILITY_CODE, at);
      send(response, { ...answer, close: refusal.code === 'BODY_TOO_LARGE' || refusal.code === 'REQUEST_ABORTED' }, method, url.pathname);
    }
  };

  const server: Server = createServer(
    {
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.ca,
      ...(options.tls.crl === undefined ? {} : { crl: options.tls.crl }),
      requestCert: true,
      // Refused at the HTTP layer instead, so each refusal gets its coded envelope and its audit row.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (request, response) => void handle(request, response),
  );
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {
    // A failed handshake has no HTTP request to answer; it is counted as an authentication refusal.
    audit('CLIENT_CERTIFICATE_UNKNOWN', 'authentication', undefined, now());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `https://${HOST}:${port}`,
    port,
    adminToken,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const release of [...held]) release();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

