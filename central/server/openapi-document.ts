import { buildOpenApiDocument, type ApiOperation, type ApiQueryParameter } from '../openapi';
import { MAX_REFUSAL_PAGE } from '../store';
import { provisionHistoryRequestSchema } from '../service/portal-service';
import type { Route } from './route';
import { CENTRAL_PATHS } from './routes';
import { JSON_LIST_SHAPE_RULE, type XmlMessageCodec } from '../../oqs';
import { z } from 'zod';

type AnyCodec = XmlMessageCodec<never, never>;

/** Japanese first, English beside it. */
const SUMMARIES: Record<string, string> = {
  [`GET ${CENTRAL_PATHS.health}`]: '稼働確認 (health check)',
  [`GET ${CENTRAL_PATHS.openApi}`]: 'この API 定義 (this document)',
  [`POST ${CENTRAL_PATHS.auth}`]: '認証トークン発行 (issue a short-lived token over mutual TLS)',
  [`POST ${CENTRAL_PATHS.search}`]: '個別照会 — 記号・番号・枝番と生年月日による資格確認 (qualification by insurance keys)',
  [`POST ${CENTRAL_PATHS.cardSearch}`]:
    'マイナンバーカードによる資格確認と閲覧同意の登録。PresenceProof 必須: 暗証番号はカードの署名、顔認証・目視は登録済みリーダー鍵の署名 (qualification by card and consent registration; PresenceProof required: the card signs for PIN, a registered reader key for face and visual checks)',
  [`POST ${CENTRAL_PATHS.cardChallenge}`]:
    '本人確認のためのチャレンジ発行 — カード要求の PresenceProof に用いる。この接続の医療機関に限り一度だけ有効 (fresh single-use challenge for the card request\'s PresenceProof, bound to this facility\'s connection)',
  [`POST ${CENTRAL_PATHS.bulkUpload}`]: '一括照会の受付 (bulk qualification upload)',
  [`POST ${CENTRAL_PATHS.bulkResult}`]: '一括照会の結果取得 (bulk result; SegmentOfResult 2 while processing)',
  [`POST ${CENTRAL_PATHS.drugInfo}`]: '薬剤情報・診療情報 (YZK; needs a consent in force)',
  [`POST ${CENTRAL_PATHS.checkup}`]: '特定健診情報 (TKK; needs a consent in force)',
  [`POST ${CENTRAL_PATHS.referenceNumber}`]: '照会番号登録 (OQSsiimm01req: the facility\'s key for a person; layout inferred)',
  [`GET ${CENTRAL_PATHS.portalChallenge}`]: 'やりとり履歴のためのチャレンジ (challenge for the person to sign)',
  [`POST ${CENTRAL_PATHS.portalHistory}`]: 'やりとり履歴 — 本人の電子証明書と署名で参照 (provision history, read by the person)',
  [`GET ${CENTRAL_PATHS.adminFaults}`]: '障害注入の設定と統計 (fault injection: current config and counts)',
  [`PUT ${CENTRAL_PATHS.adminFaults}`]: '障害注入の設定 (set fault injection)',
  [`DELETE ${CENTRAL_PATHS.adminFaults}`]: '障害注入の解除 (clear fault injection)',
  [`GET ${CENTRAL_PATHS.adminRefusals}`]: '拒否の監査記録 (refusal audit)',
};

