import { describe, expect, it } from 'vitest';
import { DEFAULT_CA_GENERATIONS } from './defaults';
import { isMockCaError } from './errors';
import { effectiveRevocation, validateTestPkiInput } from './input-validation';
import type { CardHolderInput, TestPkiInput } from './types';

const shiken: CardHolderInput = {
  id: 'shiken-taro',
  municipalityCode: '131016',
  prefecture: '東京都',
  city: '千代田区',
  name: '試験　太郎',
  sex: '1',
  birthDate: '1980-02-17',
  address: '東京都千代田区霞が関１－２－３',
  cardKind: 'standard',
  userAuthCertificate: { issueDate: '2025-10-27', expiryDate: '2030-02-17' },
};

const input = (changes: Partial<TestPkiInput> = {}): TestPkiInput => ({
  seed: 'seed',
  caGenerations: DEFAULT_CA_GENERATIONS,
  holders: [shiken],
  ...changes,
});

function problemsOf(candidate: TestPkiInput): string {
  try {
    validateTestPkiInput(candidate);
  } catch (error) {
    if (isMockCaError(error, 'INVALID_INPUT')) return error.message;
    throw error;
  }
  return '';
}

describe('validateTestPkiInput', () => {
  it('accepts the default profile holder', () => {
    expect(problemsOf(input())).toBe('');
  });

  it('lists every problem at once, with its path', () => {
    const message = problemsOf(
      input({
        seed: '',
        holders: [
          { ...shiken, id: 'Shiken Taro', municipalityCode: '13101', sex: '3' as '1', name: '', birthDate: '1980-02-30' },
          { ...shiken, userAuthCertificate: { issueDate: '2030-02-17', expiryDate: '2025-10-27' } },
          { ...shiken, id: 'shiken-taro-2', revocation: { date: '2025-11-01', reason: 'keyCompromise' } },
          { ...shiken, id: 'shiken-taro-3', revoked: true, revocation: { date: '2031-01-01', reason: 'lost' as 'keyCompromise' } },
          { ...shiken, id: 'shiken-taro-3' },
        ],
      }),
    );
    for (const expected of [
      'seed: must not be empty',
      'holders[0].id: must be kebab-case',
      'holders[0].municipalityCode: must be 6 digits',
      'holders[0].name: must be one non-empty line',
      'holders[0].sex: must be 1 (男) or 2 (女)',
      'holders[0].birthDate: not a YYYY-MM-DD date',
      'holders[1].userAuthCertificate: must expire after it is issued',
      'holders[2].revocation: given for a holder that is not revoked',
      'holders[3].revocation.reason: lost is not an RFC 5280 CRLReason',
      'holders[3].revocation.date: 2031-01-01 is outside',
      'holders[4].id: shiken-taro-3 appears twice',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('checks CA generations: order, serials, URLs', () => {
    const message = problemsOf(
      input({
        caGenerations: {
          userAuth: [
            { startDate: '2019-09-14', serialNumberHex: '01' },
            { startDate: '2015-10-20', serialNumberHex: '01', crlDistributionPointUrl: 'ftp://x' },
          ],
          signing: [],
        },
      }),
    );
    expect(message).toContain('caGenerations.userAuth[1].startDate: generations are listed oldest first');
    expect(message).toContain('caGenerations.userAuth[1].serialNumberHex: two generations of one CA share a serial number');
    expect(message).toContain('caGenerations.userAuth[1].crlDistributionPointUrl: not an http(s) URL');
    expect(message).toContain('caGenerations.signing: needs at least one CA generation');
  });
});

describe('effectiveRevocation', () => {
  it('uses the holder revocation as given, and moves a default date into the certificate validity', () => {
    const own = { date: '2026-01-05', reason: 'superseded' } as const;
    expect(effectiveRevocation(input(), { ...shiken, revoked: true, revocation: own })).toEqual(own);
    // DEFAULT_REVOCATION is 2025-04-01, before this certificate was issued.
    expect(effectiveRevocation(input(), { ...shiken, revoked: true })).toEqual({ date: '2025-10-27', reason: 'keyCompromise' });
    const old = { ...shiken, userAuthCertificate: { issueDate: '2018-06-01', expiryDate: '2022-09-12' }, revoked: true };
    expect(effectiveRevocation(input(), old)).toEqual({ date: '2022-09-12', reason: 'keyCompromise' });
    const defaults = { date: '2020-01-01', reason: 'cessationOfOperation' } as const;
    expect(effectiveRevocation(input({ revocationDefaults: defaults }), old)).toEqual(defaults);
  });
});
