import { z } from 'zod';
import {
  bulkQualificationAcceptance,
  bulkQualificationUpload,
  bulkResult,
  bulkResultRequest,
  cardQualificationRequest,
  checkupRequest,
  checkupResponse,
  drugInfoRequest,
  drugInfoResponse,
  qualificationRequest,
  qualificationResponse,
  referenceNumberRequest,
  referenceNumberResponse,
} from '../../oqs';

import { MAX_REFUSAL_PAGE, type RefusalAudit } from '../store';
import type { BulkService } from '../service/bulk-service';
import { CentralRefusal } from '../service/central-errors';
import type { MedicalDataService } from '../service/medical-data-service';
import type { PortalService } from '../service/portal-service';
import type { PresenceService } from '../service/presence-service';
import type { QualificationService } from '../service/qualification-service';
import type { ReferenceNumberService } from '../service/reference-number-service';
import { jsonAnswer, messageRoute, type Route } from './route';
import type { SharedFaults } from './shared-faults';
import type { TokenIssuer } from './token-issuer';

/** The paths of the real JSON API (§8) where they are known; the mock's own paths elsewhere. */
export const CENTRAL_PATHS = {
  auth: '/oqs-api-pro/MSA12020/ILI12020SV01/auth',
  search: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
  cardSearch: '/oqs-api-pro/mock/card/search',
  cardChallenge: '/oqs-api-pro/mock/card/challenge',
  bulkUpload: '/oqs-api-pro/mock/bulk/upload',
  bulkResult: '/oqs-api-pro/mock/bulk/result',
  drugInfo: '/oqs-api-pro/mock/yzk/search',
  checkup: '/oqs-api-pro/mock/tkk/search',
  referenceNumber: '/oqs-api-pro/mock/siimm/register',
  portalChallenge: '/portal/challenge',
  portalHistory: '/portal/provision-history',
  adminFaults: '/admin/faults',
  adminRefusals: '/admin/refusals',
  health: '/health',
  openApi: '/openapi.json',
} as const;

export interface RouteServices {
  qualification: QualificationService;
  bulk: BulkService;
  medical: MedicalDataService;
  referenceNumbers: ReferenceNumberService;
  portal: PortalService;
  presence: PresenceService;
  tokens: TokenIssuer;
  faults: SharedFaults;
  refusals: RefusalAudit;
  consentNaming: 'older' | 'newer';
  openApiDocument: () => unknown;
}

const authBodySchema = z.strictObject({ MedicalInstitutionCode: z.string().regex(/^\d{10}$/).optional() });

