import type { FolderFailureCode } from '../../oqs/receipt-folder';
import type { FolderRole } from './folder-step';

/** What keeps the folder service from answering: a folder failing, or requests kept through a central outage. */
export type FolderConditionCode = FolderFailureCode | 'CENTRAL_WAITING';

export interface ConditionChange {
  readonly code: FolderConditionCode;
  /** The folder, for a folder failure. */
  readonly role: FolderRole | undefined;
  readonly active: boolean;
  readonly detail: string;
}

export interface ActiveCondition {
  readonly code: FolderConditionCode;
  readonly role: FolderRole | undefined;
  readonly detail: string;
  readonly since: Date;
}

/**
 * The conditions in force, each reported once when it begins and once when it ends, however many
 * requests run into it meanwhile. A folder holds at most one failure at a time (the latest).
 */
export class FolderConditions {
  private readonly active = new Map<string, ActiveCondition>();

  constructor(private readonly onChange: (change: ConditionChange) => void) {}

  /** A folder failed: begins its condition unless that very one is in force. */
  folderFailed(role: FolderRole, code: FolderFailureCode, detail: string, at: Date): void {
    const existing = this.active.get(role);
    if (existing?.code === code) return;
    if (existing !== undefined) this.end(role);
    this.begin(role, { code, role, detail, since: at });
  }

  /** An operation in the folder succeeded: its failure, if any, is over. */
  folderWorked(role: FolderRole): void {
    if (this.active.has(role)) this.end(role);
  }

  centralWaiting(detail: string, at: Date): void {
    if (!this.active.has('central')) this.begin('central', { code: 'CENTRAL_WAITING', role: undefined, detail, since: at });
  }

  centralAnswered(): void {
    if (this.active.has('central')) this.end('central');
  }

  list(): ActiveCondition[] {
    return [...this.active.values()];
  }

  private begin(key: string, condition: ActiveCondition): void {
    this.active.set(key, condition);
    this.onChange({ code: condition.code, role: condition.role, active: true, detail: condition.detail });
  }

  private end(key: string): void {
    const condition = this.active.get(key);
    if (condition === undefined) return;
    this.active.delete(key);
    this.onChange({ code: condition.code, role: condition.role, active: false, detail: condition.detail });
  }
}
