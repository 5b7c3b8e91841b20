/**
 * The subset of JSON Schema 2020-12 this folder emits. Kept small on purpose: the tests validate with a
 * checker of their own that knows exactly these validation keywords.
 */
export interface JsonSchemaObject {
  $schema?: string;
  $ref?: string;
  title?: string;
  description?: string;
  deprecated?: boolean;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Record<string, JsonSchemaObject>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaObject;
  items?: JsonSchemaObject;
  minItems?: number;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  allOf?: JsonSchemaObject[];
  /** OpenAPI-style extensions, e.g. x-oqs-older-name. */
  [extension: `x-${string}`]: unknown;
}

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
