import type { OpenReceptionDatabaseOptions } from '../open-reception-database';
import { SqliteReceptionStore } from '../sqlite-reception-store';
import { openTempReceptionDatabase } from './temp-database';
import type { TempDatabase } from './temp-database';

/** For tests only: the store over a temp-folder database. */
export interface TempReceptionStore extends TempDatabase {
  readonly store: SqliteReceptionStore;
}

export function openTempReceptionStore(options: OpenReceptionDatabaseOptions = {}): TempReceptionStore {
  const temp = openTempReceptionDatabase(options);
  return { ...temp, store: new SqliteReceptionStore(temp.db) };
}
