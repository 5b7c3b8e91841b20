import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotoOf, liveFrame, sequence, sourceFaces } from '../bench/face/test-support';
import { Prng } from '../bench/face/synth/prng';
import { goodFrame } from '../bench/face/synth/quality-images';
import { baseLiveSpec, renderLive } from '../bench/face/synth/render';
import type { SourceFace } from '../bench/face/synth/source-faces';
import { renderLiveSequence } from '../bench/face/synth/variants';
import { FaceModels } from './model/face-models';
import { descriptorDistance } from './analysis/describe';
import type { LivenessChallenge } from '../flow/ports/face-verifier';
import { FaceEngine } from './engine';
import { FaceError } from './errors';
import { matchPolicy } from './match-policy';

// Matching on decoded fixtures: the committed card photos (greyscale JPEG 2000) against camera frames
// rendered from the same people's fixture photos by the benchmark's seeded transformations.

const ids = ['face01', 'face02', 'face18'] as const;
let engine: FaceEngine;
let sources: Map<string, SourceFace>;
let challenge: LivenessChallenge = 'blink';

beforeAll(async () => {
  engine = await FaceEngine.start({ chooseChallenge: () => challenge });
  const models = await FaceModels.load();
  sources = await sourceFaces(models, ids);
  models.dispose();
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

/** Distance between a card photo and one rendered camera frame, from real descriptors. */
async function distanceBetween(card: (typeof ids)[number], person: string, variant: 'good' | 'glasses'): Promise<number> {
  const cardFace = await engine.readCard(cardPhotoOf(card));
  expect(cardFace, `face in ${card}'s card photo`).not.toBeNull();
  const source = sources.get(person)!;
  const prng = Prng.of('engine-test', person, variant);
  const canvas = variant === 'good' ? goodFrame(source) : renderLive(source, { ...baseLiveSpec(prng), glasses: true }, prng);
  const analysis = await engine.analyseFrame(liveFrame(canvas));
  expect(analysis.describe, `face in ${person}'s frame`).not.toBeNull();
  const distance = descriptorDistance(await analysis.describe!(), cardFace!.descriptor);
  analysis.forget();
  return distance;
}

describe('matching the card photo', () => {
  it('finds the face in every committed card photo', async () => {
    for (const id of ids) expect(await engine.readCard(cardPhotoOf(id)), id).not.toBeNull();
  }, 60_000);

  it('accepts the card holder: genuine distances are under the threshold', async () => {
    for (const id of ids) {
      const d = await distanceBetween(id, id, 'good');
      expect(d, id).toBeGreaterThan(0); // a real comparison, not the card with itself
      expect(d, id).toBeLessThan(matchPolicy.threshold);
    }
  }, 60_000);

  it('rejects other people: every impostor distance is over the threshold', async () => {
    for (const card of ids) {
      for (const person of ids.filter((p) => p !== card)) {
        expect(await distanceBetween(card, person, 'good'), `${person} against ${card}'s card`).toBeGreaterThan(matchPolicy.threshold);
      }
    }
  }, 60_000);
});

describe('sessions', () => {
  it('matches the holder doing the asked challenge', async () => {
    challenge = 'blink';
    const session = await engine.openSession(cardPhotoOf('face02'));
    expect(session).toEqual({ sessionId: expect.any(String), cardUsable: true, challenge: 'blink' });
    const frames = sequence(renderLiveSequence(sources.get('face02')!, 'blink', Prng.of('engine-test', 'live')));
    const result = await engine.verify(session.sessionId, frames);
    expect(result.decision).toBe('match');
    expect(result.distance!).toBeLessThan(result.threshold);
    expect(result.liveness).toMatchObject({ challenge: 'blink', passed: true, failures: [] });
    expect(result.framesUsable).toBeGreaterThan(2);
    await engine.closeSession(session.sessionId);
  }, 60_000);

  it('rejects an impostor doing the challenge perfectly', async () => {
    challenge = 'blink';
    const session = await engine.openSession(cardPhotoOf('face01'));
    const frames = sequence(renderLiveSequence(sources.get('face18')!, 'blink', Prng.of('engine-test', 'impostor')));
    const result = await engine.verify(session.sessionId, frames);
    expect(result.decision).toBe('no-match');
    expect(result.distance!).toBeGreaterThan(result.threshold);
    expect(result.liveness.passed).toBe(true); // a live person, just not the holder
    await engine.closeSession(session.sessionId);
  }, 60_000);

  // What comes after repeated failures is the flow's decision (flow/face-attempts.test.ts): the engine
  // reports each attempt as it is, with the challenge of the next one, and keeps no count.
  it('reports every attempt as a fact with a fresh challenge, however many failed before', async () => {
    const impostor = [liveFrame(goodFrame(sources.get('face18')!))];
    challenge = 'blink';
    const session = await engine.openSession(cardPhotoOf('face01'));
    const reports = [];
    for (const following of ['turn-left', 'turn-right', 'blink', 'turn-left'] as const) {
      challenge = following;
      const result = await engine.verify(session.sessionId, impostor);
      expect(result).not.toHaveProperty('next');
      expect(result).not.toHaveProperty('consecutiveFailures');
      reports.push([result.decision, result.nextChallenge]);
    }
    expect(reports).toEqual([
      ['no-match', 'turn-left'],
      ['no-match', 'turn-right'],
      ['no-match', 'blink'],
      ['no-match', 'turn-left'],
    ]);
    await engine.closeSession(session.sessionId);
  }, 60_000);

  it('drops the session on close: later calls fail with session-unknown', async () => {
    const before = engine.openSessions;
    const session = await engine.openSession(cardPhotoOf('face18'));
    expect(engine.openSessions).toBe(before + 1);
    await engine.closeSession(session.sessionId);
    expect(engine.openSessions).toBe(before);
    const error = await engine.verify(session.sessionId, [liveFrame(goodFrame(sources.get('face18')!))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaceError);
    expect((error as FaceError).code).toBe('session-unknown');
  }, 60_000);

  it('refuses a frame whose buffer does not fit its size with frame-invalid', async () => {
    const session = await engine.openSession(cardPhotoOf('face18'));
    const error = await engine.verify(session.sessionId, [{ width: 640, height: 480, format: 'rgb', data: new Uint8Array(10), capturedAtMs: 0 }]).catch((e: unknown) => e);
    expect((error as FaceError).code).toBe('frame-invalid');
    await engine.closeSession(session.sessionId);
  }, 60_000);
});
