import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotoOf, sequence, sourceFaces } from '../../../bench/face/test-support';
import { Prng } from '../../../bench/face/synth/prng';
import { goodFrame } from '../../../bench/face/synth/quality-images';
import type { SourceFace } from '../../../bench/face/synth/source-faces';
import { renderLiveSequence } from '../../../bench/face/synth/variants';
import { FaceError } from '../../../face/errors';
import { defaultModelDirectory } from '../../../face/model/model-files';
import { FaceModels } from '../../../face/model/face-models';
import { FaceWorkerVerifier } from '../../../face/worker/face-worker-client';
import { liveFrame } from '../../../bench/face/test-support';

// The face worker as the terminal uses it: real worker thread, real models, and each way it can fail
// surfacing as a coded error at the caller (never a hang).

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof FaceError ? error.code : `not a FaceError: ${String(error)}`;
  }
}

let holder: SourceFace;
let scratch: string;

beforeAll(async () => {
  const models = await FaceModels.load();
  holder = (await sourceFaces(models, ['face02'])).get('face02')!;
  models.dispose();
  scratch = await mkdtemp(join(tmpdir(), 'face-worker-test-'));
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('face worker', () => {
  it('verifies the card holder performing the challenge the worker chose', async () => {
    const verifier = await FaceWorkerVerifier.start();
    try {
      expect(verifier.backend).toBe('wasm');
      const session = await verifier.openSession(cardPhotoOf('face02'));
      expect(session.cardUsable).toBe(true);
      const frames = sequence(renderLiveSequence(holder, session.challenge, Prng.of('worker-test', session.challenge)));
      const result = await verifier.verify(session.sessionId, frames);
      expect(result.decision).toBe('match');
      expect(result.liveness.challenge).toBe(session.challenge);
      expect(result.liveness.passed).toBe(true);
      await verifier.closeSession(session.sessionId);
      expect(await failureOf(verifier.verify(session.sessionId, frames))).toBe('session-unknown');
    } finally {
      await verifier.close();
    }
  });

  it('fails start-up with model-missing when the model folder is wrong', async () => {
    const started = performance.now();
    expect(await failureOf(FaceWorkerVerifier.start({ modelDirectory: join(scratch, 'no-such-folder') }))).toBe('model-missing');
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('fails start-up with model-corrupt when a weights file is damaged or a manifest truncated', async () => {
    const damagedWeights = join(scratch, 'damaged-weights');
    await cp(defaultModelDirectory(), damagedWeights, { recursive: true });
    const weights = join(damagedWeights, 'face_recognition_model.bin');
    const bytes = await readFile(weights);
    bytes.fill(0, 1000, 2000);
    await writeFile(weights, bytes);
    expect(await failureOf(FaceWorkerVerifier.start({ modelDirectory: damagedWeights }))).toBe('model-corrupt');

    const truncatedManifest = join(scratch, 'truncated-manifest');
    await cp(defaultModelDirectory(), truncatedManifest, { recursive: true });
    const manifest = join(truncatedManifest, 'tiny_face_detector_model-weights_manifest.json');
    await writeFile(manifest, (await readFile(manifest)).subarray(0, 100));
    expect(await failureOf(FaceWorkerVerifier.start({ modelDirectory: truncatedManifest }))).toBe('model-corrupt');
  });

  it('bounds start-up and each request: a slow one is a timeout, and the stopped worker then reports worker-crashed', async () => {
    expect(await failureOf(FaceWorkerVerifier.start({ startTimeoutMs: 1 }))).toBe('timeout');
    const verifier = await FaceWorkerVerifier.start({ requestTimeoutMs: 1 });
    try {
      expect(await failureOf(verifier.openSession(cardPhotoOf('face02')))).toBe('timeout');
      expect(await failureOf(verifier.checkFrame('any', liveFrame(goodFrame(holder))))).toBe('worker-crashed');
    } finally {
      await verifier.close();
    }
  });

  it('reports closed after close, and coded errors from inside the worker', async () => {
    const verifier = await FaceWorkerVerifier.start();
    expect(await failureOf(verifier.openSession({ bytes: new Uint8Array([1, 2, 3]) }))).toBe('card-photo-invalid');
    expect(await failureOf(verifier.checkFrame('no-such-session', liveFrame(goodFrame(holder))))).toBe('session-unknown');
    await verifier.close();
    expect(await failureOf(verifier.openSession(cardPhotoOf('face02')))).toBe('closed');
  });
});
