import { describe, expect, it } from 'vitest';
import { dateText, markedParts, monthFieldValue, monthOfField, monthText, quantityText, sexText, slashDateText, yenText } from './medical-text';

describe('the medical views in words', () => {
  it('writes dates and months as the printouts do, and leaves anything else as it came', () => {
    expect(dateText('20210929')).toBe('2021年9月29日');
    expect(dateText(undefined)).toBe('');
    expect(dateText('2021-09-29')).toBe('2021-09-29');
    expect(slashDateText('20260702')).toBe('2026/07/02');
    expect(monthText('202109')).toBe('2021年9月');
  });

  it('turns a month field into the route’s yyyyMM and back; what it cannot read is passed on for the terminal to refuse', () => {
    expect(monthFieldValue('202109')).toBe('2021-09');
    expect(monthFieldValue('nonsense')).toBe('');
    expect(monthOfField('2021-09')).toBe('202109');
    expect(monthOfField('')).toBe('');
    expect(monthOfField('9月')).toBe('9月');
  });

  it('says an amount in 円, and a dash where the message carries none', () => {
    expect(yenText({ state: 'given', yen: 1067 })).toBe('1,067円');
    expect(yenText({ state: 'not-in-message' })).toBe('—');
    expect(sexText('1')).toBe('男');
    expect(sexText('2')).toBe('女');
    expect(sexText(undefined)).toBe('—');
  });

  it('writes the 数量 from what the message gives', () => {
    expect(quantityText({ amount: '1', unit: '錠', times: '30' })).toBe('1錠 × 30');
    expect(quantityText({ amount: '21', unit: '枚' })).toBe('21枚');
    expect(quantityText({ times: '7' })).toBe('× 7');
  });

  it('splits a 受診勧奨判定値 into its marks and words', () => {
    expect(markedParts('▲140以上')).toEqual([{ mark: '▲' }, { text: '140以上' }]);
    expect(markedParts('▽男12.0以下 ▽女11.0以下')).toEqual([{ mark: '▽' }, { text: '男12.0以下 ' }, { mark: '▽' }, { text: '女11.0以下' }]);
    expect(markedParts('(-)')).toEqual([{ text: '(-)' }]);
  });
});
