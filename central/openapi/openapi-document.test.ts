import { describe, expect, it } from 'vitest';
import {
  bulkCriteriaUpload,
  bulkQualificationAcceptance,
  bulkQualificationUpload,
  bulkResult,
  qualificationRequest,
  qualificationResponse,
  referenceNumberRequest,
  referenceNumberResponse,
} from '../../oqs/index';
import { buildOpenApiDocument, type ApiOperation } from './openapi-document';

const INFO = { title: 'オンライン資格確認等システム (mock)', version: '0.1.0', serverUrl: 'https://localhost:8443' };

const tokenReply = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    msg: { type: 'string' },
    result: { type: 'object', properties: { accessToken: { type: 'string' }, idToken: { type: 'string' } }, required: ['accessToken', 'idToken'] },
  },
  required: ['status', 'result'],
} as const;

const OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/oqs-api-pro/MSA12020/ILI12020SV01/auth',
    operationId: 'authenticate',
    summary: '認証 (authenticate with the facility certificate)',
    request: { schema: { type: 'object' } },
    response: { schema: structuredClone(tokenReply) as never },
    auth: 'client-certificate',
  },
  {
    method: 'post',
    path: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
    operationId: 'searchQualification',
    summary: '個別照会 (single qualification query)',
    request: { codec: qualificationRequest },
    response: { codec: qualificationResponse },
    xml: true,
    auth: 'token',
  },
  {
    method: 'post',
    path: '/oqs/card-search',
    operationId: 'searchByCard',
    summary: 'マイナンバーカードによる資格確認 (query by card signature)',
    request: { schema: { type: 'object', properties: { signature: { type: 'string' } }, required: ['signature'] } },
    response: { codec: qualificationResponse },
    auth: 'person-signature',
  },
  {
    method: 'post',
    path: '/oqs/bulk',
    operationId: 'uploadBulk',
    summary: '一括照会 (bulk upload)',
    request: { codec: bulkQualificationUpload },
    response: { codec: bulkQualificationAcceptance },
    xml: true,
    auth: 'token',
  },
  {
    method: 'post',
    path: '/oqs/bulk-criteria',
    operationId: 'uploadBulkCriteria',
    summary: '一括照会（条件指定） (bulk criteria upload)',
    request: { codec: bulkCriteriaUpload },
    response: { codec: bulkQualificationAcceptance },
    auth: 'token',
  },
  {
    method: 'get',
    path: '/oqs/bulk/{receptionNumber}',
    operationId: 'fetchBulkResult',
    summary: '一括照会結果取得 (fetch a bulk result)',
    response: { codec: bulkResult },
    auth: 'token',
  },
  {
    method: 'post',
    path: '/oqs/reference-number',
    operationId: 'registerReferenceNumber',
    summary: '照会番号登録 (register reference numbers)',
    request: { codec: referenceNumberRequest },
    response: { codec: referenceNumberResponse },
    auth: 'token',
  },
  {
    method: 'put',
    path: '/admin/faults',
    operationId: 'configureFaults',
    summary: '障害注入の設定 (configure fault injection)',
    request: { schema: { type: 'object', properties: { seed: { type: 'string' } }, required: ['seed'] } },
    response: { schema: { type: 'object' }, status: 204 },
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: '稼働確認 (health check)',
    response: { schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } },
    auth: 'none',
  },
];

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; responses: Record<string, any>; securitySchemes: Record<string, any> };
};

const document = buildOpenApiDocument(OPERATIONS, INFO) as Doc;

/** Every $ref in the document, with where it sits. */
function refsIn(value: unknown, path = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${path}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]): [string, string][] =>
    key === '$ref' && typeof member === 'string' ? [[path, member]] : refsIn(member, `${path}/${key}`),
  );
}

