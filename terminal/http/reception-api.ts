import type { IncomingMessage, ServerResponse } from 'node:http';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kiosk } from '../reception-terminal';
import { frameOfMessage } from './frame-message';
import { fromOwnOrigin, refuse } from './refusal';
import { SECURITY_HEADERS } from './static-files';

export interface ReceptionApiOptions {
  readonly kiosks: ReadonlyMap<string, Kiosk>;
  /**
   * Staff actions need this bearer token until the console's accounts exist (staff console issue); the
   * account it stands for is what the audit log records.
   */
  readonly staff: { readonly token: string; readonly account: string };
  /** Audits what a staff account did at a kiosk (the event type, never 照合番号B). */
  readonly recordStaffAction?: (action: { kioskId: string; staffId: string; action: string; receptionId: string | undefined }) => Promise<void>;
  /** Serves the renderer's files for every other GET (browser mode). */
  readonly staticFiles?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

/** STAFF_VISUAL_CHECK_APPROVED for staff.visualCheck.approved: an audit action code. */
function eventTypeOf(body: unknown): string {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase() : 'STAFF_EVENT';
}

/**
 * The terminal's HTTP + WebSocket API for the kiosk and the console: views down, events up, the
 * same contract the Electron IPC bridge carries. Every failure is a coded envelope.
 *
 * - GET  /api/kiosks                          the staff view of every kiosk (bearer token)
 * - GET  /api/kiosks/:id/view                 the kiosk view (a reloaded page asks here)
 * - POST /api/kiosks/:id/events               a screen event (JSON)
 * - GET  /api/kiosks/:id/stream (WebSocket)   views pushed; text messages are screen events, binary ones frames
 * - POST /api/staff/kiosks/:id/events         a staff event (bearer token)
 * - POST /api/staff/kiosks/:id/collation-number   照合番号B typed by staff (bearer token)
 */
export async function buildReceptionApi(options: ReceptionApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 64 * 1024, logger: false });
  await app.register(websocket, { options: { maxPayload: 8 * 1024 * 1024 } });
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    reply.code(status).send({ error: { code: status === 500 ? 'INTERNAL' : (error.code ?? 'BAD_REQUEST'), message: status === 500 ? 'internal error' : error.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    const staticFiles = options.staticFiles;
    if (staticFiles !== undefined && (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/')) {
      reply.hijack();
      void staticFiles(request.raw, reply.raw).catch(() => {
        if (!reply.raw.headersSent) reply.raw.writeHead(500);
        reply.raw.end();
      });
      return;
    }
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such resource' } });
  });

  const kioskOf = (id: string): Kiosk | undefined => options.kiosks.get(id);
  /** A staff request names the reception it was made for; another patient at the kiosk now refuses it. */
  const sameReception = (kiosk: Kiosk, body: unknown, required = false): boolean => {
    const named = typeof body === 'object' && body !== null ? (body as { receptionId?: unknown }).receptionId : undefined;
    if (named === undefined) return !required;
    return named === kiosk.runtime.receptionId;
  };
  const audit = async (kiosk: Kiosk, action: string, receptionId: string | undefined): Promise<void> => {
    await options.recordStaffAction?.({ kioskId: kiosk.runtime.kioskId, staffId: options.staff.account, action, receptionId }).catch(() => undefined);
  };
  const staffAllowed = (authorization: string | undefined): boolean => authorization === `Bearer ${options.staff.token}`;

  // The staff view of every kiosk (alerts, methods, result codes): staff only.
  app.get('/api/kiosks', async (request, reply) => {
    if (!staffAllowed(request.headers.authorization)) return refuse(reply, 401, 'STAFF_LOGIN_REQUIRED', 'staff sign-in required');
    return { kiosks: [...options.kiosks.values()].map((kiosk) => kiosk.runtime.views().staff) };
  });

  app.get<{ Params: { id: string } }>('/api/kiosks/:id/view', async (request, reply) => {
    const kiosk = kioskOf(request.params.id);
    return kiosk === undefined ? refuse(reply, 404, 'KIOSK_UNKNOWN', 'no such kiosk') : kiosk.runtime.views().kiosk;
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/api/kiosks/:id/events', async (request, reply) => {
    const kiosk = kioskOf(request.params.id);
    if (kiosk === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no such kiosk');
    const outcome = kiosk.runtime.screenEvent(request.body);
    return outcome.ok ? { ok: true, view: kiosk.runtime.views().kiosk } : refuse(reply, outcome.code === 'EVENT_NOT_ACCEPTED' ? 409 : 400, outcome.code, outcome.detail);
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/api/staff/kiosks/:id/events', async (request, reply) => {
    if (!staffAllowed(request.headers.authorization)) return refuse(reply, 401, 'STAFF_LOGIN_REQUIRED', 'staff sign-in required');
    const kiosk = kioskOf(request.params.id);
    if (kiosk === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no such kiosk');
    if (!sameReception(kiosk, request.body)) return refuse(reply, 409, 'RECEPTION_CHANGED', 'another patient is at this kiosk now');
    const receptionId = kiosk.runtime.receptionId;
    const outcome = kiosk.runtime.staffEvent(request.body, options.staff.account);
    if (!outcome.ok) return refuse(reply, outcome.code === 'EVENT_NOT_ACCEPTED' ? 409 : 400, outcome.code, outcome.detail);
    await audit(kiosk, eventTypeOf(request.body), receptionId);
    return { ok: true, view: kiosk.runtime.views().staff };
  });

  app.post<{ Params: { id: string }; Body: { collationNumberB?: unknown; receptionId?: unknown } | null }>('/api/staff/kiosks/:id/collation-number', async (request, reply) => {
    if (!staffAllowed(request.headers.authorization)) return refuse(reply, 401, 'STAFF_LOGIN_REQUIRED', 'staff sign-in required');
    const kiosk = kioskOf(request.params.id);
    if (kiosk?.staffCardFront === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no kiosk that takes 照合番号B from staff');
    // 照合番号B spends a try of the card on the reader: it must be for the patient staff are looking at.
    if (!sameReception(kiosk, request.body, true)) return refuse(reply, 409, 'RECEPTION_CHANGED', 'another patient is at this kiosk now');
    const receptionId = kiosk.runtime.receptionId;
    const refusal = kiosk.staffCardFront.submit(request.body?.collationNumberB);
    if (refusal === 'INVALID_INPUT') return refuse(reply, 400, refusal, '照合番号B is 14 digits');
    if (refusal === 'NOT_WAITING') return refuse(reply, 409, 'EVENT_NOT_ACCEPTED', 'the kiosk is not waiting for 照合番号B');
    await audit(kiosk, 'COLLATION_NUMBER_ENTERED', receptionId);
    return { ok: true };
  });

  app.get<{ Params: { id: string } }>('/api/kiosks/:id/stream', { websocket: true }, (socket, request) => {
    if (!fromOwnOrigin(request)) {
      socket.close(4403, 'ORIGIN_REFUSED');
      return;
    }
    const kiosk = kioskOf(request.params.id);
    if (kiosk === undefined) {
      socket.close(4404, 'KIOSK_UNKNOWN');
      return;
    }
    const send = (payload: unknown): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
    };
    send({ view: kiosk.runtime.views().kiosk });
    const unsubscribe = kiosk.runtime.subscribe(({ kiosk: view }) => send({ view }));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      let event: unknown;
      if (isBinary) {
        const frame = frameOfMessage(data);
        if (typeof frame === 'string') return send({ error: { code: 'EVENT_MALFORMED', message: frame } });
        event = { type: 'face.frame', frame };
      } else {
        try {
          event = JSON.parse(data.toString('utf8')) as unknown;
        } catch {
          return send({ error: { code: 'EVENT_MALFORMED', message: 'not JSON' } });
        }
      }
      const outcome = kiosk.runtime.screenEvent(event);
      if (!outcome.ok) send({ error: { code: outcome.code, message: outcome.detail } });
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });

  return app;
}
