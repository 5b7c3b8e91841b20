import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import type { ConsoleCardPhoto } from '../../flow/contract/console-views';
import { isStoreError } from '../../store/errors';
import type { SqliteAlertStore } from '../../store/sqlite-alert-store';
import type { Clock } from '../../flow/ports/clock';
import type { Kiosk } from '../reception-terminal';
import type { MemoryCardPhotoShelf } from './card-photo-shelf';
import type { ConsoleLive } from './console-live';
import { fromOwnOrigin, refuse } from '../http/refusal';

/** The console's roles: 受付, 医療情報閲覧 (clinician or pharmacist), 管理者. */
export type ConsoleRole = 'reception' | 'clinician' | 'admin';

/** Who made a request, as the sign-in established it (never taken from the request body). */
export interface ConsoleStaff {
  readonly id: string;
  readonly role: ConsoleRole;
}

export interface ConsoleRoutesOptions {
  readonly kiosks: ReadonlyMap<string, Kiosk>;
  readonly alerts: SqliteAlertStore;
  readonly live: ConsoleLive;
  /** The card photos held for 目視確認 (the terminal's memory). */
  readonly cardPhotos: Pick<MemoryCardPhotoShelf, 'photoOf'>;
  readonly clock: Clock;
  /** A preHandler that lets a signed-in account of one of `roles` through and refuses anyone else with a coded envelope. */
  readonly guard: (...roles: ConsoleRole[]) => preHandlerHookHandler;
  /** The signed-in account of a request the guard let through. */
  readonly staffOf: (request: FastifyRequest) => ConsoleStaff;
  /** Whether the session of a request is still alive (a stream outlives the request that opened it). */
  readonly sessionAlive: (request: FastifyRequest) => boolean;
  /** Audits a staff action at a kiosk (the event, never 照合番号B); rejects when it could not be written. */
  readonly audit: (entry: { staffId: string; action: string; kioskId: string; receptionId: string | undefined }) => Promise<void>;
}

/** Everyone who works at the counter sees the live list and acts on a kiosk; medical data is elsewhere, for clinicians only. */
const COUNTER_ROLES: ConsoleRole[] = ['reception', 'clinician', 'admin'];

/** Set before the guard runs, so that no answer of the photo route, a refusal included, is kept by a cache. */
const noStore: onRequestHookHandler = (_request, reply, done) => {
  reply.header('cache-control', 'no-store');
  done();
};

/** STAFF_VISUAL_CHECK_APPROVED for staff.visualCheck.approved: the audit's action code. */
function actionOf(body: unknown): string {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' && /^[A-Za-z.]{1,64}$/.test(type) ? type.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase() : 'STAFF_EVENT';
}

/**
 * The console's reception routes, each behind the sign-in and its role:
 *
 * - GET  /api/console/live                            the live list (kiosks, open alerts, today's receptions)
 * - GET  /api/console/stream (WebSocket)              the same, pushed on every change
 * - POST /api/console/alerts/:id/acknowledge          acknowledges an alert as the signed-in account
 * - POST /api/console/kiosks/:id/events               目視確認 started/approved/rejected, a stuck reception cancelled
 * - POST /api/console/kiosks/:id/collation-number     照合番号B typed by staff for a kiosk that cannot read the card front
 * - GET  /api/console/kiosks/:id/card-photo?reception=<id>   the card photo of the reception in 目視確認 there
 *
 * Actions at a kiosk name the reception they were meant for; another patient there now refuses them
 * (409 RECEPTION_CHANGED). Every refusal is a coded envelope.
 */
