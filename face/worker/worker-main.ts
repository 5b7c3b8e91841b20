// The face worker thread: loads and warms the models once, then answers one request at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { FaceEngine } from '../engine';
import { FaceError } from '../errors';
import type { FaceWorkerMessage, FaceWorkerRequest, FaceWorkerSettings, WireError } from './protocol';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs only as a worker thread');

function toWire(error: unknown): WireError {
  if (error instanceof FaceError) return { code: error.code, message: error.message };
  return { code: 'worker-crashed', message: error instanceof Error ? error.message : String(error) };
}

function send(message: FaceWorkerMessage): void {
  port!.postMessage(message);
}

async function main(): Promise<void> {
  const settings = (workerData ?? {}) as FaceWorkerSettings;
  let engine: FaceEngine;
  try {
    engine = await FaceEngine.start({
      ...(settings.modelDirectory !== undefined ? { modelDirectory: settings.modelDirectory } : {}),
      ...(settings.allowNativeBackend !== undefined ? { allowNativeBackend: settings.allowNativeBackend } : {}),
      ...(settings.challengeSequence !== undefined && settings.challengeSequence.length > 0 ? { challengeSequence: settings.challengeSequence } : {}),
    });
  } catch (error) {
    send({ type: 'start-failed', error: toWire(error) });
    port!.close();
    return;
  }
  // Requests are handled strictly in order: the networks are not re-entrant.
  let queue = Promise.resolve();
  port!.on('message', (request: FaceWorkerRequest) => {
    queue = queue.then(async () => {
      try {
        send({ type: 'response', id: request.id, ok: true, value: await handle(engine, request) });
      } catch (error) {
        send({ type: 'response', id: request.id, ok: false, error: toWire(error) });
      }
    });
  });
  send({ type: 'ready', backend: engine.backend });
}

async function handle(engine: FaceEngine, request: FaceWorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'open-session':
      return engine.openSession(request.card);
    case 'check-frame':
      return engine.checkFrame(request.sessionId, request.frame);
    case 'verify':
      return engine.verify(request.sessionId, request.frames);
    case 'close-session':
      await engine.closeSession(request.sessionId);
      return null;
    case 'usage': {
      const usage = process.memoryUsage();
      return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
    }
  }
}

void main();
