import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { AuditPageView } from '../../flow/contract/audit-views';
import type { Clock } from '../../flow/ports/clock';
import type { AuditActorKind } from '../../store/audit-encoding';
import type { AuditPage, AuditQuery } from '../../store/audit-query';
import { AUDIT_PAGE_MAX } from '../../store/audit-query';
import { isStoreError } from '../../store/errors';
import type { AccessRecord } from '../../store/sqlite-reception-store';
import type { ConsoleStaff } from './console-routes';

/** What the audit viewer needs of the terminal's store (SqliteReceptionStore has all of it). */
export interface AuditRouteStore {
  queryAudit(query: AuditQuery): AuditPage;
  recordAccess(access: AccessRecord): Promise<void>;
  findReception(receptionId: string): unknown;
}

export interface AuditRouteOptions {
  readonly store: AuditRouteStore;
  /** Lets an administrator through and refuses anyone else with the coded envelope, e.g. guards.requireRole('admin'). */
  readonly guard: preHandlerHookHandler;
  /** The signed-in account of a request the guard let through. */
  readonly staffOf: (request: FastifyRequest) => ConsoleStaff;
  readonly clock: Clock;
}

/** A refusal that names the filter (never its value), so the page can mark the field. */
interface FilterRefusal {
  readonly error: { readonly code: 'INVALID_FILTER'; readonly message: string; readonly field: string };
}

class InvalidFilter extends Error {
  constructor(readonly field: string) {
    super(`${field} is not a valid filter`);
  }
}

const FILTERS = ['from', 'to', 'actorKind', 'actorId', 'event', 'receptionId', 'kioskId', 'subject', 'before', 'limit'] as const;
type FilterName = (typeof FILTERS)[number];

const ACTOR_KINDS: readonly AuditActorKind[] = ['kiosk', 'staff', 'terminal'];
const IDENTIFIER = /^[A-Za-z0-9_.-]{1,64}$/;
const EVENT_PREFIX = /^[A-Z0-9_]{1,64}$/;
const SUBJECT = /^[0-9A-F]{64}$/;
const POSITIVE = /^[1-9][0-9]{0,14}$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 time with its offset (Z or ±hh:mm): the page sends JST as +09:00. A date that does not
 * exist (2月31日, 24時) is refused, not rolled over as Date would.
 */
function parseTime(text: string, field: string): Date {
  const match = TIME.exec(text);
  if (match === null) throw new InvalidFilter(field);
  const [year, month, day, hour, minute, second = '0', fraction = '0', sign, offsetHours = '0', offsetMinutes = '0'] = match.slice(1);
  const parts = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const local = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], Number(fraction.padEnd(3, '0'))));
  const back = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  if (back.some((value, index) => value !== parts[index]) || Number(offsetHours) > 14 || Number(offsetMinutes) > 59) throw new InvalidFilter(field);
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return new Date(local.getTime() - offsetMs);
}

function matching(text: string, pattern: RegExp, field: string): string {
  if (!pattern.test(text)) throw new InvalidFilter(field);
  return text;
}

/** The query string as the store's query: every key known, each given once and well formed. Empty values are no filter. */
function queryOf(raw: unknown): AuditQuery {
  const given = new Map<FilterName, string>();
  for (const [key, value] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
    if (!(FILTERS as readonly string[]).includes(key)) throw new InvalidFilter('(unknown)');
    if (typeof value !== 'string') throw new InvalidFilter(key);
    if (value !== '') given.set(key as FilterName, value);
  }
  const text = (name: FilterName): string | undefined => given.get(name);
  const query: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = {};
  const from = text('from');
  const to = text('to');
  if (from !== undefined) query.from = parseTime(from, 'from');
  if (to !== undefined) query.to = parseTime(to, 'to');
  if (query.from !== undefined && query.to !== undefined && query.from.getTime() >= query.to.getTime()) throw new InvalidFilter('to');
  const actorKind = text('actorKind');
  if (actorKind !== undefined) {
    if (!(ACTOR_KINDS as readonly string[]).includes(actorKind)) throw new InvalidFilter('actorKind');
    query.actorKind = actorKind as AuditActorKind;
  }
  const actorId = text('actorId');
  if (actorId !== undefined) query.actorId = matching(actorId, IDENTIFIER, 'actorId');
  const event = text('event');
  if (event !== undefined) query.eventPrefix = matching(event, EVENT_PREFIX, 'event');
  const receptionId = text('receptionId');
  if (receptionId !== undefined) query.receptionId = matching(receptionId, IDENTIFIER, 'receptionId');
  const kioskId = text('kioskId');
  if (kioskId !== undefined) query.kioskId = matching(kioskId, IDENTIFIER, 'kioskId');
  const subject = text('subject');
  if (subject !== undefined) query.subject = matching(subject, SUBJECT, 'subject');
  const before = text('before');
  if (before !== undefined) query.before = Number(matching(before, POSITIVE, 'before'));
  const limit = text('limit');
  if (limit !== undefined) {
    const value = Number(matching(limit, POSITIVE, 'limit'));
    if (value > AUDIT_PAGE_MAX) throw new InvalidFilter('limit');
    query.limit = value;
  }
  return query;
}

