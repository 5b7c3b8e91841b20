import { join } from 'node:path';
import type { Clock } from '../../flow/ports/clock';
import {
  errorCodeOf,
  isCompleteDocument,
  isStagedName,
  GroupedFolderSync,
  nodeFolderFileSystem,
  parseRequestName,
  publishOnce,
  type FolderFileSystem,
  type RequestFamily,
  type RequestName,
} from '../../oqs/receipt-folder';
import { AnsweredLedger } from './answered-ledger';
import type { FolderCentral } from './family-answers';
import { FolderConditions, type ActiveCondition, type ConditionChange, type FolderConditionCode } from './folder-conditions';
import { inFolder, isFolderStepFailure, type FolderRole } from './folder-step';
import { FolderWatch } from './folder-watch';
import { answerRequest } from './request-answering';
import { disposeRequest } from './request-disposal';
import { sweepFolders, type SweepReport } from './retention-sweep';
import { incompleteVerdict, settleLook, type SettleState } from './settle-check';
import type { ReceiptFolderSettings } from './settings';

/** Longest wait before a request kept through a folder failure is tried again. */
const MAX_FOLDER_RETRY_MS = 30_000;

export interface ReceiptFolderServiceOptions {
  readonly settings: ReceiptFolderSettings;
  readonly central: FolderCentral;
  readonly medicalInstitutionCode: string;
  /** The terminal's clock: ProcessExecutionTime of the responses it writes, the ledger's times. */
  readonly clock: Clock;
  /** The file system's clock in ms, which file times are compared with (settling, retention). Default Date.now. */
  readonly fileClock?: () => number;
  readonly fs?: FolderFileSystem;
  readonly log: (code: string, detail: string) => void;
}

export type ReceiptFolderEvent =
  /** A response (the family's answer or the coded error envelope) was written into Res and the request taken out of Req. */
  | {
      readonly type: 'answered';
      readonly name: string;
      readonly responseName: string;
      readonly family: RequestFamily | undefined;
      readonly errorCode: string | undefined;
      /** Characters written as ● (Shift_JIS has no code for them). */
      readonly substituted: number;
    }
  /** A request already answered (by the ledger, or its response found in Res) was taken out of Req without a new response. */
  | { readonly type: 'already-answered'; readonly name: string; readonly responseName: string; readonly how: 'ledger' | 'response-in-res' }
  /** A file looked at is not read yet: still changing (`settling`), or without its end tag (`incomplete`). */
  | { readonly type: 'not-yet'; readonly name: string; readonly reason: 'settling' | 'incomplete' }
  /** A request is kept in Req for now: the central system is down, or a folder failed. */
  | { readonly type: 'waiting'; readonly name: string; readonly reason: 'central-outage' | 'folder' }
  | ({ readonly type: 'condition' } & ConditionChange)
  /** A file in Req that is no request (not a writer's temporary file): left alone, told once. */
  | { readonly type: 'ignored'; readonly name: string }
  | { readonly type: 'swept'; readonly report: SweepReport; readonly ledgerDropped: number };

export interface ReceiptFolderHealth {
  readonly answered: number;
  /** Of those, answered with the error envelope. */
  readonly errors: number;
  readonly alreadyAnswered: number;
  readonly substitutedCharacters: number;
  readonly substitutedResponses: number;
  /** Requests kept in Req, waiting for the central system or a folder. */
  readonly waiting: number;
  readonly conditions: readonly ActiveCondition[];
}

interface Candidate {
  settle: SettleState | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Why the timer is set: see Next. */
  timerWhy: 'file' | 'retry' | undefined;
  queued: boolean;
  running: boolean;
  /** Noticed again while running: look once more afterwards. */
  again: boolean;
  /** Being moved out of Req: the folder event that move causes is no news. */
  disposing: boolean;
  /** Found in Req at start: its response may already be in Res (a crash after writing it). */
  foundAtStart: boolean;
  folderFailures: number;
  waiting: 'central-outage' | 'folder' | undefined;
}

/**
 * After a look: done with the file, or look again in `ms` — because the file is still being written
 * (`file`: any sign of the file changing brings the look forward), or to retry after an outage or a
 * folder failure (`retry`: only the timer).
 */
type Next = { readonly kind: 'done' } | { readonly kind: 'later'; readonly ms: number; readonly why: 'file' | 'retry' };

