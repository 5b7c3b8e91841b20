import { ERROR_STATUS_SUMMARY, codedErrorSchema, type ErrorStatus } from './error-envelope';
import type { JsonSchemaObject } from './json-schema';
import { jsonSchemaOfMessage, type MessageCodecLike } from './shape-schema';

export type ApiAuth = 'token' | 'client-certificate' | 'person-signature' | 'admin' | 'none';

export interface ApiBody {
  /** An XmlMsg message, documented in its JSON form. */
  readonly codec?: MessageCodecLike;
  /** Any other JSON body (auth, admin); used when there is no codec. */
  readonly schema?: JsonSchemaObject;
  readonly description?: string;
}

/** A query parameter; every one is optional (the operation states its default). */
export interface ApiQueryParameter {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchemaObject;
}

export interface ApiOperation {
  readonly method: 'get' | 'post' | 'put';
  /** OpenAPI path template, e.g. /oqs-api-pro/MSA01030/ILI01030SV01/search or /bulk/{receptionNumber}. */
  readonly path: string;
  readonly operationId: string;
  /** Japanese first, English beside it. */
  readonly summary: string;
  readonly description?: string;
  readonly request?: ApiBody;
  readonly query?: readonly ApiQueryParameter[];
  /** The success answer (200 unless `status` says otherwise). */
  readonly response: ApiBody & { readonly status?: number };
  /** The same message is also accepted (and answered) as application/xml. */
  readonly xml?: boolean;
  readonly auth: ApiAuth;
  /** Overrides the refusals derived from auth, path parameters and body. */
  readonly errorStatuses?: readonly ErrorStatus[];
}

export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly serverUrl: string;
  readonly description?: string;
}

const OPENAPI_VERSION = '3.1.0';
const CODED_ERROR = 'CodedError';
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;
const PATH_PARAMETER = /\{([^{}]+)\}/g;

const SECURITY_SCHEMES = {
  facilityCertificate: {
    type: 'mutualTLS',
    description: '医療機関等の電子証明書による相互 TLS (mutual TLS with the facility certificate, §8).',
  },
  oqsToken: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'auth が返す idToken をそのまま送る (the idToken from auth, bare, without "Bearer"; §8).',
  },
  adminBearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'モックの管理用トークン (the mock\'s admin token, for scenario and fault control).',
  },
} as const;

/** Security requirement per auth kind; a person signature travels in the body, which OpenAPI cannot express. */
const SECURITY: Readonly<Record<ApiAuth, readonly Record<string, readonly string[]>[]>> = {
  'client-certificate': [{ facilityCertificate: [] }],
  token: [{ facilityCertificate: [], oqsToken: [] }],
  admin: [{ adminBearer: [] }],
  'person-signature': [],
  none: [],
};

