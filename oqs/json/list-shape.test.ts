import { describe, expect, it } from 'vitest';
import { OqsError } from '../errors';
import { bulkResult, type BulkResult } from '../messages/bulk-messages';
import { qualificationResponse, type QualificationResponse } from '../messages/qualification-messages';
import type { QualificationResult } from '../messages/qualification-result';
import { fromJsonForm, toJsonForm } from './json-form';
import { JSON_LIST_SHAPE_RULE } from './list-shape';

const person: QualificationResult = {
  InsuredCardClassification: '01',
  InsurerNumber: '139999',
  Name: '森田　健二',
  Sex1: '1',
  Birthdate: '19580707',
  ElderlyRecipientCertificateInfo: { ElderlyRecipientValidStartDate: '20230801', ElderlyRecipientContributionRatio: '020' },
  SpecificDiseasesCertificateList: [
    { SpecificDiseasesDiseaseCategory: '1', SpecificDiseasesSelfPay: '10000' },
    { SpecificDiseasesDiseaseCategory: '2', SpecificDiseasesSelfPay: '20000' },
  ],
};

const response: QualificationResponse = {
  MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '1' },
  MessageBody: { ProcessingResultStatus: '1', QualificationValidity: '1', ResultList: [person] },
};

const bulk: BulkResult = {
  MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '1' },
  MessageBody: { BulkConfirmUnit: [{ ProcessingResultStatus: '1', QualificationValidity: '1', ResultOfQualificationConfirmation: [person] }] },
};

type Json = any; // plain JSON, edited freely below

/** The JSON form of the response with its one result edited by `change`. */
function withResult(change: (result: Json) => void): Json {
  const json: Json = structuredClone(toJsonForm(qualificationResponse, response));
  change(json.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation);
  return json;
}

function withUnits(change: (body: Json) => void): Json {
  const json: Json = structuredClone(toJsonForm(bulkResult, bulk));
  change(json.XmlMsg.MessageBody);
  return json;
}

/** The OqsError a read throws; a read that returns fails the test. */
function refusal(read: () => unknown): OqsError {
  try {
    read();
  } catch (error) {
    if (error instanceof OqsError) return error;
    throw error;
  }
  throw new Error('the reader accepted it');
}

describe('the one JSON shape of lists', () => {
  it('is what the writer puts out: list entries wrapped in the item name, repeated elements as arrays of their content', () => {
    const result = (toJsonForm(qualificationResponse, response) as Json).XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation;
    expect(result.SpecificDiseasesCertificateList).toEqual([
      { SpecificDiseasesCertificateInfo: { SpecificDiseasesDiseaseCategory: '1', SpecificDiseasesSelfPay: '10000' } },
      { SpecificDiseasesCertificateInfo: { SpecificDiseasesDiseaseCategory: '2', SpecificDiseasesSelfPay: '20000' } },
    ]);
    expect(result.ElderlyRecipientCertificateInfo).toEqual({ ElderlyRecipientValidStartDate: '20230801', ElderlyRecipientContributionRatio: '020' });
    const units = (toJsonForm(bulkResult, bulk) as Json).XmlMsg.MessageBody.BulkConfirmUnit;
    expect(units).toHaveLength(1);
    expect(units[0].ResultOfQualificationConfirmation[0].Name).toBe('森田　健二');
  });

  it('is what the reader takes back, 特定疾病 and 高齢受給者 data whole', () => {
    const read = fromJsonForm(qualificationResponse, toJsonForm(qualificationResponse, response)).MessageBody.ResultList?.[0];
    expect(read?.SpecificDiseasesCertificateList).toEqual(person.SpecificDiseasesCertificateList);
    expect(read?.ElderlyRecipientCertificateInfo).toEqual(person.ElderlyRecipientCertificateInfo);
    expect(fromJsonForm(bulkResult, toJsonForm(bulkResult, bulk)).MessageBody.BulkConfirmUnit[0]?.ResultOfQualificationConfirmation[0]?.Name).toBe('森田　健二');
  });

  it('is stated in words for the API document', () => {
    expect(JSON_LIST_SHAPE_RULE).toContain('[{"SpecificDiseasesCertificateInfo":{…}}]');
    expect(JSON_LIST_SHAPE_RULE).toContain('JSON_LIST_SHAPE');
  });
});

describe('a reader given another shape fails with JSON_LIST_SHAPE, naming the list, instead of dropping data', () => {
  const specificDiseases = person.SpecificDiseasesCertificateList ?? [];

  it.each([
    ['unwrapped 特定疾病 entries', withResult((result) => (result.SpecificDiseasesCertificateList = specificDiseases)), 'SpecificDiseasesCertificateList'],
    [
      'the list as an object of its items',
      withResult((result) => (result.SpecificDiseasesCertificateList = { SpecificDiseasesCertificateInfo: specificDiseases })),
      'SpecificDiseasesCertificateList',
    ],
    [
      'the items outside their list',
      withResult((result) => {
        delete result.SpecificDiseasesCertificateList;
        result.SpecificDiseasesCertificateInfo = specificDiseases;
      }),
      'SpecificDiseasesCertificateList',
    ],
    [
      '高齢受給者 wrapped in its own name',
      withResult((result) => (result.ElderlyRecipientCertificateInfo = { ElderlyRecipientCertificateInfo: result.ElderlyRecipientCertificateInfo })),
      'ElderlyRecipientCertificateInfo',
    ],
    ['高齢受給者 given as a list', withResult((result) => (result.ElderlyRecipientCertificateInfo = [result.ElderlyRecipientCertificateInfo])), 'ElderlyRecipientCertificateInfo'],
    ['an empty list given as text', withResult((result) => (result.SpecificDiseasesCertificateList = '')), 'SpecificDiseasesCertificateList'],
  ])('%s', (_label, json, listName) => {
    for (const unknownElements of ['ignore', 'reject'] as const) {
      const error = refusal(() => fromJsonForm(qualificationResponse, json, { unknownElements }));
      expect(error.code).toBe('JSON_LIST_SHAPE');
      expect(error.message).toContain(`"${listName}"`);
      expect(error.path).toMatch(/^XmlMsg\/MessageBody\/ResultList\[0\]\/ResultOfQualificationConfirmation\//);
    }
  });

  it.each([
    ['bulk units wrapped in their own name', withUnits((body) => (body.BulkConfirmUnit = body.BulkConfirmUnit.map((unit: Json) => ({ BulkConfirmUnit: unit })))), 'BulkConfirmUnit'],
    ['one bulk unit as an object, not an array', withUnits((body) => (body.BulkConfirmUnit = body.BulkConfirmUnit[0])), 'BulkConfirmUnit'],
    [
      'a unit result wrapped in its own name',
      withUnits((body) => (body.BulkConfirmUnit[0].ResultOfQualificationConfirmation = [{ ResultOfQualificationConfirmation: person }])),
      'ResultOfQualificationConfirmation',
    ],
  ])('%s', (_label, json, listName) => {
    const error = refusal(() => fromJsonForm(bulkResult, json));
    expect(error.code).toBe('JSON_LIST_SHAPE');
    expect(error.message).toContain(`"${listName}"`);
  });

  it('takes an empty list as []', () => {
    const json = withResult((result) => (result.SpecificDiseasesCertificateList = []));
    expect(fromJsonForm(qualificationResponse, json).MessageBody.ResultList?.[0]?.SpecificDiseasesCertificateList).toEqual([]);
  });
});
