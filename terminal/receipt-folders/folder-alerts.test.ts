import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAlertStore, type StoredAlert } from '../../store/sqlite-alert-store';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { FILE_INTERFACE_ALERT_SOURCE, raiseFolderAlerts } from './folder-alerts';
import type { ReceiptFolderEvent } from './receipt-folder-service';

describe('alerts of the レセコン folders', () => {
  let temp: TempReceptionStore;
  let alerts: SqliteAlertStore;
  let emit: (event: ReceiptFolderEvent) => void;
  const raised: StoredAlert[] = [];
  let stop: () => void;
  const at = new Date('2026-11-21T01:00:00.000Z');

  beforeEach(() => {
    temp = openTempReceptionStore();
    alerts = new SqliteAlertStore(temp.db);
    raised.length = 0;
    stop = raiseFolderAlerts(
      {
        subscribe: (listener) => {
          emit = listener;
          return () => undefined;
        },
      },
      { alerts, clock: { now: () => at }, onRaised: (alert) => raised.push(alert), log: () => undefined },
    );
  });
  afterEach(() => {
    stop();
    temp.dispose();
  });

  const condition = (code: 'FOLDER_FULL' | 'FOLDER_MISSING' | 'CENTRAL_WAITING', role: 'res' | 'req' | undefined, active: boolean): ReceiptFolderEvent => ({ type: 'condition', code, role, active, detail: 'x' });
  const answered = (substituted: number): ReceiptFolderEvent => ({ type: 'answered', name: 'OQSsiquc01req_1.xml', responseName: 'OQSsiquc01res_1.xml', family: 'qualification', errorCode: undefined, substituted });

  it('raises a folder failure once while it lasts, and again when it comes back', () => {
    emit(condition('FOLDER_FULL', 'res', true));
    emit(condition('FOLDER_FULL', 'req', true));
    emit(condition('FOLDER_FULL', 'res', false));
    expect(raised.map((alert) => [alert.kioskId, alert.code])).toEqual([[FILE_INTERFACE_ALERT_SOURCE, 'RECEIPT_FOLDER_FULL']]);
    alerts.acknowledge(raised[0]!.id, { kind: 'staff', id: 'staff-1' }, at);
    emit(condition('FOLDER_FULL', 'req', false));
    emit(condition('FOLDER_FULL', 'res', true));
    emit(condition('CENTRAL_WAITING', undefined, true));
    expect(raised.map((alert) => alert.code)).toEqual(['RECEIPT_FOLDER_FULL', 'RECEIPT_FOLDER_FULL', 'RECEIPT_CENTRAL_WAITING']);
  });

  it('does not raise a code a second time while an alert of it is open (after a restart)', () => {
    alerts.raise({ kioskId: FILE_INTERFACE_ALERT_SOURCE, code: 'RECEIPT_FOLDER_MISSING', at });
    emit(condition('FOLDER_MISSING', 'req', true));
    expect(raised).toEqual([]);
    expect(alerts.open()).toHaveLength(1);
  });

  it('tells staff of ● substitutions: once until acknowledged, then at the next one', () => {
    emit(answered(0));
    emit(answered(2));
    emit(answered(1));
    expect(raised.map((alert) => alert.code)).toEqual(['RECEIPT_CHARACTERS_SUBSTITUTED']);
    alerts.acknowledge(raised[0]!.id, { kind: 'staff', id: 'staff-1' }, at);
    emit(answered(1));
    expect(raised.map((alert) => alert.code)).toEqual(['RECEIPT_CHARACTERS_SUBSTITUTED', 'RECEIPT_CHARACTERS_SUBSTITUTED']);
  });
});
