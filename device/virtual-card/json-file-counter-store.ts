import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InMemoryCounterStore, type StoredKey } from './counter-store';
import { VirtualCardError } from './virtual-card-error';

const FORMAT = 'mynumber-virtual-card-counters/1';

interface CounterFile {
  format: typeof FORMAT;
  keys: Record<string, StoredKey>;
}

/**
 * Counters in one JSON file in the CLI's state folder. Read once at construction, written through on
 * every change by writing a temporary file and renaming it over the old one, so a crash leaves the old
 * or the new state, never half a file. Synchronous on purpose: a counter is stored before the card
 * answers, as a real card's EEPROM write is.
 */
export class JsonFileCounterStore extends InMemoryCounterStore {
  private writes = 0;

  constructor(readonly filePath: string) {
    super(readCounterFile(filePath));
  }

  protected override persist(keys: ReadonlyMap<string, StoredKey>): void {
    const file: CounterFile = { format: FORMAT, keys: Object.fromEntries(keys) };
    this.writes += 1;
    const temporary = `${this.filePath}.${process.pid}.${this.writes}.tmp`;
    try {
      mkdirSync(dirname(this.filePath), { recursive: true, mode: 0o700 });
      const descriptor = openSync(temporary, 'w', 0o600);
      try {
        writeSync(descriptor, `${JSON.stringify(file, null, 2)}\n`);
        fsyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
      renameSync(temporary, this.filePath);
    } catch (error) {
      throw new VirtualCardError('COUNTER_STORE_FAILED', `could not write the counter file ${this.filePath}`, { cause: error });
    }
  }
}

function readCounterFile(filePath: string): Record<string, StoredKey> {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new VirtualCardError('COUNTER_STORE_FAILED', `could not read the counter file ${filePath}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new VirtualCardError('COUNTER_STORE_FAILED', `the counter file ${filePath} is not JSON`, { cause: error });
  }
  const file = parsed as Partial<CounterFile> | null;
  if (file?.format !== FORMAT || !isRecord(file.keys)) {
    throw new VirtualCardError('COUNTER_STORE_FAILED', `the counter file ${filePath} is not a ${FORMAT} file`);
  }
  for (const [name, stored] of Object.entries(file.keys as Record<string, unknown>)) {
    if (!isStoredKey(stored)) throw new VirtualCardError('COUNTER_STORE_FAILED', `the counter file ${filePath} has a bad entry ${name}`);
  }
  return file.keys;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredKey(value: unknown): value is StoredKey {
  if (!isRecord(value)) return false;
  const { triesLeft, value: changedValue } = value;
  const triesOk = triesLeft === undefined || (typeof triesLeft === 'number' && Number.isInteger(triesLeft) && triesLeft >= 0);
  return triesOk && (changedValue === undefined || typeof changedValue === 'string');
}