function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined), root);
}

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3.1 with the given info and server', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: INFO.title, version: '0.1.0' }, servers: [{ url: INFO.serverUrl }] });
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('has one path per operation, with the operation under its method', () => {
    expect(Object.keys(document.paths)).toHaveLength(OPERATIONS.length);
    for (const operation of OPERATIONS) {
      expect(Object.keys(document.paths[operation.path] ?? {})).toEqual([operation.method]);
      expect(document.paths[operation.path]?.[operation.method]).toMatchObject({ operationId: operation.operationId, summary: operation.summary });
    }
  });

  it('resolves every $ref', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(OPERATIONS.length);
    for (const [where, ref] of refs) expect(resolve(document, ref), `${where} → ${ref}`).toBeDefined();
  });

  it('puts one schema per message in components, shared between operations', () => {
    const names = Object.keys(document.components.schemas);
    for (const message of ['OQSsiquc01req', 'OQSsiquc01res', 'OQSmuquc01req', 'OQSmuquc01res', 'OQSmuquc02res', 'OQSsiimm01req', 'OQSsiimm01res']) {
      expect(names).toContain(message);
    }
    expect(names).toContain('OQSmu_tic_hvq_onq_01req');
    expect(names.filter((name) => name.startsWith('OQSsiquc01res'))).toEqual(['OQSsiquc01res']);
    expect(names).toEqual(expect.arrayContaining(['authenticateRequest', 'authenticateResponse', 'CodedError']));
    expect(document.components.schemas['OQSsiquc01req'].$schema).toBeUndefined();
    expect(document.components.schemas['OQSsiquc01req'].properties.XmlMsg.required).toEqual(['MessageHeader', 'MessageBody']);
  });

  it('declares mutual TLS, the Authorization token and the admin bearer', () => {
    expect(document.components.securitySchemes).toMatchObject({
      facilityCertificate: { type: 'mutualTLS' },
      oqsToken: { type: 'apiKey', in: 'header', name: 'Authorization' },
      adminBearer: { type: 'http', scheme: 'bearer' },
    });
    const security = (path: string, method: string) => document.paths[path]?.[method]?.security;
    expect(security('/oqs-api-pro/MSA12020/ILI12020SV01/auth', 'post')).toEqual([{ facilityCertificate: [] }]);
    expect(security('/oqs-api-pro/MSA01030/ILI01030SV01/search', 'post')).toEqual([{ facilityCertificate: [], oqsToken: [] }]);
    expect(security('/admin/faults', 'put')).toEqual([{ adminBearer: [] }]);
    expect(security('/health', 'get')).toEqual([]);
    expect(security('/oqs/card-search', 'post')).toEqual([]);
    expect(document.paths['/oqs/card-search']?.['post']).toMatchObject({ 'x-oqs-auth': 'person-signature' });
  });

  it('answers every operation with the coded error envelope on the fitting statuses', () => {
    const statuses = (path: string, method: string) =>
      Object.keys(document.paths[path]?.[method]?.responses ?? {}).filter((status) => Number(status) >= 400);
    expect(statuses('/health', 'get')).toEqual(['400', '408', '429', '500', '503']);
    expect(statuses('/oqs/bulk/{receptionNumber}', 'get')).toEqual(['400', '401', '403', '404', '408', '429', '500', '503']);
    expect(statuses('/oqs-api-pro/MSA01030/ILI01030SV01/search', 'post')).toEqual(['400', '401', '403', '408', '413', '415', '429', '500', '503']);
    for (const [status, response] of Object.entries(document.components.responses)) {
      expect(status).toMatch(/^Error\d{3}$/);
      expect(response).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CodedError' } } } });
      expect(response.description).toMatch(/[ぁ-んァ-ヶ一-龠].*\(.+\)/);
    }
  });

  it('declares path parameters', () => {
    expect(document.paths['/oqs/bulk/{receptionNumber}']?.['get']?.parameters).toEqual([
      { name: 'receptionNumber', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('declares query parameters, optional, after the path parameters', () => {
    const paged = buildOpenApiDocument(
      [
        {
          method: 'get',
          path: '/admin/{area}/entries',
          operationId: 'listEntries',
          summary: '一覧 (list)',
          query: [{ name: 'limit', description: 'page size', schema: { type: 'integer' } }],
          response: { schema: { type: 'object' } },
          auth: 'admin',
        },
      ],
      INFO,
    ) as { paths: Record<string, Record<string, { parameters: unknown }>> };
    expect(paged.paths['/admin/{area}/entries']?.['get']?.parameters).toEqual([
      { name: 'area', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, description: 'page size', schema: { type: 'integer' } },
    ]);
  });

  it('offers application/xml beside JSON only where asked', () => {
    const search = document.paths['/oqs-api-pro/MSA01030/ILI01030SV01/search']?.['post'];
    expect(Object.keys(search.requestBody.content)).toEqual(['application/json', 'application/xml']);
    expect(Object.keys(search.responses['200'].content)).toEqual(['application/json', 'application/xml']);
    const criteria = document.paths['/oqs/bulk-criteria']?.['post'];
    expect(Object.keys(criteria.requestBody.content)).toEqual(['application/json']);
  });

  it('uses the success status an operation names', () => {
    expect(Object.keys(document.paths['/admin/faults']?.['put']?.responses ?? {})).toContain('204');
  });

  it('lets an operation list its own refusals', () => {
    const custom = buildOpenApiDocument([{ ...OPERATIONS[8]!, errorStatuses: [503, 500, 503] }], INFO) as Doc;
    expect(Object.keys(custom.paths['/health']?.['get']?.responses ?? {})).toEqual(['200', '500', '503']);
    expect(Object.keys(custom.components.responses)).toEqual(['Error500', 'Error503']);
  });

  it.each([
    ['a duplicate operationId', [OPERATIONS[0]!, { ...OPERATIONS[1]!, operationId: 'authenticate' }], /used twice/],
    ['a duplicate method and path', [OPERATIONS[0]!, { ...OPERATIONS[0]!, operationId: 'again' }], /declared twice/],
    ['a GET with a body', [{ ...OPERATIONS[5]!, request: { codec: bulkQualificationUpload } }], /GET has no request body/],
    ['a relative path', [{ ...OPERATIONS[8]!, path: 'health' }], /must start with \//],
    ['a codec and a schema together', [{ ...OPERATIONS[1]!, request: { codec: qualificationRequest, schema: { type: 'object' } } }], /not both/],
  ] as const)('refuses %s', (_label, operations, expected) => {
    expect(() => buildOpenApiDocument(operations as readonly ApiOperation[], INFO)).toThrow(expected);
  });
});
