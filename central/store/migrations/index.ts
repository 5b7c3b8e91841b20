import { identityAndInsurance } from './001-identity-and-insurance';
import { medicalRecords } from './002-medical-records';
import { facilitiesConsentsHistory } from './003-facilities-consents-history';
import { refusalOperationsMigration } from './004-refusal-operations';
import { presenceMigration } from './005-presence';
import { durableSessionsMigration } from './006-durable-sessions';
import { refusalAggregationMigration } from './007-refusal-aggregation';
import { referenceNumbersMigration } from './008-reference-numbers';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** In version order, 1 … N; never edit a released entry, add the next one. */
export const centralMigrations: ReadonlyArray<Migration> = [identityAndInsurance, medicalRecords, facilitiesConsentsHistory, refusalOperationsMigration, presenceMigration, durableSessionsMigration, refusalAggregationMigration, referenceNumbersMigration];

export const LATEST_SCHEMA_VERSION = centralMigrations.length;
