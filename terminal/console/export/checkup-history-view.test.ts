import { describe, expect, it } from 'vitest';
import type { CheckupResponse } from '../../../oqs';
import type { CheckupHistoryView } from '../../../flow/contract/medical-views';
import { checkupHistoryViewOf } from './checkup-history-view';

type Item = NonNullable<CheckupResponse['MessageBody']['SpecificHealthCheckupInfo'][number]['HealthCheckupResultAndQuestionInfos']>[number];

const pq = (ItemName: string, DataValue: string, ItemCode?: string, Unit?: string): Item => ({
  ItemName,
  DataType: 'PQ',
  DataValue,
  ...(ItemCode === undefined ? {} : { ItemCode }),
  ...(Unit === undefined ? {} : { Unit }),
});
const st = (ItemName: string, DataValue: string, ItemCode?: string): Item => ({ ItemName, DataType: 'ST', DataValue, ...(ItemCode === undefined ? {} : { ItemCode }) });

function response(sex: string, visits: ReadonlyArray<readonly [string, readonly Item[]]>): CheckupResponse {
  return {
    MessageHeader: { ResultCode: '1', QualificationsInfo: { Name: '試験　花子', KanasName: 'ｼｹﾝ ﾊﾅｺ', Birthday: '19600203', AdministrativeGenderCode: sex } },
    MessageBody: { SpecificHealthCheckupInfo: visits.map(([date, items]) => ({ EffectiveTime: date, HealthCheckupResultAndQuestionInfos: [...items] })) },
  };
}

const rowOf = (view: CheckupHistoryView, name: string) => view.sections.flatMap((section) => section.rows).find((row) => row.name === name);

describe('checkupHistoryViewOf', () => {
  it('puts the five latest examinations side by side, newest first, and counts the rest', () => {
    const dates = ['20200601', '20210601', '20220601', '20230601', '20240601', '20250601'];
    const view = checkupHistoryViewOf(response('1', dates.map((date, index) => [date, [pq('体重', String(60 + index), '9N006000000000001', 'kg')]])), { kind: 'specific' });
    expect(view.visits).toEqual(['20250601', '20240601', '20230601', '20220601', '20210601']);
    expect(view.visitsNotShown).toBe(1);
    expect(rowOf(view, '体重')).toEqual({ name: '体重', unit: 'kg', cells: ['65', '64', '63', '62', '61'].map((text) => ({ text })) });
  });

  it('marks ▲ and ▽ per the 受診勧奨判定値, by code prefix or by name, each in its own column', () => {
    const view = checkupHistoryViewOf(
      response('1', [
        ['20260702', [pq('収縮期血圧', '140', '9A751000000000001'), pq('HDLコレステロール', '34', '3F070000002327101'), pq('eGFR', '45.0')]],
        ['20250723', [pq('収縮期血圧', '139', '9A751000000000001'), pq('HDL-コレステロール', '35'), pq('eGFR', '44.9')]],
      ]),
      { kind: 'specific' },
    );
    expect(rowOf(view, '収縮期血圧')).toMatchObject({ referral: '▲140以上', cells: [{ text: '140', mark: '▲' }, { text: '139' }] });
    expect(rowOf(view, 'HDL-コレステロール')).toMatchObject({ referral: '▽34以下', cells: [{ text: '34', mark: '▽' }, { text: '35' }] });
    expect(rowOf(view, 'eGFR')).toMatchObject({ referral: '▽45.0未満', cells: [{ text: '45.0' }, { text: '44.9', mark: '▽' }] });
    expect(rowOf(view, 'eGFR')!.cells[0]).not.toHaveProperty('mark');
  });

  it('prefers the first 血圧 measurement when several are sent, and keeps unknown items under その他の項目', () => {
    const view = checkupHistoryViewOf(
      response('2', [['20260702', [pq('収縮期血圧(その他)', '150', '9A755000000000001'), pq('収縮期血圧(1回目)', '130', '9A751000000000001'), pq('尿酸', '7.1', '3C020000002327101')]]]),
      { kind: 'late-elderly' },
    );
    expect(rowOf(view, '収縮期血圧')!.cells).toEqual([{ text: '130' }]);
    expect(view.sections.at(-1)).toEqual({ group: 'その他の項目', rows: [{ name: '尿酸', cells: [{ text: '7.1' }] }] });
  });

  it('メタボ判定 and 保健指導レベル lead the 特定健診 table, as rows of their own; 後期高齢者健診 shows them only when sent', () => {
    const items = [st('メタボリックシンドローム判定', '予備群該当', '9N501000000000011'), st('保健指導レベル', '動機付け支援', '9N506000000000011')];
    const specific = checkupHistoryViewOf(response('1', [['20260702', items]]), { kind: 'specific' });
    expect(specific.title).toBe('特定健康診査受診結果');
    expect(specific.sections[0]).toEqual({
      group: '判定',
      rows: [
        { name: 'メタボリックシンドローム判定', cells: [{ text: '予備群該当' }] },
        { name: '保健指導レベル', cells: [{ text: '動機付け支援' }] },
      ],
    });
    const elderly = checkupHistoryViewOf(response('1', [['20260702', [pq('体重', '60')]]]), { kind: 'late-elderly' });
    expect(elderly.title).toBe('後期高齢者健康診査受診結果');
    expect(elderly.sections.map((section) => section.group)).not.toContain('判定');
    expect(elderly.sections[0]!.group).toBe('基本項目・身体計測');
  });

  it('every 基本項目 row is printed, measured or not; 詳細項目 only when measured', () => {
    const view = checkupHistoryViewOf(response('1', [['20260702', [pq('体重', '60')]]]), { kind: 'specific' });
    expect(rowOf(view, 'Non-HDLコレステロール')).toEqual({ name: 'Non-HDLコレステロール', referral: '▲170以上', cells: [null] });
    expect(rowOf(view, 'eGFR')).toBeUndefined();
  });

  it('the 医師記載 findings come from the latest examination; the 健診機関名称 is said to be missing', () => {
    const view = checkupHistoryViewOf(
      response('1', [
        ['20260702', [st('既往歴', '高血圧'), st('医師の判断', '治療継続')]],
        ['20250702', [st('既往歴', '特記すべきことなし')]],
      ]),
      { kind: 'specific' },
    );
    expect(view.findings).toEqual({ date: '20260702', items: [{ name: '既往歴', text: '高血圧' }, { name: '医師の判断', text: '治療継続' }] });
    expect(view.notInMessage).toContain('健診機関名称');
    expect(view.patient).toEqual({ name: '試験　花子', kanaName: 'ｼｹﾝ ﾊﾅｺ', birthDate: '19600203', sex: '1' });
  });
});