/**
 * The terminal's side of the レセコン folder interface (oqs-interface.md §2): every request file in
 * Req is answered through the central client in Res under its own name with req → res, exactly once.
 *
 * Finding files: file system events as hints plus a rescan every rescanMs (or the rescan alone).
 * Each file is looked at until it has settled and its XML is complete (settle-check.ts), then answered.
 *
 * Exactly once, across crashes and repeats — the rule, in order for each request:
 * 1. its name is in the ledger of answered names → not answered again; the request is moved out;
 * 2. a file of its response name is already in Res → that is its answer (a crash after writing it);
 *    the name goes into the ledger, the request is moved out;
 * 3. otherwise the response is written (temporary file, flush, hard link that never replaces a file,
 *    folder flush), then the name goes into the ledger (flushed), then the request is moved out of Req.
 * A crash between any two steps leaves the request in Req, and the next start resumes at the right
 * step: the response itself is the journal of step 3, the ledger remembers names whose responses the
 * レセコン has read and removed. (The one gap: a crash after the response appeared, before the ledger
 * entry was flushed, while the レセコン removed that response in between — then it is answered again.)
 *
 * Failures: a request that cannot be read or answered gets the §3 error envelope with its code; a
 * central outage keeps the request (or answers CENTRAL_UNAVAILABLE, as configured); a folder that
 * fails (full, gone, not writable) keeps the request, is reported once as a condition, and is tried
 * again. Nothing thrown inside escapes: the service never stops on a file.
 */
export class ReceiptFolderService {
  private readonly fs: FolderFileSystem;
  private readonly fileClock: () => number;
  private readonly candidates = new Map<string, Candidate>();
  private readonly queue: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly listeners = new Set<(event: ReceiptFolderEvent) => void>();
  private readonly ignored = new Set<string>();
  /** Answered in this run, but still in Req: taking it out failed. */
  private readonly undisposed = new Set<string>();
  private readonly conditions: FolderConditions;
  private readonly watch: FolderWatch | undefined;
  /** Responses written together share the flush of Res's entries. */
  private readonly resSync: GroupedFolderSync;
  private ledger: AnsweredLedger | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;
  /** Until the first listing of Req, every request found may be one a crash left answered (see handle). */
  private firstScanDone = false;
  private readonly counts = { answered: 0, errors: 0, alreadyAnswered: 0, substitutedCharacters: 0, substitutedResponses: 0 };

  private constructor(private readonly options: ReceiptFolderServiceOptions) {
    this.fs = options.fs ?? nodeFolderFileSystem;
    this.fileClock = options.fileClock ?? Date.now;
    this.conditions = new FolderConditions((change) => {
      const where = change.role === undefined ? '' : `${change.role} folder: `;
      this.options.log(change.active ? `RECEIPT_${change.code}` : `RECEIPT_${change.code}_ENDED`, `${where}${change.detail}`);
      this.emit({ type: 'condition', ...change });
    });
    const settings = options.settings;
    this.resSync = new GroupedFolderSync(this.fs, settings.resFolder);
    this.watch =
      settings.detection === 'watch'
        ? new FolderWatch(settings.reqFolder, (name) => this.notice(name), () => void this.rescan())
        : undefined;
  }

  /**
   * Starts on the configured folders (created when missing) and answers what is in Req already.
   * A folder that cannot be made or read does not stop the start: it is reported and tried again.
   */
  static async start(options: ReceiptFolderServiceOptions): Promise<ReceiptFolderService> {
    const service = ReceiptFolderService.create(options);
    await service.start();
    return service;
  }

  /** The service, not started: subscribe first to hear what the start finds. */
  static create(options: ReceiptFolderServiceOptions): ReceiptFolderService {
    return new ReceiptFolderService(options);
  }

