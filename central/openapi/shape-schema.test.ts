import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as oqs from '../../oqs/index';
import {
  bulkQualificationUpload,
  bulkResult,
  fromJsonForm,
  qualificationRequest,
  qualificationResponse,
  toJsonForm,
  type QualificationRequest,
  type QualificationResponse,
  type Shape,
} from '../../oqs/index';
import { codedErrorSchema } from './error-envelope';
import type { JsonSchemaObject } from './json-schema';
import { jsonSchemaOfMessage, jsonSchemaOfShape, type MessageCodecLike } from './shape-schema';

// ---------------------------------------------------------------------------------------------------
// A tiny JSON Schema checker for exactly the keywords this folder emits. Any other keyword is a test
// failure, so the generator cannot start emitting something this checker silently ignores.
const VALIDATION_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'enum', 'pattern', 'maxLength', 'allOf']);
const ANNOTATION_KEYWORDS = new Set(['$schema', 'title', 'description', 'deprecated']);

function problemsOf(schema: JsonSchemaObject, value: unknown, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!VALIDATION_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword) && !keyword.startsWith('x-')) {
      throw new Error(`the test checker does not know the keyword ${keyword} (at ${path})`);
    }
  }
  const problems: string[] = [];
  if (schema.type !== undefined && !hasType(schema.type, value)) return [`${path}: not ${schema.type}`];
  if (schema.enum !== undefined && !schema.enum.some((member) => member === value)) problems.push(`${path}: not one of ${schema.enum.join('|')}`);
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) if (!Object.hasOwn(value, name)) problems.push(`${path}: missing ${name}`);
    for (const [name, member] of Object.entries(value)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema !== undefined) problems.push(...problemsOf(propertySchema, member, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: unexpected ${name}`);
      else if (typeof schema.additionalProperties === 'object') problems.push(...problemsOf(schema.additionalProperties, member, `${path}.${name}`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items !== undefined) value.forEach((item, index) => problems.push(...problemsOf(schema.items as JsonSchemaObject, item, `${path}[${index}]`)));
  }
  for (const part of schema.allOf ?? []) problems.push(...problemsOf(part, value, path));
  return problems;
}

function hasType(type: NonNullable<JsonSchemaObject['type']>, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    default:
      throw new Error(`the test checker does not know type ${type}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
// ---------------------------------------------------------------------------------------------------

/** A deep copy of a JSON value, edited by `change`. */
function edited<T>(value: T, change: (copy: any) => void): unknown {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

const request: QualificationRequest = {
  MessageHeader: { QualificationConfirmationDate: '20260112', MedicalInstitutionCode: '1399999999', ArbitraryFileIdentifier: 'req-0001' },
  MessageBody: {
    QualificationConfirmSearchInfo: {
      InsurerNumber: '06139999',
      InsuredCardSymbol: '501',
      InsuredIdentificationNumber: '4321',
      InsuredBranchNumber: '02',
      Birthdate: '19850715',
      LimitApplicationCertificateRelatedConsFlg: '1',
    },
  },
};

const response: QualificationResponse = {
  MessageHeader: {
    ProcessExecutionTime: '20260112091502',
    QualificationConfirmationDate: '20260112',
    MedicalInstitutionCode: '1399999999',
    ArbitraryFileIdentifier: 'req-0001',
    ReferenceClassification: '2',
    SegmentOfResult: '1',
    CharacterCodeIdentifier: '0',
  },
  MessageBody: {
    ProcessingResultStatus: '1',
    QualificationValidity: '1',
    QualificationConfirmSearchInfo: request.MessageBody.QualificationConfirmSearchInfo,
    ResultList: [
      {
        InsuredCardClassification: '01',
        InsurerNumber: '06139999',
        Name: '見本　花子',
        NameKana: 'ﾐﾎﾝ ﾊﾅｺ',
        Sex1: '2',
        Birthdate: '19850715',
        PostNumber: '100-0001',
        InsuredPartialContributionRatio: '030',
        LimitApplicationCertificateRelatedInfo: { LimitApplicationCertificateClassificationFlag: 'A04' },
        SpecificDiseasesCertificateList: [{ SpecificDiseasesDiseaseCategory: '1', SpecificDiseasesSelfPay: '10000' }],
        PharmaceuticalInfoConsFlg: '1',
        PharmaceuticalInfoConsTime: '20260112091502',
        PharmaceuticalInfoAcquisitionTime: '20260113091502',
        DiagnosisInfoConsFlg: '0',
      },
    ],
  },
};

describe('jsonSchemaOfMessage(qualificationRequest)', () => {
  const schema = jsonSchemaOfMessage(qualificationRequest);
  const json = toJsonForm(qualificationRequest, request);

  it('is a 2020-12 schema of {"XmlMsg":{…}} named after the message', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('OQSsiquc01req');
    expect(schema.required).toEqual(['XmlMsg']);
  });

  it('accepts the JSON form of a valid model', () => {
    expect(problemsOf(schema, json)).toEqual([]);
  });

  it.each([
    ['MedicalInstitutionCode', (copy: any) => delete copy.XmlMsg.MessageHeader.MedicalInstitutionCode, /missing MedicalInstitutionCode/],
    ['Birthdate', (copy: any) => delete copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo.Birthdate, /missing Birthdate/],
    ['QualificationConfirmSearchInfo', (copy: any) => delete copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo, /missing QualificationConfirmSearchInfo/],
    ['MessageBody', (copy: any) => delete copy.XmlMsg.MessageBody, /missing MessageBody/],
  ])('rejects a form missing the required %s, as the codec does', (_name, change, expected) => {
    const broken = edited(json, change);
    expect(problemsOf(schema, broken).join('\n')).toMatch(expected);
    expect(() => fromJsonForm(qualificationRequest, broken)).toThrow();
  });

  it.each([
    ['a malformed date', (copy: any) => (copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo.Birthdate = '1985-07-15')],
    ['a 9-digit institution code', (copy: any) => (copy.XmlMsg.MessageHeader.MedicalInstitutionCode = '139999999')],
    ['an unknown consent code', (copy: any) => (copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo.LimitApplicationCertificateRelatedConsFlg = '2')],
    ['a 101-character identifier', (copy: any) => (copy.XmlMsg.MessageHeader.ArbitraryFileIdentifier = 'x'.repeat(101))],
    ['a number instead of a string', (copy: any) => (copy.XmlMsg.MessageHeader.MedicalInstitutionCode = 1399999999)],
    ['a second root key', (copy: any) => (copy.Other = {})],
    ['a blank required field', (copy: any) => (copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo.Birthdate = '')],
  ])('rejects %s, as the codec does', (_label, change) => {
    const broken = edited(json, change);
    expect(problemsOf(schema, broken)).not.toEqual([]);
    expect(() => fromJsonForm(qualificationRequest, broken)).toThrow();
  });

  it('accepts a blank optional field, as the codec does', () => {
    const blank = edited(json, (copy) => (copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo.InsuredBranchNumber = ''));
    expect(problemsOf(schema, blank)).toEqual([]);
    expect(() => fromJsonForm(qualificationRequest, blank)).not.toThrow();
  });

  it('refuses unknown members by default and allows them on request', () => {
    const extra = edited(json, (copy) => (copy.XmlMsg.MessageHeader.NewerElement = 'x'));
    expect(problemsOf(schema, extra).join('\n')).toMatch(/unexpected NewerElement/);
    expect(problemsOf(jsonSchemaOfMessage(qualificationRequest, { unknownMembers: 'allow' }), extra)).toEqual([]);
  });

  it('carries pattern, maxLength and enum from the value checks', () => {
    const header = schema.properties?.['XmlMsg']?.properties?.['MessageHeader'];
    const info = schema.properties?.['XmlMsg']?.properties?.['MessageBody']?.properties?.['QualificationConfirmSearchInfo'];
    expect(header?.properties?.['MedicalInstitutionCode']).toMatchObject({ type: 'string', pattern: '^\\d{10}$' });
    expect(header?.properties?.['ArbitraryFileIdentifier']).toMatchObject({ type: 'string', maxLength: 100 });
    expect(info?.properties?.['LimitApplicationCertificateRelatedConsFlg']).toMatchObject({ enum: ['0', '1', ''] });
    expect(info?.properties?.['LimitApplicationCertificateRelatedConsFlg']?.description).toContain('OQSCD001');
    expect(info?.required).toEqual(['InsurerNumber', 'InsuredIdentificationNumber', 'Birthdate']);
  });
});

describe('jsonSchemaOfMessage(qualificationResponse)', () => {
  const schema = jsonSchemaOfMessage(qualificationResponse);
  const resultSchema = () =>
    schema.properties?.['XmlMsg']?.properties?.['MessageBody']?.properties?.['ResultList']?.items?.properties?.['ResultOfQualificationConfirmation'];

  it.each(['newer', 'older'] as const)('accepts the JSON form with %s consent names', (consentNaming) => {
    expect(problemsOf(schema, toJsonForm(qualificationResponse, response, { consentNaming }))).toEqual([]);
  });

  it('describes ResultList as an array of {"ResultOfQualificationConfirmation":{…}} and accepts an empty one', () => {
    const list = schema.properties?.['XmlMsg']?.properties?.['MessageBody']?.properties?.['ResultList'];
    expect(list?.type).toBe('array');
    expect(list?.items?.required).toEqual(['ResultOfQualificationConfirmation']);
    const empty = toJsonForm(qualificationResponse, { ...response, MessageBody: { ...response.MessageBody, ResultList: [] } });
    expect(problemsOf(schema, empty)).toEqual([]);
    const unwrapped = edited(toJsonForm(qualificationResponse, response), (copy) => {
      copy.XmlMsg.MessageBody.ResultList = [copy.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation];
    });
    expect(problemsOf(schema, unwrapped)).not.toEqual([]);
  });

  it('states the one shape of 特定疾病 entries, and the reader refuses the unwrapped shape the schema refuses', () => {
    const list = resultSchema()?.properties?.['SpecificDiseasesCertificateList'];
    expect(list).toMatchObject({ type: 'array', 'x-oqs-list-shape': 'wrapped', items: { required: ['SpecificDiseasesCertificateInfo'] } });
    expect(list?.description).toContain('JSON_LIST_SHAPE');
    const answer = toJsonForm(qualificationResponse, response);
    expect(problemsOf(schema, answer)).toEqual([]);
    const unwrapped = edited(answer, (copy) => {
      const result = copy.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation;
      result.SpecificDiseasesCertificateList = result.SpecificDiseasesCertificateList.map((entry: any) => entry.SpecificDiseasesCertificateInfo);
    });
    expect(problemsOf(schema, unwrapped)).not.toEqual([]);
    let code: string | undefined;
    try {
      fromJsonForm(qualificationResponse, unwrapped);
    } catch (error) {
      code = oqs.isOqsError(error) ? error.code : undefined;
    }
    expect(code).toBe('JSON_LIST_SHAPE');
  });

  it('names the older consent name in the description and lists it as deprecated', () => {
    const result = resultSchema();
    expect(result?.properties?.['PharmaceuticalInfoConsFlg']?.description).toContain('PharmacistsInfoConsFlg');
    expect(result?.properties?.['PharmaceuticalInfoConsFlg']?.['x-oqs-older-name']).toBe('PharmacistsInfoConsFlg');
    expect(result?.properties?.['PharmacistsInfoConsFlg']).toMatchObject({ deprecated: true, 'x-oqs-newer-name': 'PharmaceuticalInfoConsFlg' });
    expect(result?.properties?.['PharmacistsInfoConsFlg']?.description).toContain('PharmaceuticalInfoConsFlg');
  });

  it('rejects a result missing its required Name', () => {
    const broken = edited(toJsonForm(qualificationResponse, response), (copy) => delete copy.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation.Name);
    expect(problemsOf(schema, broken).join('\n')).toMatch(/missing Name/);
  });

  it('rejects a person name with an ASCII space', () => {
    const broken = edited(toJsonForm(qualificationResponse, response), (copy) => (copy.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation.Name = '見本 花子'));
    expect(problemsOf(schema, broken)).not.toEqual([]);
  });
});

describe('repeated elements', () => {
  it('are arrays of plain objects, required only with a minimum', () => {
    const upload = jsonSchemaOfMessage(bulkQualificationUpload);
    const body = upload.properties?.['XmlMsg']?.properties?.['MessageBody'];
    expect(body?.required).toEqual(['QualificationConfirmSearchInfo']);
    expect(body?.properties?.['QualificationConfirmSearchInfo']).toMatchObject({ type: 'array', minItems: 1 });
    const form = toJsonForm(bulkQualificationUpload, {
      MessageHeader: request.MessageHeader,
      MessageBody: { QualificationConfirmSearchInfo: [request.MessageBody.QualificationConfirmSearchInfo, request.MessageBody.QualificationConfirmSearchInfo] },
    });
    expect(problemsOf(upload, form)).toEqual([]);
    expect(problemsOf(upload, edited(form, (copy) => (copy.XmlMsg.MessageBody.QualificationConfirmSearchInfo = [])))).not.toEqual([]);

    const result = jsonSchemaOfMessage(bulkResult);
    expect(result.properties?.['XmlMsg']?.properties?.['MessageBody']?.required).toBeUndefined();
    const pending = toJsonForm(bulkResult, { MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '2' }, MessageBody: { BulkConfirmUnit: [] } });
    expect(pending.XmlMsg['MessageBody']).toEqual({});
    expect(problemsOf(result, pending)).toEqual([]);
    const done = toJsonForm(bulkResult, {
      MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '1' },
      MessageBody: { BulkConfirmUnit: [{ ProcessingResultStatus: '1', ResultOfQualificationConfirmation: response.MessageBody.ResultList ?? [] }] },
    });
    expect(problemsOf(result, done)).toEqual([]);
  });
});

