import { describe, expect, it } from 'vitest';
import * as oqs from '../index';
import { toJsonForm } from '../json/json-form';
import { buildFaceFile } from './face-file';
import { sameInsurerNumber } from './insurer-number';
import type { Shape } from './schema';
import { insurerNumber } from './value-checks';
import type { MessageModel, XmlMessageCodec } from './xml-message';

/*
 * §2.3: whatever form the caller hands over, every 保険者番号 and 公費負担者番号 a writer puts out is 8
 * characters, a 6-digit 国保 number space-padded in files and zero-padded in the JSON API; every reader
 * takes each form. One table over every message codec of oqs/, so a codec added later without the rule
 * fails here. The written bytes are judged with plain regular expressions, not with our parser.
 */

type AnyCodec = XmlMessageCodec<Shape, Shape>;
type Model = MessageModel<Shape, Shape>;

const CLINIC = '1399999999';

/** Every codec oqs/ exports, found by what it is rather than listed, so none is forgotten. */
const exportedCodecs: ReadonlyArray<readonly [string, AnyCodec]> = (Object.entries(oqs) as [string, unknown][]).filter(
  (entry): entry is [string, AnyCodec] => typeof entry[1] === 'object' && entry[1] !== null && 'shape' in entry[1] && 'build' in entry[1],
);

/** Paths to the text fields checked as 保険者番号; `*` steps into each item of a list or repetition. */
function insurerNumberPaths(shape: Shape, prefix: readonly string[] = []): string[][] {
  return Object.entries(shape).flatMap(([name, field]) => {
    switch (field.kind) {
      case 'text':
        return field.check === insurerNumber ? [[...prefix, name]] : [];
      case 'group':
        return insurerNumberPaths(field.shape, [...prefix, name]);
      case 'list':
      case 'repeated':
        return insurerNumberPaths(field.item, [...prefix, name, '*']);
    }
  });
}

/** The values at a path of a model, every item of an array where the path says `*`. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  const [step, ...rest] = path;
  if (step === undefined) return [value];
  if (step === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[step], rest);
}

const searchInfo = (number: string) => ({ InsurerNumber: number, InsuredCardSymbol: '88', InsuredIdentificationNumber: '204517', InsuredBranchNumber: '00', Birthdate: '19580707' });
const result = (number: string) => ({ InsuredCardClassification: '01', InsurerNumber: number, Name: '森田　健二', Sex1: '1', Birthdate: '19580707', PublicExpenseNumber: number });
const drugAndCheckupHeader = (number: string) => ({ MedicalInstitutionCode: CLINIC, InsurerNumber: number, InsuredPersonIdentificationNumber: '204517' });

/** One model per codec that carries a 保険者番号, with `number` in every such element. */
const MODELS: Readonly<Record<string, (number: string) => Model>> = {
  qualificationRequest: (number) => ({ MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: searchInfo(number) } }),
  qualificationResponse: (number) => ({
    // ReferenceClassification 1, so the face file builder takes the same model.
    MessageHeader: { MedicalInstitutionCode: CLINIC, ReferenceClassification: '1', SegmentOfResult: '1' },
    MessageBody: { ProcessingResultStatus: '1', QualificationConfirmSearchInfo: searchInfo(number), ResultList: [result(number), result(number)] },
  }),
  bulkQualificationUpload: (number) => ({ MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: [searchInfo(number), searchInfo(number)] } }),
  bulkResult: (number) => ({
    MessageHeader: { MedicalInstitutionCode: CLINIC },
    MessageBody: { BulkConfirmUnit: [{ QualificationConfirmSearchInfo: searchInfo(number), ResultOfQualificationConfirmation: [result(number)] }] },
  }),
  referenceNumberRequest: (number) => ({
    MessageHeader: { MedicalInstitutionCode: CLINIC },
    MessageBody: { ReferenceNumberRegistrationInfo: { ReferenceNumber: '10452', InsurerNumber: number, InsuredIdentificationNumber: '204517' } },
  }),
  referenceNumberResponse: (number) => ({ MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { ReferenceNumberRegistrationInfo: { InsurerNumber: number } } }),
  drugInfoRequest: (number) => ({ MessageHeader: drugAndCheckupHeader(number), MessageBody: { StartDate: '202501', EndDate: '202601', FileCategory: '2' } }),
  checkupRequest: (number) => ({ MessageHeader: drugAndCheckupHeader(number), MessageBody: { FileCategory: '2' } }),
};

/** How many 保険者番号 elements a model of the codec carries. */
const elementsIn = (codec: AnyCodec, model: Model) => insurerNumberPaths(codec.shape).reduce((sum, path) => sum + valuesAt(model, path).length, 0);

