import type { IncomingMessage, ServerResponse } from 'node:http';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kiosk } from '../reception-terminal';
import { frameOfMessage } from './frame-message';
import { fromOwnOrigin, refuse } from './refusal';
import { SECURITY_HEADERS } from './static-files';

export interface ReceptionApiOptions {
  /** The kiosks a browser-mode kiosk page drives over HTTP; absent where the kiosks are Electron windows (IPC only). */
  readonly kiosks?: ReadonlyMap<string, Kiosk>;
  /** Serves the renderer's files for every other GET (browser mode). */
  readonly staticFiles?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

/**
 * The terminal's HTTP + WebSocket app: security headers, the coded error envelope, the pages, and
 * (browser mode) the kiosk's routes — views down, events up, the same contract the Electron IPC
 * bridge carries. Staff act through the console's routes, behind its sign-in (terminal/console).
 *
 * - GET  /api/kiosks/:id/view                 the kiosk view (a reloaded page asks here)
 * - POST /api/kiosks/:id/events               a screen event (JSON)
 * - GET  /api/kiosks/:id/stream (WebSocket)   views pushed; text messages are screen events, binary ones frames
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

  const kiosks = options.kiosks;
  if (kiosks === undefined) return app;
  const kioskOf = (id: string): Kiosk | undefined => kiosks.get(id);

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