/** Every XmlMsg codec oqs/index.ts exports, found by looking, so new messages are covered without editing this test. */
function exportedCodecs(): MessageCodecLike[] {
  return Object.values(oqs).filter((value): value is MessageCodecLike & typeof value => {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Partial<MessageCodecLike>;
    return typeof candidate.messageName === 'string' && typeof candidate.shape === 'object' && candidate.shape?.['MessageHeader']?.kind === 'group';
  });
}

/** Every text field of a shape, with its path. */
function textFields(shape: Shape, path: string): [string, Extract<Shape[string], { kind: 'text' }>][] {
  return Object.entries(shape).flatMap(([name, field]): [string, Extract<Shape[string], { kind: 'text' }>][] => {
    switch (field.kind) {
      case 'text':
        return [[`${path}/${name}`, field]];
      case 'group':
        return textFields(field.shape, `${path}/${name}`);
      case 'list':
      case 'repeated':
        return textFields(field.item, `${path}/${name}`);
    }
  });
}

type CollectionField = Extract<Shape[string], { kind: 'list' | 'repeated' }>;

/** Every list and repeated field of a shape with its schema, found by walking both together. */
function collectionSchemas(shape: Shape, schema: JsonSchemaObject | undefined, path: string): [string, CollectionField, JsonSchemaObject | undefined][] {
  return Object.entries(shape).flatMap(([name, field]): [string, CollectionField, JsonSchemaObject | undefined][] => {
    const fieldSchema = schema?.properties?.[name];
    switch (field.kind) {
      case 'text':
        return [];
      case 'group':
        return collectionSchemas(field.shape, fieldSchema, `${path}/${name}`);
      case 'list':
        return [[`${path}/${name}`, field, fieldSchema], ...collectionSchemas(field.item, fieldSchema?.items?.properties?.[field.itemName], `${path}/${name}/${field.itemName}`)];
      case 'repeated':
        return [[`${path}/${name}`, field, fieldSchema], ...collectionSchemas(field.item, fieldSchema?.items, `${path}/${name}`)];
    }
  });
}

