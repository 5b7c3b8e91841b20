import type { CheckupCellView, CheckupHistoryView, CheckupKind, CheckupRowView, CheckupSectionView } from '../../../flow/contract/medical-views';
import type { CheckupResponse } from '../../../oqs';
import { FINDING_NAMES, JUDGEMENT_ROWS, OTHER_ITEMS_GROUP, RESULT_ROWS, type CheckupRow } from './checkup-items';
import { referralLabel, referralMarkOf } from './referral-threshold';

/**
 * The 経年 table of 特定健診 or 後期高齢者健診 as the staff console shows and prints it (the model:
 * flow/contract/medical-views), from one TKKsiquc01res.
 *
 * A TKKsiquc01res does not say whether an examination was a 特定健診 or a 後期高齢者健診 (§6.6; the
 * central mock answers both in one list), so the caller names the kind, e.g. from the patient's
 * insurance (後期高齢者医療 保険者番号 begin with 39). The 健診機関名称 the printout lists per
 * examination has no element in the message: `notInMessage` says so.
 */
export interface CheckupHistoryOptions {
  readonly kind: CheckupKind;
  /** Columns of the table; the layout has five. */
  readonly maxVisits?: number;
}

const TITLES: Record<CheckupKind, string> = { specific: '特定健康診査受診結果', 'late-elderly': '後期高齢者健康診査受診結果' };
const DEFAULT_MAX_VISITS = 5;

type CheckupInfo = CheckupResponse['MessageBody']['SpecificHealthCheckupInfo'][number];
type CheckupItem = NonNullable<CheckupInfo['HealthCheckupResultAndQuestionInfos']>[number];

interface Placed {
  readonly row: CheckupRow;
  /** Lower is preferred when one examination sends several items for one row (血圧 1回目/2回目/その他). */
  readonly rank: number;
}

export function checkupHistoryViewOf(response: CheckupResponse, options: CheckupHistoryOptions): CheckupHistoryView {
  const maxVisits = options.maxVisits ?? DEFAULT_MAX_VISITS;
  const itemsByDate = new Map<string, CheckupItem[]>();
  for (const info of response.MessageBody.SpecificHealthCheckupInfo) {
    if (info.EffectiveTime === undefined) continue;
    const items = itemsByDate.get(info.EffectiveTime) ?? [];
    items.push(...(info.HealthCheckupResultAndQuestionInfos ?? []));
    itemsByDate.set(info.EffectiveTime, items);
  }
  const allDates = [...itemsByDate.keys()].sort().reverse();
  const visits = allDates.slice(0, maxVisits);
  const header = response.MessageHeader.QualificationsInfo;
  const sex = header?.AdministrativeGenderCode;

  const catalogue = [...JUDGEMENT_ROWS, ...RESULT_ROWS];
  const chosen = new Map<CheckupRow, (CheckupItem & { rank: number } | undefined)[]>();
  const others = new Map<string, (CheckupItem | undefined)[]>();
  let findings: CheckupHistoryView['findings'];
  visits.forEach((date, column) => {
    for (const item of itemsByDate.get(date) ?? []) {
      const finding = FINDING_NAMES.find((name) => name === item.ItemName?.trim());
      if (finding !== undefined && item.ItemCode === undefined) {
        if (column === 0 && item.DataValue !== undefined) {
          findings = { date, items: [...(findings?.items ?? []), { name: finding, text: item.DataValue }] };
        }
        continue;
      }
      const placed = placeOf(item, catalogue);
      if (placed === undefined) {
        const name = item.ItemName ?? item.ItemCode ?? '';
        const cells = others.get(name) ?? new Array<CheckupItem | undefined>(visits.length).fill(undefined);
        cells[column] ??= item;
        others.set(name, cells);
        continue;
      }
      const cells = chosen.get(placed.row) ?? new Array<(CheckupItem & { rank: number }) | undefined>(visits.length).fill(undefined);
      const current = cells[column];
      if (current === undefined || placed.rank < current.rank) cells[column] = { ...item, rank: placed.rank };
      chosen.set(placed.row, cells);
    }
  });

  const sections: CheckupSectionView[] = [];
  const sectionOf = (group: string) => {
    let section = sections.find((candidate) => candidate.group === group) as { group: string; rows: CheckupRowView[] } | undefined;
    if (section === undefined) sections.push((section = { group, rows: [] }));
    return section;
  };
  for (const row of catalogue) {
    const cells = chosen.get(row);
    const measured = cells !== undefined && cells.some((cell) => cell !== undefined);
    // The seed prints every 基本項目 row, measured or not; 詳細項目 and 判定 only when there is something.
    const alwaysShown = row.group.startsWith('基本項目') || (row.specificOnly === true && options.kind === 'specific');
    if (!measured && !alwaysShown) continue;
    if (row.specificOnly === true && options.kind !== 'specific' && !measured) continue;
    sectionOf(row.group).rows.push(rowView(row.name, row.referral === undefined ? undefined : referralLabel(row.referral), cells ?? [], visits.length, (item) => cellOf(item, row, sex)));
  }
  for (const [name, cells] of others) {
    sectionOf(OTHER_ITEMS_GROUP).rows.push(rowView(name, undefined, cells, visits.length, (item) => ({ text: valueText(item) })));
  }

  return {
    kind: options.kind,
    title: TITLES[options.kind],
    patient: {
      ...(header?.Name === undefined ? {} : { name: header.Name }),
      ...(header?.KanasName === undefined ? {} : { kanaName: header.KanasName }),
      ...(header?.Birthday === undefined ? {} : { birthDate: header.Birthday }),
      ...(sex === undefined ? {} : { sex }),
    },
    visits,
    visitsNotShown: allDates.length - visits.length,
    ...(findings === undefined ? {} : { findings }),
    sections,
    notInMessage: ['健診機関名称', '複数結果の印(※)'],
  };
}

function rowView(
  name: string,
  referral: string | undefined,
  cells: readonly (CheckupItem | undefined)[],
  columns: number,
  cell: (item: CheckupItem) => CheckupCellView,
): CheckupRowView {
  const unit = cells.find((item) => item?.Unit !== undefined)?.Unit;
  return {
    name,
    ...(unit === undefined ? {} : { unit }),
    ...(referral === undefined ? {} : { referral }),
    cells: Array.from({ length: columns }, (_, index) => {
      const item = cells[index];
      return item === undefined ? null : cell(item);
    }),
  };
}

function cellOf(item: CheckupItem, row: CheckupRow, sex: string | undefined): CheckupCellView {
  const text = valueText(item);
  const mark = row.referral === undefined || item.DataValue === undefined ? undefined : referralMarkOf(row.referral, item.DataValue, sex);
  return mark === undefined ? { text } : { text, mark };
}

/** The coded values' display name where sent (DataValueName), else the value itself. */
function valueText(item: CheckupItem): string {
  return item.DataValueName ?? item.DataValue ?? '';
}

function placeOf(item: CheckupItem, catalogue: readonly CheckupRow[]): Placed | undefined {
  const prefix = item.ItemCode?.slice(0, 5);
  if (prefix !== undefined) {
    for (const row of catalogue) {
      const rank = row.codes.indexOf(prefix);
      if (rank >= 0) return { row, rank };
    }
  }
  const name = item.ItemName?.trim();
  if (name === undefined) return undefined;
  for (const row of catalogue) {
    const rank = row.names.indexOf(name);
    if (rank >= 0) return { row, rank: row.codes.length + rank };
  }
  return undefined;
}
