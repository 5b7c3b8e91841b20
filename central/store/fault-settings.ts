import type { SqliteDatabase } from './sqlite-driver';

/**
 * The fault-injection settings every server process over the store follows: set through any one of
 * them, seen by all. `version` grows with every change, so a process reloads only when it changed.
 */
export function createFaultSettings(db: SqliteDatabase) {
  const read = db.prepare<{ version: number; config: string | null }>('SELECT version, config_json AS config FROM fault_settings WHERE singleton = 1');
  const readVersion = db.prepare<{ version: number }>('SELECT version FROM fault_settings WHERE singleton = 1');
  const write = db.prepare('UPDATE fault_settings SET version = version + 1, config_json = @config WHERE singleton = 1');

  return {
    version(): number {
      return readVersion.get()?.version ?? 0;
    },
    read(): { version: number; config: unknown } {
      const row = read.get();
      return { version: row?.version ?? 0, config: row?.config == null ? undefined : (JSON.parse(row.config) as unknown) };
    },
    write(config: unknown): void {
      write.run({ config: config === undefined ? null : JSON.stringify(config) });
    },
  };
}

export type FaultSettings = ReturnType<typeof createFaultSettings>;