/** Answers of the routes that are not XmlMsg messages, where their shape is worth stating. */
const RESPONSE_SCHEMAS: Record<string, object> = {
  [`POST ${CENTRAL_PATHS.cardChallenge}`]: {
    type: 'object',
    required: ['Challenge', 'ExpiresAt'],
    properties: {
      Challenge: { type: 'string', description: '32 random bytes, base64; sign it inside the presence statement', contentEncoding: 'base64' },
      ExpiresAt: { type: 'string', format: 'date-time' },
    },
  },
  [`GET ${CENTRAL_PATHS.adminRefusals}`]: {
    type: 'object',
    required: ['refusals'],
    properties: {
      refusals: {
        type: 'array',
        description: 'one row per source, facility, operation, code and minute; count says how many refusals it stands for',
        items: {
          type: 'object',
          required: ['refusalId', 'occurredAt', 'lastAt', 'count', 'operation', 'code'],
          properties: {
            refusalId: { type: 'integer' },
            occurredAt: { type: 'string', format: 'date-time', description: 'the first refusal of the row' },
            lastAt: { type: 'string', format: 'date-time', description: 'the last refusal of the row' },
            count: { type: 'integer' },
            source: { type: 'string', description: 'the peer address' },
            medicalInstitutionCode: { type: 'string', description: 'the facility claimed or proven, when there is one' },
            operation: { type: 'string' },
            code: { type: 'string' },
          },
        },
      },
      next: { type: 'integer', description: 'the after of the next page; absent on the last page' },
    },
  },
};

/** What holds for every message body: the JSON form of §8, and the one shape its lists take. */
const API_DESCRIPTION = `Message bodies are the XmlMsg as JSON (§8: every value a string) or as XML. ${JSON_LIST_SHAPE_RULE}`;

/** Query parameters of the routes that take any. */
const QUERY_PARAMETERS: Record<string, readonly ApiQueryParameter[]> = {
  [`GET ${CENTRAL_PATHS.adminRefusals}`]: [
    { name: 'limit', description: `1 件のページの行数 (rows per page), 1–${MAX_REFUSAL_PAGE}, default ${MAX_REFUSAL_PAGE}`, schema: { type: 'integer' } },
    { name: 'after', description: '前のページの next (the previous page\'s next: rows with a larger refusalId)', schema: { type: 'integer' } },
    { name: 'from', description: '最初の拒否の時刻の下限 (first occurrence at or after), ISO 8601', schema: { type: 'string' } },
    { name: 'to', description: '最初の拒否の時刻の上限 (first occurrence before), ISO 8601', schema: { type: 'string' } },
  ],
};

const AUTH_OF_ROUTE: Record<Route['auth'], ApiOperation['auth']> = {
  token: 'token',
  'client-certificate': 'client-certificate',
  person: 'person-signature',
  admin: 'admin',
  none: 'none',
};

/** The OpenAPI document of the routes the server actually serves, schemas from the message shapes. */
export function centralOpenApiDocument(routes: ReadonlyArray<Route>, serverUrl: string): object {
  const operations: ApiOperation[] = routes.map((route) => {
    const codecs = route as Partial<{ request: AnyCodec; answer: AnyCodec }>;
    const key = `${route.method} ${route.path}`;
    return {
      method: route.method.toLowerCase() as ApiOperation['method'],
      path: route.path,
      operationId: operationIdOf(route),
      summary: SUMMARIES[key] ?? key,
      auth: AUTH_OF_ROUTE[route.auth],
      ...(codecs.request === undefined ? {} : { xml: true }),
      ...requestOf(route, codecs.request),
      ...(QUERY_PARAMETERS[key] === undefined ? {} : { query: QUERY_PARAMETERS[key] }),
      response: codecs.answer === undefined ? { schema: RESPONSE_SCHEMAS[key] ?? { type: 'object' } } : { codec: codecs.answer },
    } as ApiOperation;
  });
  return buildOpenApiDocument(operations, { title: 'オンライン資格確認等システム mock', version: '1', serverUrl, description: API_DESCRIPTION });
}

function requestOf(route: Route, codec: AnyCodec | undefined): Partial<ApiOperation> {
  if (codec !== undefined) return { request: { codec } };
  if (route.path === CENTRAL_PATHS.portalHistory) return { request: { schema: z.toJSONSchema(provisionHistoryRequestSchema) as never } };
  return {};
}

function operationIdOf(route: Route): string {
  const words = route.path.split('/').filter((word) => word !== '' && word !== 'oqs-api-pro' && word !== 'mock');
  return [route.method.toLowerCase(), ...words.map((word) => word.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase()))]
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}
