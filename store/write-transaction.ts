import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-driver';

/** One IMMEDIATE transaction; a driver failure becomes WRITE_FAILED, a refusal keeps its code. */
export function writeTransaction<Result>(db: SqliteDatabase, work: () => Result): Result {
  try {
    return db.transaction(work).immediate();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('WRITE_FAILED', 'the terminal store could not write', { cause: error });
  }
}