describe('every message codec exported by oqs/index.ts', () => {
  const codecs = exportedCodecs();

  it('is found (at least the 12 of §6)', () => {
    expect(codecs.length).toBeGreaterThanOrEqual(12);
  });

  it.each(exportedCodecs().map((codec) => [codec.messageName, codec] as const))('%s produces a schema the checker understands', (_name, codec) => {
    const schema = jsonSchemaOfMessage(codec);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    const envelope = schema.properties?.['XmlMsg'];
    expect(envelope?.required).toEqual(['MessageHeader', 'MessageBody']);
    // Walks every keyword: a keyword the checker does not know throws.
    expect(problemsOf(schema, { XmlMsg: { MessageHeader: {}, MessageBody: {} } }).length).toBeGreaterThanOrEqual(0);
    expect(problemsOf(schema, 'not an object')).toEqual(['$: not object']);
  });

  it('never makes the schema stricter than the value checks (fuzzed)', () => {
    const fields = codecs.flatMap((codec) => textFields(codec.shape, codec.messageName));
    const samples = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^\d{1,14}$/),
      fc.stringMatching(/^ {0,2}\d{6,8}$/),
      fc.constantFrom('', '20260112', '20260112091502', '202601', '100-0001', 'ﾐﾎﾝ ﾊﾅｺ', '見本　花子', 'QUJD', 'A04', '01', '1', '9'),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fields), samples, ([path, field], value) => {
        const accepted = value === '' ? field.optional : field.check(value) === undefined;
        if (!accepted) return;
        const problems = problemsOf(jsonSchemaOfShape({ probe: field }), { probe: value });
        expect(problems, `${path} ${JSON.stringify(value)}`).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });

  it('states one shape for every list and every repeated element', () => {
    let lists = 0;
    for (const codec of codecs) {
      for (const [path, field, fieldSchema] of collectionSchemas(codec.shape, jsonSchemaOfMessage(codec).properties?.['XmlMsg'], codec.messageName)) {
        if (field.kind === 'list') {
          lists += 1;
          expect(fieldSchema?.['x-oqs-list-shape'], path).toBe('wrapped');
          expect(fieldSchema?.items?.required, path).toEqual([field.itemName]);
          expect(Object.keys(fieldSchema?.items?.properties ?? {}), path).toEqual([field.itemName]);
        } else {
          expect(fieldSchema?.['x-oqs-list-shape'], path).toBe('repeated');
          expect(fieldSchema?.items?.properties?.[path.split('/').at(-1)!], path).toBeUndefined();
        }
        expect(fieldSchema?.description, path).toContain('JSON_LIST_SHAPE');
      }
    }
    // ResultList, SpecificDiseasesCertificateList, PublicExpenseResultList, DrugInfs, … are all there.
    expect(lists).toBeGreaterThanOrEqual(6);
  });

  it('lists only codes its check accepts, for every enum field', () => {
    for (const codec of codecs) {
      for (const [path, field] of textFields(codec.shape, codec.messageName)) {
        for (const code of field.check.description?.enum ?? []) expect(field.check(code), `${path} ${code}`).toBeUndefined();
      }
    }
  });
});

