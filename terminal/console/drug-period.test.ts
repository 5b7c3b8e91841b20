import { describe, expect, it } from 'vitest';
import { defaultDrugPeriod, drugPeriodOf } from './drug-period';

// 2026-11-21 10:00 in Japan; 2026-11-30 23:30 UTC is already December there.
const NOW = new Date('2026-11-21T01:00:00.000Z');

describe('the 表示期間 of a 薬剤情報 request', () => {
  it('is the last three years up to this month in Japan by default', () => {
    expect(defaultDrugPeriod(NOW)).toEqual({ from: '202311', to: '202611' });
    expect(defaultDrugPeriod(new Date('2026-11-30T23:30:00.000Z'))).toEqual({ from: '202312', to: '202612' });
    expect(drugPeriodOf(NOW, {})).toEqual({ ok: true, period: { from: '202311', to: '202611' } });
  });

  it('never begins before 2021年9月, the first month of 薬剤情報', () => {
    expect(defaultDrugPeriod(new Date('2022-03-01T00:00:00.000Z'))).toEqual({ from: '202109', to: '202203' });
    expect(defaultDrugPeriod(new Date('2021-05-01T00:00:00.000Z'))).toEqual({ from: '202105', to: '202105' });
  });

  it('takes the months asked for, as the seed shows 2021年9月～2021年9月', () => {
    expect(drugPeriodOf(NOW, { from: '202109', to: '202109' })).toEqual({ ok: true, period: { from: '202109', to: '202109' } });
    expect(drugPeriodOf(NOW, { from: '202311', to: '202611' })).toEqual({ ok: true, period: { from: '202311', to: '202611' } });
  });

  it.each([
    ['only one end', { from: '202109' }],
    ['not a month', { from: '2021-09', to: '202109' }],
    ['month 13', { from: '202113', to: '202201' }],
    ['month 00', { from: '202100', to: '202201' }],
    ['a repeated parameter', { from: ['202109', '202110'], to: '202112' }],
    ['from after to', { from: '202110', to: '202109' }],
    ['after this month', { from: '202611', to: '202612' }],
    ['before 2021年9月', { from: '202108', to: '202109' }],
    ['longer than three years', { from: '202310', to: '202611' }],
  ])('refuses %s', (_name, query) => {
    expect(drugPeriodOf(NOW, query)).toMatchObject({ ok: false });
  });
});
