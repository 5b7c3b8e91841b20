import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  CardPhoto,
  FaceSessionInfo,
  FaceVerificationResult,
  FaceVerifier,
  FrameCheck,
  LiveFrame,
} from '../../flow/ports/face-verifier';
import { FaceError } from '../errors';
import type { FaceWorkerMessage, FaceWorkerRequest, FaceWorkerResults, FaceWorkerSettings, FaceWorkerUsage } from './protocol';

export interface FaceWorkerOptions extends FaceWorkerSettings {
  /** Bound on start-up (model loading and warm-up: ~1–2 s here). */
  readonly startTimeoutMs?: number;
  /** Bound on each request; a verify of 10 frames takes ~1 s here. */
  readonly requestTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: FaceError) => void;
  readonly timer: NodeJS.Timeout;
}

type RequestBody = FaceWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The FaceVerifier the terminal uses: the engine runs in a worker thread so the kiosk stays
 * responsive. Every failure reaches the caller as a coded FaceError: a start-up that fails names the
 * model or backend problem, a crashed worker is 'worker-crashed', a slow request is 'timeout' (the
 * worker is then stopped, since its state is unknown), and nothing hangs.
 */
export class FaceWorkerVerifier implements FaceVerifier {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: FaceError | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly backend: string,
    private readonly requestTimeoutMs: number,
  ) {
    worker.on('message', (message: FaceWorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.fail(new FaceError('worker-crashed', `the face worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.fail(new FaceError(this.failure?.code ?? 'worker-crashed', `the face worker exited (code ${code})`)));
  }

  static start(options: FaceWorkerOptions = {}): Promise<FaceWorkerVerifier> {
    const settings: FaceWorkerSettings = {
      ...(options.modelDirectory !== undefined ? { modelDirectory: options.modelDirectory } : {}),
      ...(options.allowNativeBackend !== undefined ? { allowNativeBackend: options.allowNativeBackend } : {}),
      ...(options.challengeSequence !== undefined ? { challengeSequence: options.challengeSequence } : {}),
    };
    const worker = spawnWorker(settings);
    const startTimeoutMs = options.startTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const fail = (error: FaceError) => {
        cleanup();
        void worker.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new FaceError('timeout', `the face worker did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
      const onMessage = (message: FaceWorkerMessage) => {
        if (message.type === 'ready') {
          cleanup();
          resolve(new FaceWorkerVerifier(worker, message.backend, options.requestTimeoutMs ?? 30_000));
        } else if (message.type === 'start-failed') {
          fail(new FaceError(message.error.code, message.error.message));
        }
      };
      const onError = (error: Error) => fail(new FaceError('worker-crashed', `the face worker failed to start: ${error.message}`, { cause: error }));
      const onExit = (code: number) => fail(new FaceError('worker-crashed', `the face worker exited during start-up (code ${code})`));
      function cleanup() {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      }
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  openSession(card: CardPhoto): Promise<FaceSessionInfo> {
    return this.request('open-session', { op: 'open-session', card });
  }

  checkFrame(sessionId: string, frame: LiveFrame): Promise<FrameCheck> {
    return this.request('check-frame', { op: 'check-frame', sessionId, frame });
  }

  verify(sessionId: string, frames: readonly LiveFrame[]): Promise<FaceVerificationResult> {
    return this.request('verify', { op: 'verify', sessionId, frames });
  }

  async closeSession(sessionId: string): Promise<void> {
    await this.request('close-session', { op: 'close-session', sessionId });
  }

  /** Memory of the process as seen from the worker (the benchmark reports it). */
  usage(): Promise<FaceWorkerUsage> {
    return this.request('usage', { op: 'usage' });
  }

  async close(): Promise<void> {
    if (!this.failure) this.fail(new FaceError('closed', 'the face verifier was closed'));
    await this.worker.terminate();
  }

  private request<K extends keyof FaceWorkerResults>(kind: K, body: RequestBody & { op: K }): Promise<FaceWorkerResults[K]> {
    if (this.failure) return Promise.reject(new FaceError(this.failure.code === 'timeout' ? 'worker-crashed' : this.failure.code, this.failure.message));
    const id = this.nextId++;
    return new Promise<FaceWorkerResults[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The worker's state is unknown after a stuck request: stop it rather than queue behind it.
        this.pending.delete(id);
        reject(new FaceError('timeout', `face ${kind} took longer than ${this.requestTimeoutMs} ms`));
        this.fail(new FaceError('timeout', `the face worker was stopped after a ${kind} request timed out`));
        void this.worker.terminate();
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        this.worker.postMessage({ ...body, id } as FaceWorkerRequest);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new FaceError('frame-invalid', `the ${kind} request cannot be sent to the worker`, { cause: error }));
      }
    });
  }

  private onMessage(message: FaceWorkerMessage): void {
    if (message.type !== 'response') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new FaceError(message.error.code, message.error.message));
  }

  private fail(error: FaceError): void {
    if (!this.failure) this.failure = error;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new FaceError(error.code === 'closed' ? 'closed' : error.code === 'timeout' ? 'worker-crashed' : error.code, error.message));
      this.pending.delete(id);
    }
  }
}

/**
 * Starts the worker thread. From compiled JavaScript the entry is worker-main.js. From TypeScript
 * sources (tsx, vitest) a worker in Node 20 does not inherit the parent's module loader, so the
 * worker first registers tsx's loader (the one the parent process runs under) and then imports the
 * entry.
 */
function spawnWorker(settings: FaceWorkerSettings): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './worker-main.ts' : './worker-main.js', import.meta.url);
  if (!fromSources) return new Worker(entry, { workerData: settings });
  const loader = tsxLoaderUrl();
  const bootstrap = `import(${JSON.stringify(loader)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: settings });
}

/** The ESM entry of tsx's register API, found from its package.json (its CommonJS build cannot register hooks). */
function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
  const target = manifest.exports?.['./esm/api']?.import?.default;
  if (!target) throw new FaceError('worker-crashed', 'cannot start the face worker from TypeScript sources: tsx has no ESM register API');
  return pathToFileURL(join(dirname(manifestPath), target)).href;
}
