// OpenAPI 3.1 for the central mock, with message schemas generated from the oqs shapes.
export { JSON_SCHEMA_DIALECT, type JsonSchemaObject } from './json-schema';
export { jsonSchemaOfMessage, jsonSchemaOfShape, type MessageCodecLike, type ShapeSchemaOptions } from './shape-schema';
export { codedErrorSchema, ERROR_STATUS_SUMMARY, type ErrorStatus } from './error-envelope';
export { buildOpenApiDocument, type ApiAuth, type ApiBody, type ApiInfo, type ApiOperation, type ApiQueryParameter } from './openapi-document';