export function centralRoutes(services: RouteServices): Route[] {
  return [
    { method: 'GET', path: CENTRAL_PATHS.health, operation: 'unrouted', auth: 'none', faultable: false, handle: () => jsonAnswer({ status: 'ok' }) },
    { method: 'GET', path: CENTRAL_PATHS.openApi, operation: 'unrouted', auth: 'none', faultable: false, handle: () => jsonAnswer(services.openApiDocument()) },
    {
      method: 'POST',
      path: CENTRAL_PATHS.auth,
      operation: 'authentication',
      auth: 'client-certificate',
      faultable: true,
      handle(request) {
        const facility = request.facility;
        if (facility === undefined) throw new Error('auth route is authenticated');
        const body = parseJsonBody(request.body, authBodySchema);
        if (body.MedicalInstitutionCode !== undefined && body.MedicalInstitutionCode !== facility.medicalInstitutionCode) throw new CentralRefusal('FACILITY_MISMATCH');
        const issued = services.tokens.issue(facility.facilityId, facility.certificateSha256, request.now);
        // The reply shape of §8; the field names of the credentials are unpublished, ours are above.
        return jsonAnswer({
          status: '0',
          msg: '',
          result: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, idToken: issued.idToken, linkSysCharCd: '0', expiresAt: issued.expiresAt.toISOString() },
        });
      },
    },
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.search,
      operation: 'qualification-by-insurance-keys',
      auth: 'token',
      faultable: true,
      request: qualificationRequest,
      answer: qualificationResponse,
      consentNaming: services.consentNaming,
      serve: (facility, model, now) => services.qualification.byInsuranceKeys(facility, model, now),
    }),
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.cardSearch,
      operation: 'qualification-by-card',
      auth: 'token',
      faultable: true,
      request: cardQualificationRequest,
      answer: qualificationResponse,
      consentNaming: services.consentNaming,
      serve: (facility, model, now, request) => {
        if (model.MessageHeader.ReferenceClassification !== '1') throw new CentralRefusal('INVALID_VALUE', 'ReferenceClassification must be 1');
        // Nothing is looked up, registered or recorded before the person is proven to be at the reader.
        const { spend } = services.presence.verify(facility, model, now);
        return services.qualification.byCard(facility, model, now, { clientGone: () => request.clientGone(), spendProof: spend });
      },
    }),
    {
      method: 'POST',
      path: CENTRAL_PATHS.cardChallenge,
      operation: 'qualification-by-card',
      auth: 'token',
      faultable: true,
      handle(request) {
        const facility = request.facility;
        if (facility === undefined) throw new Error('the challenge route is authenticated');
        parseJsonBody(request.body, z.strictObject({}));
        return jsonAnswer(services.presence.issueChallenge(facility, request.now));
      },
    },
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.bulkUpload,
      operation: 'qualification-bulk',
      auth: 'token',
      faultable: true,
      request: bulkQualificationUpload,
      answer: bulkQualificationAcceptance,
      serve: (facility, model, now) => services.bulk.accept(facility, model, now),
    }),
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.bulkResult,
      operation: 'qualification-bulk',
      auth: 'token',
      faultable: true,
      request: bulkResultRequest,
      answer: bulkResult,
      consentNaming: services.consentNaming,
      serve: (facility, model, now) => services.bulk.result(facility, model, now),
    }),
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.drugInfo,
      operation: 'medication-information',
      auth: 'token',
      faultable: true,
      request: drugInfoRequest,
      answer: drugInfoResponse,
      serve: (facility, model, now) => services.medical.drugInfo(facility, model, now),
    }),
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.checkup,
      operation: 'health-checkup-information',
      auth: 'token',
      faultable: true,
      request: checkupRequest,
      answer: checkupResponse,
      serve: (facility, model, now) => services.medical.checkup(facility, model, now),
    }),
    messageRoute({
      method: 'POST',
      path: CENTRAL_PATHS.referenceNumber,
      operation: 'reference-number-registration',
      auth: 'token',
      faultable: true,
      request: referenceNumberRequest,
      answer: referenceNumberResponse,
      serve: (facility, model, now) => services.referenceNumbers.register(facility, model, now),
    }),
    { method: 'GET', path: CENTRAL_PATHS.portalChallenge, operation: 'provision-history', auth: 'person', faultable: false, handle: (request) => jsonAnswer(services.portal.issueChallenge(request.now)) },
    {
      method: 'POST',
      path: CENTRAL_PATHS.portalHistory,
      operation: 'provision-history',
      auth: 'person',
      faultable: false,
      handle: async (request) => jsonAnswer(await services.portal.provisionHistory(parseJsonBody(request.body, z.unknown()), request.now)),
    },
    { method: 'GET', path: CENTRAL_PATHS.adminFaults, operation: 'administration', auth: 'admin', faultable: false, handle: () => jsonAnswer({ config: services.faults.current() ?? null, stats: services.faults.stats() }) },
    {
      method: 'PUT',
      path: CENTRAL_PATHS.adminFaults,
      operation: 'administration',
      auth: 'admin',
      faultable: false,
      handle(request) {
        const config = services.faults.configure(parseJsonBody(request.body, z.unknown()));
        return jsonAnswer({ config: config ?? null });
      },
    },
    {
      method: 'DELETE',
      path: CENTRAL_PATHS.adminFaults,
      operation: 'administration',
      auth: 'admin',
      faultable: false,
      handle() {
        services.faults.configure(undefined);
        return jsonAnswer({ config: null });
      },
    },
    {
      method: 'GET',
      path: CENTRAL_PATHS.adminRefusals,
      operation: 'administration',
      auth: 'admin',
      faultable: false,
      handle(request) {
        const query = request.url.searchParams;
        const from = new Date(query.get('from') ?? 0);
        const to = new Date(query.get('to') ?? request.now.getTime() + 1);
        if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new CentralRefusal('INVALID_VALUE', 'from/to must be ISO 8601 instants');
        const after = wholeNumberParameter(query.get('after'), 0, Number.MAX_SAFE_INTEGER, 'after');
        const limit = wholeNumberParameter(query.get('limit'), 1, MAX_REFUSAL_PAGE, 'limit');
        const page = services.refusals.list({ from, to, ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) });
        return jsonAnswer({
          refusals: page.refusals.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString(), lastAt: entry.lastAt.toISOString() })),
          ...(page.next === undefined ? {} : { next: page.next }),
        });
      },
    },
  ];
}

/** An optional whole-number query parameter within [min, max]; anything else is the caller's invalid value. */
function wholeNumberParameter(text: string | null, min: number, max: number, name: string): number | undefined {
  if (text === null) return undefined;
  if (!/^\d{1,16}$/.test(text) || Number(text) < min || Number(text) > max) throw new CentralRefusal('INVALID_VALUE', `${name} must be a whole number from ${min} to ${max}`);
  return Number(text);
}

/** JSON bodies of the non-XmlMsg routes: UTF-8, JSON, then the route's schema; each failure coded. */
function parseJsonBody<T>(body: Buffer, schema: z.ZodType<T>): T {
  let value: unknown = {};
  if (body.length > 0) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new CentralRefusal('UNSUPPORTED_ENCODING', 'JSON must be UTF-8');
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new CentralRefusal('MALFORMED_JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CentralRefusal('INVALID_VALUE', parsed.error.issues.map((issue) => issue.path.join('.') || '$').join(', '));
  return parsed.data;
}