const withInsurerNumbers = exportedCodecs.filter(([, codec]) => insurerNumberPaths(codec.shape).length > 0);

/** Each written 保険者番号 / 公費負担者番号, as a regular expression finds it in XML text or JSON text. */
const writtenInXml = (text: string) => [...text.matchAll(/<(InsurerNumber|PublicExpenseNumber)>([^<]*)<\/\1>/g)].map((match) => match[2]);
const writtenInJson = (text: string) => [...text.matchAll(/"(InsurerNumber|PublicExpenseNumber)":"([^"]*)"/g)].map((match) => match[2]);

describe('保険者番号 fields of the message schemas', () => {
  it('are InsurerNumber and PublicExpenseNumber (公費負担者番号), and every field of those names is one', () => {
    const names = new Set(withInsurerNumbers.flatMap(([, codec]) => insurerNumberPaths(codec.shape).map((path) => path.at(-1))));
    expect([...names].sort()).toEqual(['InsurerNumber', 'PublicExpenseNumber']);
    const misnamed = (shape: Shape): string[] =>
      Object.entries(shape).flatMap(([name, field]) => {
        if (field.kind === 'text') return ['InsurerNumber', 'PublicExpenseNumber'].includes(name) && field.check !== insurerNumber ? [name] : [];
        return misnamed(field.kind === 'group' ? field.shape : field.item);
      });
    expect(exportedCodecs.flatMap(([, codec]) => misnamed(codec.shape))).toEqual([]);
  });

  it('has a model below for every codec that carries one, filling every such element', () => {
    expect(withInsurerNumbers.map(([name]) => name).sort()).toEqual(Object.keys(MODELS).sort());
    for (const [name, codec] of withInsurerNumbers) {
      const model = MODELS[name]?.('139999');
      for (const path of insurerNumberPaths(codec.shape)) {
        const values = valuesAt(model, path);
        expect(values.length, `${name}: ${path.join('/')}`).toBeGreaterThan(0);
        expect(values.every((value) => value === '139999'), `${name}: ${path.join('/')}`).toBe(true);
      }
    }
  });
});

describe.each(withInsurerNumbers)('%s', (name, codec) => {
  const modelWith = (number: string) => MODELS[name]!(number);
  const elementCount = elementsIn(codec, modelWith('139999'));

  describe.each([
    ['bare', '139999'],
    ['zero-padded', '00139999'],
    ['space-padded', '  139999'],
  ])('given a 6-digit 国保 number %s', (_form, given) => {
    it.each([
      ['UTF-8', 'utf-8'],
      ['Shift_JIS', 'shift_jis'],
    ] as const)('writes "  139999" into a %s file', (encoding, label) => {
      const built = codec.build(modelWith(given), { encoding });
      const written = writtenInXml(new TextDecoder(label).decode(built.bytes));
      expect(written).toHaveLength(elementCount);
      expect(new Set(written)).toEqual(new Set(['  139999']));
    });

    it('writes "00139999" into the JSON form', () => {
      const written = writtenInJson(JSON.stringify(toJsonForm(codec, modelWith(given))));
      expect(written).toHaveLength(elementCount);
      expect(new Set(written)).toEqual(new Set(['00139999']));
    });

    it('reads it back from a file as written, the same insurer when compared trimmed', () => {
      const text = new TextDecoder().decode(codec.build(modelWith('139999'), { encoding: 'UTF-8' }).bytes).replaceAll('>  139999<', `>${given}<`);
      const read = codec.parse(new TextEncoder().encode(text));
      const values = insurerNumberPaths(codec.shape).flatMap((path) => valuesAt(read, path));
      expect(values).toHaveLength(elementCount);
      expect(values.every((value) => value === given && sameInsurerNumber(value, '139999'))).toBe(true);
    });
  });

  it('leaves an 8-digit number as it is in both forms', () => {
    expect(new Set(writtenInXml(codec.build(modelWith('06139999'), { encoding: 'UTF-8' }).text))).toEqual(new Set(['06139999']));
    expect(new Set(writtenInJson(JSON.stringify(toJsonForm(codec, modelWith('06139999')))))).toEqual(new Set(['06139999']));
  });
});

describe('the face file builder', () => {
  it.each(['139999', '00139999', '  139999'])('writes %j as "  139999"', (given) => {
    const model = MODELS['qualificationResponse']!(given);
    const built = buildFaceFile(model as unknown as oqs.QualificationResponse, { encoding: 'Shift_JIS' });
    const written = writtenInXml(new TextDecoder('shift_jis').decode(built.bytes));
    expect(written).toHaveLength(elementsIn(oqs.qualificationResponse as unknown as AnyCodec, model));
    expect(new Set(written)).toEqual(new Set(['  139999']));
  });
});
