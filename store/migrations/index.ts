import type { Migration } from '../../kernel/migrations';
import { receptionsConsentsAudit } from './001-receptions-consents-audit';
import { outageQueue } from './002-outage-queue';
import { alerts } from './003-alerts';
import { consoleAccounts } from './004-console-accounts';
import { facilitySettings } from './005-facility-settings';

/** In version order, 1 … N; never edit a released entry, add the next one. */
export const receptionStoreMigrations: ReadonlyArray<Migration> = [receptionsConsentsAudit, outageQueue, alerts, consoleAccounts, facilitySettings];

export const LATEST_SCHEMA_VERSION = receptionStoreMigrations.length;
