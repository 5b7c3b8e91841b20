import { describe, expect, it } from 'vitest';
import { eraPrefixedBirthDate } from './japanese-era';

describe('eraPrefixedBirthDate', () => {
  it.each([
    ['1980-02-17', '319800217'], // 昭和55年, the default profile
    ['1868-01-25', '118680125'], // 明治 starts
    ['1912-07-29', '119120729'],
    ['1912-07-30', '219120730'], // 大正
    ['1926-12-24', '219261224'],
    ['1926-12-25', '319261225'], // 昭和
    ['1989-01-07', '319890107'],
    ['1989-01-08', '419890108'], // 平成
    ['2019-04-30', '420190430'],
    ['2019-05-01', '520190501'], // 令和
  ])('%s → %s', (date, expected) => {
    expect(eraPrefixedBirthDate(date)).toBe(expected);
  });

  it('has no era digit before 明治', () => {
    expect(eraPrefixedBirthDate('1868-01-24')).toBeUndefined();
  });
});