describe('codedErrorSchema', () => {
  const schema = codedErrorSchema();

  it('accepts a refusal with or without the facility', () => {
    const refusal = { XmlMsg: { MessageHeader: { SegmentOfResult: '9', ErrorCode: 'TOKEN_EXPIRED', ErrorMessage: '認証トークンの有効期限が切れています (token expired)' } } };
    expect(problemsOf(schema, refusal)).toEqual([]);
    const withFacility = edited(refusal, (copy) => {
      copy.XmlMsg.MessageHeader.MedicalInstitutionCode = '1399999999';
      copy.XmlMsg.MessageHeader.ProcessExecutionTime = '20260112091502';
      copy.XmlMsg.MessageBody = {};
    });
    expect(problemsOf(schema, withFacility)).toEqual([]);
  });

  it('insists on SegmentOfResult 9, ErrorCode and ErrorMessage', () => {
    expect(problemsOf(schema, { XmlMsg: { MessageHeader: { SegmentOfResult: '1', ErrorCode: 'X', ErrorMessage: 'x' } } })).not.toEqual([]);
    expect(problemsOf(schema, { XmlMsg: { MessageHeader: { SegmentOfResult: '9', ErrorMessage: 'x' } } }).join()).toMatch(/missing ErrorCode/);
    expect(problemsOf(schema, { XmlMsg: { MessageHeader: { SegmentOfResult: '9', ErrorCode: 'X' } } }).join()).toMatch(/missing ErrorMessage/);
  });
});