/** An OpenAPI 3.1 document for the mock's operations; message bodies are schemas generated from the oqs shapes. */
export function buildOpenApiDocument(operations: ReadonlyArray<ApiOperation>, info: ApiInfo): object {
  const schemas = new SchemaRegistry();
  const paths: Record<string, Record<string, object>> = {};
  const operationIds = new Set<string>();
  const usedStatuses = new Set<ErrorStatus>();

  for (const operation of operations) {
    checkOperation(operation, operationIds, paths);
    operationIds.add(operation.operationId);
    const statuses = errorStatusesOf(operation);
    statuses.forEach((status) => usedStatuses.add(status));
    const pathItem = (paths[operation.path] ??= {});
    pathItem[operation.method] = operationObject(operation, statuses, schemas);
  }

  const responses: Record<string, object> = {};
  for (const status of [...usedStatuses].sort((a, b) => a - b)) {
    responses[errorResponseName(status)] = {
      description: ERROR_STATUS_SUMMARY[status],
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${CODED_ERROR}` } } },
    };
  }

  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description !== undefined ? { description: info.description } : {}),
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { ...schemas.entries(), [CODED_ERROR]: codedErrorSchema() },
      responses,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function checkOperation(operation: ApiOperation, operationIds: ReadonlySet<string>, paths: Readonly<Record<string, Record<string, object>>>): void {
  const where = `operation ${JSON.stringify(operation.operationId)}`;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(operation.operationId)) throw new Error(`${where}: operationId must be an identifier`);
  if (operationIds.has(operation.operationId)) throw new Error(`${where}: operationId is used twice`);
  if (!operation.path.startsWith('/')) throw new Error(`${where}: path must start with /`);
  if (paths[operation.path]?.[operation.method] !== undefined) throw new Error(`${where}: ${operation.method} ${operation.path} is declared twice`);
  if (operation.method === 'get' && operation.request !== undefined) throw new Error(`${where}: a GET has no request body`);
  for (const body of [operation.request, operation.response]) {
    if (body !== undefined && body.codec !== undefined && body.schema !== undefined) throw new Error(`${where}: give a codec or a schema, not both`);
  }
}

/** Refusals an operation can answer with, unless it lists its own. */
function errorStatusesOf(operation: ApiOperation): ErrorStatus[] {
  if (operation.errorStatuses !== undefined) return [...new Set(operation.errorStatuses)].sort((a, b) => a - b);
  const statuses: ErrorStatus[] = [400];
  if (operation.auth !== 'none') statuses.push(401, 403);
  if (pathParameters(operation.path).length > 0) statuses.push(404);
  statuses.push(408);
  if (operation.request !== undefined) statuses.push(413, 415);
  // 500 and 503 are what injected errors and outage windows answer with, on every route.
  statuses.push(429, 500, 503);
  return statuses.sort((a, b) => a - b);
}

function operationObject(operation: ApiOperation, statuses: readonly ErrorStatus[], schemas: SchemaRegistry): object {
  const parameters = [
    ...pathParameters(operation.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(operation.query ?? []).map((parameter) => ({ name: parameter.name, in: 'query', required: false, description: parameter.description, schema: parameter.schema })),
  ];
  const responses: Record<string, object> = {
    [String(operation.response.status ?? 200)]: {
      description: operation.response.description ?? operation.summary,
      ...contentOf(operation.response, operation, 'Response', schemas),
    },
  };
  for (const status of statuses) responses[String(status)] = { $ref: `#/components/responses/${errorResponseName(status)}` };
  const authNote =
    operation.auth === 'person-signature'
      ? '本人の電子証明書による署名を本文に含める (authenticated by the person\'s signature inside the body, checked by the server).'
      : undefined;
  const description = [operation.description, authNote].filter((part) => part !== undefined).join('\n\n');
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(description !== '' ? { description } : {}),
    security: SECURITY[operation.auth],
    'x-oqs-auth': operation.auth,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.request !== undefined
      ? {
          requestBody: {
            required: true,
            ...(operation.request.description !== undefined ? { description: operation.request.description } : {}),
            ...contentOf(operation.request, operation, 'Request', schemas),
          },
        }
      : {}),
    responses,
  };
}

function contentOf(body: ApiBody, operation: ApiOperation, role: 'Request' | 'Response', schemas: SchemaRegistry): { content?: object } {
  if (body.codec !== undefined) {
    const name = schemas.message(body.codec);
    const content: Record<string, object> = { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } };
    if (operation.xml === true) {
      // The XML form differs in structure from the JSON form, so it is described rather than mapped.
      content['application/xml'] = {
        schema: {
          type: 'string',
          contentMediaType: 'application/xml',
          description: `The same ${body.codec.messageName} as an XmlMsg document (Shift_JIS or UTF-8 as declared); its members are those of components.schemas.${name}.`,
        },
      };
    }
    return { content };
  }
  if (body.schema !== undefined) {
    const name = schemas.plain(`${operation.operationId}${role}`, body.schema);
    return { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
  }
  return {};
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(PATH_PARAMETER)].map((match) => match[1] ?? '');
}

function errorResponseName(status: ErrorStatus): string {
  return `Error${status}`;
}

/** components.schemas: one entry per message codec (shared by every operation using it) and per plain body. */
class SchemaRegistry {
  private readonly byCodec = new Map<MessageCodecLike, string>();
  private readonly schemas: Record<string, JsonSchemaObject> = {};

  message(codec: MessageCodecLike): string {
    const known = this.byCodec.get(codec);
    if (known !== undefined) return known;
    // Message names such as OQSmu{tic,hvq,onq}01req are not valid component keys.
    const name = this.freeName(codec.messageName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, ''));
    const schema = jsonSchemaOfMessage(codec);
    delete schema.$schema; // the document's jsonSchemaDialect already says 2020-12
    this.schemas[name] = schema;
    this.byCodec.set(codec, name);
    return name;
  }

  plain(wanted: string, schema: JsonSchemaObject): string {
    const name = this.freeName(wanted);
    this.schemas[name] = schema;
    return name;
  }

  entries(): Record<string, JsonSchemaObject> {
    return { ...this.schemas };
  }

  private freeName(wanted: string): string {
    const base = COMPONENT_NAME.test(wanted) && wanted !== CODED_ERROR ? wanted : `Schema_${wanted.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    let name = base;
    for (let suffix = 2; Object.hasOwn(this.schemas, name); suffix += 1) name = `${base}_${suffix}`;
    return name;
  }
}