/**
 * What the viewing itself leaves in the log: which filters were used (flags), the codes among them
 * that the audit detail may hold (event prefix, actor kind, 照会 subject), how many rows were shown,
 * and the reception and kiosk asked about as the row's own columns.
 */
function viewingRecord(staffId: string, at: Date, query: AuditQuery, shown: number, receptionKnown: boolean): AccessRecord {
  const detail: Record<string, string | number | boolean> = { rows: shown };
  if (query.from !== undefined || query.to !== undefined) detail['byTime'] = true;
  if (query.actorKind !== undefined) detail['actorKind'] = query.actorKind;
  if (query.actorId !== undefined) detail['byActor'] = true;
  if (query.eventPrefix !== undefined) detail['event'] = query.eventPrefix;
  if (query.receptionId !== undefined) detail['byReception'] = true;
  if (query.kioskId !== undefined) detail['byKiosk'] = true;
  if (query.subject !== undefined) detail['subject'] = query.subject;
  if (query.before !== undefined) detail['olderPage'] = true;
  return {
    actor: { kind: 'staff', id: staffId },
    action: 'AUDIT_VIEWED',
    at,
    detail,
    ...(query.receptionId !== undefined && receptionKnown ? { receptionId: query.receptionId } : {}),
    ...(query.kioskId === undefined ? {} : { kioskId: query.kioskId }),
  };
}

function refuseFilter(reply: FastifyReply, field: string): FilterRefusal {
  reply.code(400);
  return { error: { code: 'INVALID_FILTER', message: `${field} is not a valid filter`, field } };
}

/**
 * The staff console's audit viewer, for administrators only:
 *
 * - GET /api/console/audit?from&to&actorKind&actorId&event&receptionId&kioskId&subject&before&limit
 *   → `{ rows, nextBefore, verdict }` (AuditPageView): newest first, at most 500 a page (default 100),
 *   `before` the cursor of the previous answer; `from`/`to` ISO 8601 with an offset (from ≤ at < to);
 *   `event` a code prefix; `subject` a 照会's keyed pseudonym. The verdict walks the whole chain.
 *
 * Every viewing is audited (AUDIT_VIEWED, as the account) before the answer leaves; if that cannot be
 * written nothing is shown (503 AUDIT_UNAVAILABLE). A bad filter is 400 INVALID_FILTER with the
 * filter's name in `field`; a non-administrator is refused by the guard, and again here.
 */
export async function registerAuditRoutes(app: FastifyInstance, options: AuditRouteOptions): Promise<void> {
  app.get('/api/console/audit', { preHandler: options.guard }, async (request, reply) => {
    const staff = options.staffOf(request);
    // The guard decides; a guard wired with the wrong roles must still not open the log.
    if (staff.role !== 'admin') {
      reply.code(403);
      return { error: { code: 'ROLE_FORBIDDEN', message: 'the audit log is for administrators' } };
    }
    let query: AuditQuery;
    try {
      query = queryOf(request.query);
    } catch (error) {
      if (error instanceof InvalidFilter) return refuseFilter(reply, error.field);
      throw error;
    }
    let page: AuditPage;
    try {
      page = options.store.queryAudit(query);
    } catch (error) {
      if (isStoreError(error, 'INVALID_INPUT')) return refuseFilter(reply, '(query)');
      throw error;
    }
    const receptionKnown = query.receptionId !== undefined && options.store.findReception(query.receptionId) !== undefined;
    try {
      await options.store.recordAccess(viewingRecord(staff.id, options.clock.now(), query, page.rows.length, receptionKnown));
    } catch {
      reply.code(503);
      return { error: { code: 'AUDIT_UNAVAILABLE', message: 'the viewing could not be audited, so nothing is shown' } };
    }
    reply.header('cache-control', 'no-store');
    const answer: AuditPageView = page;
    return answer;
  });
}
