import { describe, expect, it } from 'vitest';
import type { CardConfirmationAnswer } from '../../flow/ports/central-system';
import { ANSWER_KEPT_MS, ReceptionAnswers } from './reception-answers';

/** A card answer whose document lists these people (only the key fields are filled). */
function answerWith(receptionId: string, people: Record<string, string>[]): CardConfirmationAnswer {
  return {
    ok: true,
    receptionId,
    processingResultStatus: '1',
    qualificationValidity: '1',
    people: [],
    document: { kind: 'qualification-response', response: { MessageHeader: {}, MessageBody: { ResultList: people } } } as unknown as CardConfirmationAnswer['document'],
  };
}

describe('the answers kept for the console', () => {
  it('gives the one person’s keys for the medical requests, and forgets the answer after the consent window', () => {
    let now = Date.parse('2026-12-05T01:00:00.000Z');
    const answers = new ReceptionAnswers({ now: () => new Date(now) });
    answers.keep(answerWith('r-1', [{ InsurerNumber: '06139999', InsuredCardSymbol: '01', InsuredIdentificationNumber: '1234', InsuredBranchNumber: '00' }]));
    expect(answers.medicalKeysOf('r-1')).toEqual({ InsurerNumber: '06139999', InsuranceCardSymbol: '01', InsuredPersonIdentificationNumber: '1234', BranchNumber: '00' });
    now += ANSWER_KEPT_MS - 1;
    expect(answers.answerOf('r-1')).toBeDefined();
    now += 1;
    expect(answers.answerOf('r-1')).toBeUndefined();
    expect(answers.medicalKeysOf('r-1')).toBeUndefined();
  });

  it('never picks one of several people answered (複数該当), nor a person without keys', () => {
    const answers = new ReceptionAnswers({ now: () => new Date() });
    answers.keep(answerWith('r-2', [{ InsurerNumber: '06139999', InsuredIdentificationNumber: '1' }, { InsurerNumber: '06139999', InsuredIdentificationNumber: '2' }]));
    answers.keep(answerWith('r-3', [{ InsuredIdentificationNumber: '3' }]));
    expect(answers.medicalKeysOf('r-2')).toBeUndefined();
    expect(answers.medicalKeysOf('r-3')).toBeUndefined();
    expect(answers.medicalKeysOf('unknown')).toBeUndefined();
  });
});
