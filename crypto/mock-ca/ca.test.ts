import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorityValidity, chooseIssuingGeneration, selectGenerationAt } from './ca';
import { startOfJstDay } from './dates';
import { DEFAULT_CA_GENERATIONS } from './defaults';
import { isMockCaError } from './errors';
import type { CardHolderInput } from './types';

function holderIssued(issueDate: string, expiryDate: string): CardHolderInput {
  return {
    id: 'someone',
    municipalityCode: '131016',
    prefecture: '東京都',
    city: '千代田区',
    name: '試験　太郎',
    sex: '1',
    birthDate: '1980-02-17',
    address: '東京都千代田区霞が関１－２－３',
    cardKind: 'standard',
    userAuthCertificate: { issueDate, expiryDate },
  };
}

function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isMockCaError(error) ? error.code : 'not a MockCaError';
  }
  return undefined;
}

describe('CA validity and generation selection', () => {
  it('runs ten years from 00:00 JST on the start date to the second before the anniversary', () => {
    const { notBefore, notAfter } = authorityValidity('2015-10-20', 10);
    expect(notBefore.toISOString()).toBe('2015-10-19T15:00:00.000Z');
    expect(notAfter.toISOString()).toBe('2025-10-19T14:59:59.000Z');
  });

  it('picks the newest generation valid on the issue day, switching on the start day', () => {
    const generations = DEFAULT_CA_GENERATIONS.userAuth.map((generation) => ({
      name: generation.startDate,
      ...authorityValidity(generation.startDate, 10),
    }));
    const at = (date: string) => selectGenerationAt(generations, startOfJstDay(date))?.name;
    expect(at('2015-10-19')).toBeUndefined();
    expect(at('2015-10-20')).toBe('2015-10-20');
    expect(at('2019-09-13')).toBe('2015-10-20');
    expect(at('2019-09-14')).toBe('2019-09-14');
    expect(at('2023-07-15')).toBe('2019-09-14');
    expect(at('2023-07-16')).toBe('2023-07-16');
    expect(at('2033-07-16')).toBeUndefined();
    // Order of the list does not matter.
    expect(selectGenerationAt([...generations].reverse(), startOfJstDay('2020-01-01'))?.name).toBe('2019-09-14');
  });

  it('plans an issuer from the input alone and refuses uncovered or outliving certificates', () => {
    expect(chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.signing, 'signing', holderIssued('2018-06-01', '2022-09-12'))).toBe('2015-10-20');
    expect(chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.userAuth, 'user-auth', holderIssued('2025-10-27', '2030-02-17'))).toBe('2023-07-16');
    expect(errorCodeOf(() => chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.userAuth, 'user-auth', holderIssued('2014-01-01', '2018-01-01')))).toBe(
      'NO_CA_GENERATION',
    );
    // Issued under the 2019 generation (valid to 2029-09-13) but valid to 2030.
    expect(errorCodeOf(() => chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.userAuth, 'user-auth', holderIssued('2023-07-01', '2030-01-01')))).toBe(
      'LEAF_OUTLIVES_CA',
    );
  });

  it('covers every fixture person with the default generations', () => {
    const personsDir = new URL('../../fixtures/persons/', import.meta.url);
    const people = readdirSync(personsDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(new URL(file, personsDir), 'utf8')) as { card: { userAuthCertificate: { issueDate: string; expiryDate: string } } });
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      const { issueDate, expiryDate } = person.card.userAuthCertificate;
      const holder = holderIssued(issueDate, expiryDate);
      expect(() => chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.userAuth, 'user-auth', holder)).not.toThrow();
      expect(() => chooseIssuingGeneration(DEFAULT_CA_GENERATIONS.signing, 'signing', holder)).not.toThrow();
    }
  });
});
