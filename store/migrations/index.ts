import type { Migration } from '../../kernel/migrations';
import { receptionsConsentsAudit } from './001-receptions-consents-audit';
import { outageQueue } from './002-outage-queue';
import { consoleAccounts } from './003-console-accounts';

/** In version order, 1 … N; never edit a released entry, add the next one. */
export const receptionStoreMigrations: ReadonlyArray<Migration> = [receptionsConsentsAudit, outageQueue, consoleAccounts];

export const LATEST_SCHEMA_VERSION = receptionStoreMigrations.length;
