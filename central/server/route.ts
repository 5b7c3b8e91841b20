import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { MessageModel, Shape, XmlMessageCodec } from '../../oqs';
import type { RefusalOperation } from '../store';
import type { ConnectedFacility } from '../service/service-context';
import { CentralRefusal } from '../service/central-errors';
import type { Answer } from './error-answer';
import { encodeAnswer, parseRequest } from './wire-format';

/**
 * Who may call a route: `token` (mutual TLS + the auth endpoint's token), `client-certificate` (mutual
 * TLS only: the auth endpoint), `person` (no facility certificate; the person's own signature inside),
 * `admin` (the admin token), `none`.
 */
export type RouteAuth = 'token' | 'client-certificate' | 'person' | 'admin' | 'none';

export interface RoutedRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
  url: URL;
  socket: TLSSocket;
  now: Date;
  /** True once the client has closed its connection (it will not read an answer). */
  clientGone(): boolean;
  /** Set for `token` and `client-certificate` routes. */
  facility?: ConnectedFacility;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  operation: RefusalOperation;
  auth: RouteAuth;
  /** Whether injected faults (latency, errors, timeouts, outages) apply. */
  faultable: boolean;
  handle(request: RoutedRequest): Promise<Answer> | Answer;
}

/** A route that takes one XmlMsg message (JSON form or XML) and answers another in the same format. */
export function messageRoute<RH extends Shape, RB extends Shape, AH extends Shape, AB extends Shape>(
  definition: Omit<Route, 'handle'> & {
    request: XmlMessageCodec<RH, RB>;
    answer: XmlMessageCodec<AH, AB>;
    /** Which consent element names the answer is written with (§5.1). */
    consentNaming?: 'older' | 'newer';
    serve(facility: ConnectedFacility, model: MessageModel<RH, RB>, now: Date, request: RoutedRequest): Promise<MessageModel<AH, AB>> | MessageModel<AH, AB>;
  },
): Route & { request: XmlMessageCodec<RH, RB>; answer: XmlMessageCodec<AH, AB> } {
  const { serve, consentNaming, ...route } = definition;
  return {
    ...route,
    async handle(request) {
      const facility = request.facility;
      if (facility === undefined) throw new Error('message routes are authenticated');
      const parsed = parseRequest(definition.request, request.headers['content-type'], request.body);
      // The header names the facility too; it must be the one the certificate proved.
      const claimed = (parsed.model.MessageHeader as { MedicalInstitutionCode?: string }).MedicalInstitutionCode;
      if (claimed !== undefined && claimed !== facility.medicalInstitutionCode) throw new CentralRefusal('FACILITY_MISMATCH');
      const model = await serve(facility, parsed.model, request.now, request);
      return { status: 200, ...encodeAnswer(definition.answer, model, parsed.format, consentNaming === undefined ? {} : { consentNaming }) };
    },
  };
}

export function jsonAnswer(value: unknown, status = 200): Answer {
  return { status, contentType: 'application/json;charset=UTF-8', body: Buffer.from(JSON.stringify(value), 'utf8') };
}