  async start(): Promise<void> {
    if (this.rescanTimer !== undefined || this.stopped) return;
    const settings = this.options.settings;
    this.rescanTimer = setInterval(() => void this.rescan(), settings.rescanMs);
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), settings.retention.sweepMs);
    await this.prepare();
    await this.rescan();
  }

  subscribe(listener: (event: ReceiptFolderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): ReceiptFolderHealth {
    let waiting = 0;
    for (const candidate of this.candidates.values()) if (candidate.waiting !== undefined) waiting += 1;
    return { ...this.counts, waiting, conditions: this.conditions.list() };
  }

  /** Looks at every file in Req now (the timer does this every rescanMs). */
  rescan(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.scanning ??= this.scan().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Applies retention now (the timer does this every sweepMs). */
  async sweep(): Promise<SweepReport> {
    const settings = this.options.settings;
    try {
      const report = await sweepFolders(
        this.fs,
        {
          resFolder: settings.resFolder,
          archiveFolder: settings.archiveFolder,
          faceFolder: settings.faceFolder,
          responseKeepMs: settings.retention.responseKeepMs,
          archiveKeepMs: settings.retention.archiveKeepMs,
          faceKeepMs: settings.retention.faceKeepMs,
        },
        this.fileClock(),
      );
      const ledgerDropped = this.ledger === undefined ? 0 : await inFolder('state', 'compacting the ledger', () => this.ledger!.compact(new Date(this.options.clock.now().getTime() - settings.retention.ledgerKeepMs)));
      this.emit({ type: 'swept', report, ledgerDropped });
      return report;
    } catch (error) {
      this.folderFailed(error);
      throw error;
    }
  }

  /** Stops looking; requests being answered are finished first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.rescanTimer);
    clearInterval(this.sweepTimer);
    this.watch?.stop();
    for (const candidate of this.candidates.values()) clearTimeout(candidate.timer);
    this.queue.length = 0;
    await this.scanning?.catch(() => undefined);
    await Promise.allSettled([...this.running]);
  }

  private async prepare(): Promise<void> {
    const { reqFolder, resFolder, archiveFolder, stateFolder } = this.options.settings;
    const folders: Array<[FolderRole, string]> = [
      ['req', reqFolder],
      ['res', resFolder],
      ['archive', archiveFolder],
      ['state', stateFolder],
    ];
    for (const [role, folder] of folders) {
      try {
        await inFolder(role, `creating the ${role} folder`, () => this.fs.mkdir(folder));
      } catch (error) {
        this.folderFailed(error);
      }
    }
    await this.removeStaged();
    await this.openLedger();
  }

  /** Temporary response files a crash left in Res: never finished, never to be published. */
  private async removeStaged(): Promise<void> {
    const res = this.options.settings.resFolder;
    try {
      await inFolder('res', 'removing unfinished responses', async () => {
        for (const name of await this.fs.readdir(res)) if (isStagedName(name)) await this.fs.unlink(join(res, name)).catch(() => undefined);
      });
    } catch (error) {
      this.folderFailed(error);
    }
  }

  /** Without its ledger the service answers nothing: it could not tell a name it answered before. */
  private async openLedger(): Promise<boolean> {
    if (this.ledger !== undefined) return true;
    try {
      const opened = await inFolder('state', 'reading the ledger', () => AnsweredLedger.open(this.fs, this.options.settings.stateFolder));
      if (opened.skippedLines > 0) this.options.log('RECEIPT_LEDGER_LINES_SKIPPED', `${opened.skippedLines} unreadable line(s) of the ledger skipped (a cut last line after a crash)`);
      this.ledger = opened.ledger;
      this.conditions.folderWorked('state');
      return true;
    } catch (error) {
      this.folderFailed(error);
      return false;
    }
  }

  private async scan(): Promise<void> {
    if (!(await this.openLedger())) return;
    this.watch?.ensure();
    let names: string[];
    try {
      names = await inFolder('req', 'listing the req folder', () => this.fs.readdir(this.options.settings.reqFolder));
    } catch (error) {
      // Gone (a share unmounted, a folder removed): its watcher watches nothing any more.
      this.watch?.reset();
      this.folderFailed(error);
      return;
    }
    this.conditions.folderWorked('req');
    for (const name of names) this.notice(name);
    // What was in Req when the service came up is what a crash may have left half-done.
    this.firstScanDone = true;
  }

  /** A file of Req to look at: queued once, however often it is noticed. */
  private notice(name: string): void {
    if (this.stopped || this.ledger === undefined) return;
    let candidate = this.candidates.get(name);
    if (candidate === undefined) {
      candidate = {
        settle: undefined,
        timer: undefined,
        timerWhy: undefined,
        queued: false,
        running: false,
        again: false,
        disposing: false,
        foundAtStart: !this.firstScanDone,
        folderFailures: 0,
        waiting: undefined,
      };
      this.candidates.set(name, candidate);
    }
    if (candidate.running) {
      if (!candidate.disposing) candidate.again = true;
      return;
    }
    if (candidate.queued) return;
    if (candidate.timer !== undefined) {
      // A file being written changed again (or a rescan saw it): look now rather than at the end of its back-off.
      if (candidate.timerWhy !== 'file') return;
      clearTimeout(candidate.timer);
      candidate.timer = undefined;
    }
    candidate.queued = true;
    this.queue.push(name);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.settings.concurrency && this.queue.length > 0) {
      const name = this.queue.shift()!;
      const candidate = this.candidates.get(name);
      if (candidate === undefined) continue;
      candidate.queued = false;
      candidate.running = true;
      candidate.again = false;
      candidate.disposing = false;
      const run = this.look(name, candidate)
        .then((next) => this.after(name, candidate, next))
        .catch(() => undefined);
      this.running.add(run);
      void run.finally(() => {
        this.running.delete(run);
        this.pump();
      });
    }
  }

  private after(name: string, candidate: Candidate, next: Next): void {
    candidate.running = false;
    if (this.stopped) return;
    if (next.kind === 'done') {
      this.candidates.delete(name);
      // Dropped again meanwhile under the same name: look at it afresh (the ledger decides).
      if (candidate.again) this.notice(name);
      return;
    }
    candidate.timerWhy = next.why;
    candidate.timer = setTimeout(() => {
      candidate.timer = undefined;
      this.notice(name);
    }, next.ms);
  }

  /** One look at one file; whatever happens inside becomes the next step, never a throw. */
  private async look(name: string, candidate: Candidate): Promise<Next> {
    try {
      const next = await this.handle(name, candidate);
      if (next.kind === 'done') candidate.folderFailures = 0;
      return next;
    } catch (error) {
      this.folderFailed(error);
      if (!isFolderStepFailure(error)) this.options.log('RECEIPT_INTERNAL_ERROR', `${name}: ${error instanceof Error ? error.name : 'unknown'}`);
      candidate.folderFailures += 1;
      candidate.waiting = 'folder';
      this.emit({ type: 'waiting', name, reason: 'folder' });
      return { kind: 'later', ms: Math.min(this.options.settings.folderRetryMs * 2 ** (candidate.folderFailures - 1), MAX_FOLDER_RETRY_MS), why: 'retry' };
    }
  }

  private async handle(name: string, candidate: Candidate): Promise<Next> {
    const settings = this.options.settings;
    const parsed = parseRequestName(name);
    if (parsed.kind === 'not-a-request') {
      if (!parsed.temporary && !this.ignored.has(name)) {
        this.ignored.add(name);
        this.options.log('RECEIPT_FILE_IGNORED', `${name} in the req folder is no request (<prefix>req_<id>.xml): left alone`);
        this.emit({ type: 'ignored', name });
      }
      return { kind: 'done' };
    }
    const path = join(settings.reqFolder, name);
    const look = await this.present(path, () => this.fs.stat(path));
    if (look === undefined || !look.isFile) return { kind: 'done' };
    const settled = settleLook(candidate.settle, look, this.fileClock(), settings.settleMs);
    candidate.settle = settled.state;
    if (settled.verdict.kind === 'wait') {
      this.emit({ type: 'not-yet', name, reason: 'settling' });
      return { kind: 'later', ms: settled.verdict.ms, why: 'file' };
    }

    const ledger = this.ledger!;
    if (this.undisposed.has(name)) {
      // Answered in this run; only moving it out of Req failed before.
      await this.dispose(name, 'answered', candidate);
      this.undisposed.delete(name);
      return { kind: 'done' };
    }
    if (ledger.has(name)) {
      await this.dispose(name, 'duplicate', candidate);
      return this.alreadyAnswered(name, parsed.responseName, 'ledger');
    }
    // A response already in Res for a request found at start is its answer (a crash came between the two).
    // Later requests need no look: the response is written with a link that never replaces a file.
    if (candidate.foundAtStart && (await this.responseExists(parsed.responseName))) {
      await this.record(name, parsed.responseName, 'found');
      await this.dispose(name, 'answered', candidate);
      return this.alreadyAnswered(name, parsed.responseName, 'response-in-res');
    }

    let bytes: Uint8Array | undefined;
    if (look.size <= settings.maxRequestBytes) {
      bytes = await this.present(path, () => this.fs.readFile(path));
      if (bytes === undefined) return { kind: 'done' };
      if (bytes.length !== look.size) {
        candidate.settle = undefined; // written to between the look and the read
        this.emit({ type: 'not-yet', name, reason: 'settling' });
        return { kind: 'later', ms: Math.max(1, settings.settleMs), why: 'file' };
      }
      if (!isCompleteDocument(bytes)) {
        const verdict = incompleteVerdict(settled.state, this.fileClock(), settings.settleMs, settings.incompleteMs);
        if (verdict.kind === 'wait') {
          this.emit({ type: 'not-yet', name, reason: 'incomplete' });
          return { kind: 'later', ms: verdict.ms, why: 'file' };
        }
      }
    }
    return this.answer(name, parsed, bytes, candidate);
  }

  private async answer(name: string, parsed: Exclude<RequestName, { kind: 'not-a-request' }>, bytes: Uint8Array | undefined, candidate: Candidate): Promise<Next> {
    const settings = this.options.settings;
    const answering = await answerRequest(parsed, bytes, {
      settings,
      central: this.options.central,
      medicalInstitutionCode: this.options.medicalInstitutionCode,
      now: this.options.clock.now(),
    });
    if (answering.kind === 'wait-for-central') {
      this.conditions.centralWaiting(`${answering.failure.code}: ${answering.failure.detail}`, this.options.clock.now());
      candidate.waiting = 'central-outage';
      this.emit({ type: 'waiting', name, reason: 'central-outage' });
      return { kind: 'later', ms: settings.outageRetryMs, why: 'retry' };
    }
    if (answering.centralAnswered) this.conditions.centralAnswered();
    const written = await inFolder('res', `writing ${parsed.responseName}`, () => publishOnce(this.fs, settings.resFolder, parsed.responseName, answering.document.bytes, () => this.resSync.sync()));
    this.conditions.folderWorked('res');
    if (written === 'exists') {
      // A response of that name is there already (left by a run whose ledger was lost, or put there by
      // someone else): it stands, and this answer is dropped.
      await this.record(name, parsed.responseName, 'found');
      await this.dispose(name, 'answered', candidate);
      return this.alreadyAnswered(name, parsed.responseName, 'response-in-res');
    }
    await this.record(name, parsed.responseName, 'answered');

    const substituted = answering.document.substituted.length;
    this.counts.answered += 1;
    if (answering.errorCode !== undefined) {
      this.counts.errors += 1;
      this.options.log('RECEIPT_ANSWERED_WITH_ERROR', `${parsed.responseName}: ${answering.errorCode}`);
    }
    if (substituted > 0) {
      this.counts.substitutedCharacters += substituted;
      this.counts.substitutedResponses += 1;
      this.options.log('RECEIPT_CHARACTERS_SUBSTITUTED', `${parsed.responseName}: ${substituted} character(s) without a Shift_JIS code written as ●`);
    }
    candidate.waiting = undefined;
    // Answered now; a failure to move the request out is tried again without another answer. The event
    // comes once the request is out of Req (or could not be taken out), so a listener that drops the same
    // name again drops it into an empty place.
    this.undisposed.add(name);
    try {
      await this.dispose(name, 'answered', candidate);
      this.undisposed.delete(name);
    } finally {
      this.emit({ type: 'answered', name, responseName: parsed.responseName, family: answering.family, errorCode: answering.errorCode, substituted });
    }
    return { kind: 'done' };
  }

  private alreadyAnswered(name: string, responseName: string, how: 'ledger' | 'response-in-res'): Next {
    this.counts.alreadyAnswered += 1;
    this.options.log('RECEIPT_ALREADY_ANSWERED', `${name}: answered before (${how === 'ledger' ? 'in the ledger' : 'its response is in the res folder'}); not answered again`);
    this.emit({ type: 'already-answered', name, responseName, how });
    return { kind: 'done' };
  }

  private async record(name: string, responseName: string, how: 'answered' | 'found'): Promise<void> {
    await inFolder('state', 'writing the ledger', () => this.ledger!.record({ name, response: responseName, at: this.options.clock.now().toISOString(), how }));
    this.conditions.folderWorked('state');
  }

  private async dispose(name: string, kind: 'answered' | 'duplicate', candidate: Candidate): Promise<void> {
    const { reqFolder, archiveFolder, retention } = this.options.settings;
    candidate.disposing = true;
    // The archive's day is the file system's, like the file times retention compares it with.
    await disposeRequest(this.fs, { reqFolder, archiveFolder, policy: retention.answeredRequests }, name, kind, new Date(this.fileClock()));
    this.conditions.folderWorked('req');
    if (retention.answeredRequests === 'move') this.conditions.folderWorked('archive');
  }

  private async responseExists(responseName: string): Promise<boolean> {
    const path = join(this.options.settings.resFolder, responseName);
    return (await this.present(path, () => this.fs.stat(path), 'res')) !== undefined;
  }

  /** The result of reading `path`, or undefined when it is not there (any other failure is the folder's). */
  private async present<T>(path: string, read: () => Promise<T>, role: FolderRole = 'req'): Promise<T | undefined> {
    return inFolder(role, `reading ${path}`, async () => {
      try {
        return await read();
      } catch (error) {
        if (errorCodeOf(error) === 'ENOENT') return undefined;
        throw error;
      }
    });
  }

  private folderFailed(error: unknown): void {
    if (isFolderStepFailure(error)) this.conditions.folderFailed(error.role, error.failure.code, error.failure.message, this.options.clock.now());
  }

  private emit(event: ReceiptFolderEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is the listener's: the service goes on.
      }
    }
  }
}

export type { FolderConditionCode };
