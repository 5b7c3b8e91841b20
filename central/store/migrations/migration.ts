/** One numbered schema step. `version` is the `PRAGMA user_version` the database has after it. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
