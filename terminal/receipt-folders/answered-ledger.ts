import { join } from 'node:path';
import { errorCodeOf, folderFailureOf, type FolderFileSystem } from '../../oqs/receipt-folder';

/** One answered request name. */
export interface LedgerEntry {
  /** The request's file name in Req. */
  readonly name: string;
  /** The response's file name in Res. */
  readonly response: string;
  /** When it was answered (ISO 8601). */
  readonly at: string;
  /** `answered` (a response was written now) or `found` (a response was already in Res: a crash between writing it and this entry). */
  readonly how: 'answered' | 'found';
}

export const LEDGER_FILE = 'answered.jsonl';

/**
 * The request names this terminal has answered, so that a name seen again — the same request still in
 * Req after a crash, or dropped a second time after its response was read and removed — is never
 * answered twice. One JSON line per name in `answered.jsonl`, appended and flushed to disk before the
 * request is moved out of Req; appends that arrive together share one write and one flush.
 *
 * A crash can cut the last line short: such a line is skipped when the ledger is read, which is safe
 * because its response is already in Res (the response is written first), and a response in Res counts
 * as an answer too. Entries older than the keep time are dropped by `compact`, which rewrites the file
 * (temporary file, flush, rename).
 */
export class AnsweredLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private pending: Array<{ line: string; entry: LedgerEntry; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushScheduled = false;
  /** The file may end in a cut line (a crash, a failed append): the next append starts a new line first. */
  private startNewLine = false;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fs: FolderFileSystem,
    private readonly folder: string,
  ) {}

  /** Reads the ledger in `folder` (created when missing); unreadable lines are skipped and counted. */
  static async open(fs: FolderFileSystem, folder: string): Promise<{ ledger: AnsweredLedger; skippedLines: number }> {
    const ledger = new AnsweredLedger(fs, folder);
    let text = '';
    try {
      await fs.mkdir(folder);
      text = Buffer.from(await fs.readFile(ledger.path)).toString('utf8');
    } catch (error) {
      if (errorCodeOf(error) !== 'ENOENT') throw folderFailureOf(error, 'reading the ledger of answered requests');
    }
    ledger.startNewLine = text !== '' && !text.endsWith('\n');
    let skippedLines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const entry = entryOf(line);
      if (entry === undefined) skippedLines += 1;
      else ledger.entries.set(entry.name, entry);
    }
    return { ledger, skippedLines };
  }

  get path(): string {
    return join(this.folder, LEDGER_FILE);
  }

  get size(): number {
    return this.entries.size;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): LedgerEntry | undefined {
    return this.entries.get(name);
  }

  /** Resolves once the entry is on disk (a FolderFailure otherwise, the entry not known). */
  record(entry: LedgerEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(entry)}\n`, entry, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      this.chain = this.chain.then(() => this.flush());
    });
  }

  /** Drops the entries answered before `before`; returns how many. */
  compact(before: Date): Promise<number> {
    const run = this.chain.then(async () => {
      const kept = [...this.entries.values()].filter((entry) => !(new Date(entry.at) < before));
      const dropped = this.entries.size - kept.length;
      if (dropped === 0) return 0;
      const temp = join(this.folder, `.${LEDGER_FILE}.${process.pid}.${Date.now()}.tmp`);
      try {
        await this.fs.writeNewFile(temp, new TextEncoder().encode(kept.map((entry) => `${JSON.stringify(entry)}\n`).join('')));
        await this.fs.rename(temp, this.path);
        this.startNewLine = false;
        await this.fs.syncFolder(this.folder);
      } catch (error) {
        await this.fs.unlink(temp).catch(() => undefined);
        throw folderFailureOf(error, 'compacting the ledger of answered requests');
      }
      for (const [name, entry] of this.entries) if (new Date(entry.at) < before) this.entries.delete(name);
      return dropped;
    });
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await this.fs.appendSynced(this.path, `${this.startNewLine ? '\n' : ''}${batch.map((item) => item.line).join('')}`);
      this.startNewLine = false;
    } catch (error) {
      this.startNewLine = true;
      const failure = folderFailureOf(error, 'writing the ledger of answered requests');
      for (const item of batch) item.reject(failure);
      return;
    }
    for (const item of batch) {
      this.entries.set(item.entry.name, item.entry);
      item.resolve();
    }
  }
}

function entryOf(line: string): LedgerEntry | undefined {
  try {
    const value = JSON.parse(line) as Partial<LedgerEntry>;
    if (typeof value.name !== 'string' || typeof value.response !== 'string' || typeof value.at !== 'string' || (value.how !== 'answered' && value.how !== 'found')) return undefined;
    if (Number.isNaN(new Date(value.at).getTime())) return undefined;
    return { name: value.name, response: value.response, at: value.at, how: value.how };
  } catch {
    return undefined;
  }
}
