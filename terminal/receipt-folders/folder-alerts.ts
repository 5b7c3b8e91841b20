import type { FileInterfaceAlertCode } from '../../flow/contract/console-views';
import type { Clock } from '../../flow/ports/clock';
import type { SqliteAlertStore, StoredAlert } from '../../store/sqlite-alert-store';
import type { FolderConditionCode } from './folder-conditions';
import type { ReceiptFolderService } from './receipt-folder-service';

/** The kiosk id the file interface's alerts are raised under (an alert names a kiosk; this is none). */
export const FILE_INTERFACE_ALERT_SOURCE = 'receipt-folders';

const ALERT_OF_CONDITION: Readonly<Record<FolderConditionCode, FileInterfaceAlertCode>> = {
  FOLDER_MISSING: 'RECEIPT_FOLDER_MISSING',
  FOLDER_FULL: 'RECEIPT_FOLDER_FULL',
  FOLDER_UNWRITABLE: 'RECEIPT_FOLDER_UNWRITABLE',
  FOLDER_IO: 'RECEIPT_FOLDER_IO',
  CENTRAL_WAITING: 'RECEIPT_CENTRAL_WAITING',
};

export interface FolderAlertOptions {
  readonly alerts: Pick<SqliteAlertStore, 'raise' | 'open'>;
  readonly clock: Clock;
  /** Told of every alert raised (the console's live list pushes it). */
  readonly onRaised: (alert: StoredAlert) => void;
  readonly log: (code: string, detail: string) => void;
}

/**
 * Puts what the folder service reports in front of staff as console alerts: each folder failure and
 * the outage wait once while it lasts (raised again only after it ended and came back), and the first
 * ● substitution, then the next one after staff acknowledged the last. An alert of the same code
 * still open (from before a restart) is not raised twice.
 */
export function raiseFolderAlerts(service: Pick<ReceiptFolderService, 'subscribe'>, options: FolderAlertOptions): () => void {
  // Conditions in force per alert code (a code may be in force in several folders at once).
  const inForce = new Map<FileInterfaceAlertCode, number>();
  let substitutionAlert: number | undefined;

  const raise = (code: FileInterfaceAlertCode): StoredAlert | undefined => {
    try {
      const open = options.alerts.open().find((alert) => alert.kioskId === FILE_INTERFACE_ALERT_SOURCE && alert.code === code);
      if (open !== undefined) return open;
      const raised = options.alerts.raise({ kioskId: FILE_INTERFACE_ALERT_SOURCE, code, at: options.clock.now() });
      options.onRaised(raised);
      return raised;
    } catch (error) {
      options.log((error as { code?: string }).code ?? 'ALERT_WRITE_FAILED', `alert ${code}: ${(error as Error).message}`);
      return undefined;
    }
  };

  return service.subscribe((event) => {
    if (event.type === 'condition') {
      const code = ALERT_OF_CONDITION[event.code];
      const count = inForce.get(code) ?? 0;
      if (event.active) {
        inForce.set(code, count + 1);
        if (count === 0) raise(code);
      } else if (count <= 1) inForce.delete(code);
      else inForce.set(code, count - 1);
      return;
    }
    if (event.type === 'answered' && event.substituted > 0) {
      const stillOpen = substitutionAlert !== undefined && options.alerts.open().some((alert) => alert.id === substitutionAlert);
      if (!stillOpen) substitutionAlert = raise('RECEIPT_CHARACTERS_SUBSTITUTED')?.id;
    }
  });
}