export async function registerConsoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const counter = options.guard(...COUNTER_ROLES);

  app.get('/api/console/live', { preHandler: counter }, async () => options.live.snapshot());

  app.get('/api/console/stream', { websocket: true, preHandler: counter }, (socket, request) => {
    // Cookies ride along with a WebSocket from any page: only this origin's pages may open one.
    if (!fromOwnOrigin(request)) {
      socket.close(4403, 'ORIGIN_REFUSED');
      return;
    }
    const send = (payload: unknown): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
    };
    send({ live: options.live.snapshot() });
    // Each push checks the session again: a logout, an idle timeout or a disabled account ends the stream.
    const unsubscribe = options.live.subscribe((live) => {
      if (options.sessionAlive(request)) send({ live });
      else {
        unsubscribe();
        socket.close(4401, 'SESSION_ENDED');
      }
    });
    // The console sends nothing on this socket; anything it does send is ignored.
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });

  app.post<{ Params: { id: string } }>('/api/console/alerts/:id/acknowledge', { preHandler: counter }, async (request, reply) => {
    const staff = options.staffOf(request);
    const id = /^[0-9]{1,12}$/.test(request.params.id) ? Number(request.params.id) : Number.NaN;
    try {
      const alert = options.alerts.acknowledge(id, { kind: 'staff', id: staff.id }, options.clock.now());
      options.live.changed();
      return { ok: true, alert };
    } catch (error) {
      if (isStoreError(error, 'ALERT_NOT_FOUND')) return refuse(reply, 404, 'ALERT_NOT_FOUND', 'no such alert');
      if (isStoreError(error, 'ALERT_ALREADY_ACKNOWLEDGED')) return refuse(reply, 409, 'ALERT_ALREADY_ACKNOWLEDGED', 'another account acknowledged it first');
      throw error;
    }
  });

  const kioskOf = (id: string): Kiosk | undefined => options.kiosks.get(id);
  const namedReception = (body: unknown): unknown => (typeof body === 'object' && body !== null ? (body as { receptionId?: unknown }).receptionId : undefined);

  app.post<{ Params: { id: string }; Body: unknown }>('/api/console/kiosks/:id/events', { preHandler: counter }, async (request, reply) => {
    const staff = options.staffOf(request);
    const kiosk = kioskOf(request.params.id);
    if (kiosk === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no such kiosk');
    const receptionId = kiosk.runtime.receptionId;
    if (receptionId === undefined || namedReception(request.body) !== receptionId) {
      return refuse(reply, 409, 'RECEPTION_CHANGED', 'the patient this was meant for is no longer at the kiosk');
    }
    const outcome = kiosk.runtime.staffEvent(request.body, staff.id);
    if (!outcome.ok) return refuse(reply, outcome.code === 'EVENT_NOT_ACCEPTED' ? 409 : 400, outcome.code, outcome.detail);
    await options.audit({ staffId: staff.id, action: actionOf(request.body), kioskId: kiosk.runtime.kioskId, receptionId }).catch(() => undefined);
    return { ok: true, view: kiosk.runtime.views().staff };
  });

  app.post<{ Params: { id: string }; Body: { collationNumberB?: unknown; receptionId?: unknown } | null }>(
    '/api/console/kiosks/:id/collation-number',
    { preHandler: counter },
    async (request, reply) => {
      const staff = options.staffOf(request);
      const kiosk = kioskOf(request.params.id);
      if (kiosk?.staffCardFront === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no kiosk that takes 照合番号B from staff');
      const receptionId = kiosk.runtime.receptionId;
      // 照合番号B spends a try of the card on the reader: it must be for the patient staff are looking at.
      if (receptionId === undefined || request.body?.receptionId !== receptionId) {
        return refuse(reply, 409, 'RECEPTION_CHANGED', 'the patient this was meant for is no longer at the kiosk');
      }
      const digits = request.body?.collationNumberB;
      if (typeof digits !== 'string' || !/^[0-9]{14}$/.test(digits)) return refuse(reply, 400, 'INVALID_INPUT', '照合番号B is 14 digits');
      const awaited = kiosk.runtime.views().staff.awaitsCollationNumber;
      if (!awaited && !kiosk.staffCardFront.waiting) return refuse(reply, 409, 'EVENT_NOT_ACCEPTED', 'the kiosk is not waiting for 照合番号B');
      // It spends a try of the card: recorded before the digits go anywhere, and not sent if it cannot be.
      const audited = await options.audit({ staffId: staff.id, action: 'COLLATION_NUMBER_ENTERED', kioskId: kiosk.runtime.kioskId, receptionId }).then(
        () => true,
        () => false,
      );
      if (!audited) return refuse(reply, 503, 'AUDIT_UNAVAILABLE', 'the audit log cannot be written; nothing was sent to the card');
      if (kiosk.runtime.receptionId !== receptionId) return refuse(reply, 409, 'RECEPTION_CHANGED', 'the patient this was meant for is no longer at the kiosk');
      const refusal = kiosk.staffCardFront.submit(digits, kiosk.runtime.views().staff.awaitsCollationNumber);
      if (refusal !== undefined) return refuse(reply, 409, 'EVENT_NOT_ACCEPTED', 'the kiosk is not waiting for 照合番号B');
      return { ok: true };
    },
  );

  /** The photo only for the reception named, only while it is in 目視確認 there; each viewing audited first. */
  app.get<{ Params: { id: string }; Querystring: { reception?: unknown } }>(
    '/api/console/kiosks/:id/card-photo',
    { onRequest: noStore, preHandler: counter },
    async (request, reply) => {
      const staff = options.staffOf(request);
      const kiosk = kioskOf(request.params.id);
      if (kiosk === undefined) return refuse(reply, 404, 'KIOSK_UNKNOWN', 'no such kiosk');
      const asked = request.query.reception;
      if (typeof asked !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(asked)) return refuse(reply, 400, 'INVALID_INPUT', 'name the reception: ?reception=<id>');
      const receptionId = kiosk.runtime.receptionId;
      const key = { kioskId: kiosk.runtime.kioskId, receptionId: asked };
      /** Whether the reception asked for is still the one at the kiosk, in 目視確認; a refusal otherwise. */
      const stillShown = () => {
        if (kiosk.runtime.receptionId !== asked) return refuse(reply, 409, 'RECEPTION_CHANGED', 'the patient this was meant for is no longer at the kiosk');
        const photo = kiosk.runtime.views().staff.cardPhoto;
        if (photo === undefined) return refuse(reply, 409, 'NOT_IN_VISUAL_CHECK', 'the reception is not in 目視確認');
        if (photo.status === 'reading') return refuse(reply, 409, 'CARD_PHOTO_NOT_READY', 'the card photo is being read');
        if (photo.status === 'missing') return refuse(reply, 404, 'CARD_PHOTO_MISSING', photo.reason);
        return options.cardPhotos.photoOf(key) === undefined ? refuse(reply, 404, 'CARD_PHOTO_MISSING', 'CARD_ERROR') : undefined;
      };
      if (receptionId === undefined) return refuse(reply, 409, 'RECEPTION_CHANGED', 'the patient this was meant for is no longer at the kiosk');
      const refusedBefore = stillShown();
      if (refusedBefore !== undefined) return refusedBefore;
      try {
        await options.audit({ staffId: staff.id, action: 'CARD_PHOTO_VIEWED', kioskId: key.kioskId, receptionId: asked });
      } catch {
        return refuse(reply, 503, 'AUDIT_UNAVAILABLE', 'the viewing could not be audited, so the photo is not shown');
      }
      // The reception may have moved on while the audit was written.
      const refusedAfter = stillShown();
      if (refusedAfter !== undefined) return refusedAfter;
      const photo = options.cardPhotos.photoOf(key)!;
      const answer: ConsoleCardPhoto = {
        kioskId: key.kioskId,
        receptionId: asked,
        width: photo.width,
        height: photo.height,
        format: 'gray',
        pixels: Buffer.from(photo.gray.buffer, photo.gray.byteOffset, photo.gray.byteLength).toString('base64'),
      };
      return answer;
    },
  );
}
