import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotoOf, sequence, sourceFaces } from '../../bench/face/test-support';
import { Prng } from '../../bench/face/synth/prng';
import type { SourceFace } from '../../bench/face/synth/source-faces';
import type { AttackKind } from '../../bench/face/synth/variants';
import { attackKinds, renderAttackSequence, renderLiveSequence } from '../../bench/face/synth/variants';
import type { CardFace } from '../analysis/card-face';
import type { LivenessChallenge } from '../../flow/ports/face-verifier';
import { FaceEngine } from '../engine';
import type { FrameAnalysis } from '../frame-analysis';
import { FaceModels } from '../model/face-models';
import { assessLiveness } from './check-liveness';
import type { FaceObservation } from './observation';

// Still-image attacks against the holder's card, each under every challenge, and a live person for
// contrast. Sequences are synthetic (bench/face/synth/variants.ts): they test the algorithm, not real
// spoof material.

const challenges: readonly LivenessChallenge[] = ['blink', 'turn-left', 'turn-right'];
let engine: FaceEngine;
let holder: SourceFace;
let stranger: SourceFace;
let card: CardFace;

async function analyse(frames: ReturnType<typeof sequence>): Promise<FrameAnalysis[]> {
  const analyses: FrameAnalysis[] = [];
  for (const frame of frames) analyses.push(await engine.analyseFrame(frame));
  return analyses;
}

beforeAll(async () => {
  engine = await FaceEngine.start({ chooseChallenge: () => 'blink' });
  const models = await FaceModels.load();
  const sources = await sourceFaces(models, ['face01', 'face02']);
  models.dispose();
  holder = sources.get('face02')!;
  stranger = sources.get('face01')!;
  const found = await engine.readCard(cardPhotoOf('face02'));
  if (!found) throw new Error('no face in the face02 card photo');
  card = found;
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describe('still-image attacks', () => {
  for (const kind of attackKinds) {
    it(`rejects ${kind} under every challenge`, async () => {
      const cardImage = engine.decoder.decode(cardPhotoOf('face02').bytes);
      const frames = sequence(renderAttackSequence(kind as AttackKind, holder, cardImage, stranger, Prng.of('attack-test', kind)));
      const analyses = await analyse(frames);
      expect(analyses.filter((a) => a.observation).length, 'faces found in the attack frames').toBeGreaterThanOrEqual(6);
      for (const challenge of challenges) {
        const outcome = await engine.decide(analyses, card, challenge);
        expect(outcome.decision, `${kind} / ${challenge}`).not.toBe('match');
        if (kind === 'other-still') {
          expect(outcome.decision, `${kind} / ${challenge}`).toBe('no-match');
        } else {
          // The holder's own picture matches the card: only liveness stops it.
          expect(outcome.distance!, `${kind} / ${challenge}`).toBeLessThan(0.3);
          expect(outcome.decision, `${kind} / ${challenge}`).toBe('liveness-failed');
          expect(outcome.liveness.failures.length).toBeGreaterThan(0);
        }
      }
      for (const analysis of analyses) analysis.forget();
    }, 60_000);
  }

  it('rejects a held print of the card photo through the public verify call', async () => {
    const session = await engine.openSession(cardPhotoOf('face02'));
    const cardImage = engine.decoder.decode(cardPhotoOf('face02').bytes);
    const frames = sequence(renderAttackSequence('card-still', holder, cardImage, stranger, Prng.of('attack-test', 'verify')));
    const result = await engine.verify(session.sessionId, frames);
    expect(result.decision).toBe('liveness-failed');
    expect(result.liveness.failures).toContain('challenge-not-performed');
    await engine.closeSession(session.sessionId);
  }, 60_000);
});

describe('a live person', () => {
  it('passes the challenge they perform and fails the ones they do not', async () => {
    const analyses = await analyse(sequence(renderLiveSequence(holder, 'turn-left', Prng.of('attack-test', 'live'))));
    const outcomes = Object.fromEntries(await Promise.all(challenges.map(async (c) => [c, await engine.decide(analyses, card, c)] as const)));
    expect(outcomes['turn-left']!.decision).toBe('match');
    expect(outcomes['turn-left']!.liveness.scores.noseParallax!).toBeGreaterThan(0.03);
    expect(outcomes['turn-right']!.decision).toBe('liveness-failed');
    expect(outcomes['blink']!.decision).toBe('liveness-failed');
    for (const analysis of analyses) analysis.forget();
  }, 60_000);
});

describe('each challenge\'s own flatness check, on rendered frames', () => {
  const observations = (analyses: readonly FrameAnalysis[]) => analyses.flatMap((a) => (a.observation ? [a.observation] : []));

  it('refuses a print moved a few pixels for a blink even when the eye measure is fooled, and passes a live blink', async () => {
    const cardImage = engine.decoder.decode(cardPhotoOf('face02').bytes);
    const print = await analyse(sequence(renderAttackSequence('moved-print-blink', holder, cardImage, stranger, Prng.of('attack-test', 'fooled-blink'))));
    const seen = observations(print);
    // The eye measure made to dip for one frame, as a resampled print can make it do.
    const open = Math.max(...seen.map((o) => o.eyeOpenness));
    const fooled: FaceObservation[] = seen.map((o, k) => ({ ...o, eyeOpenness: k === 4 ? 0.2 * open : open }));
    const attack = assessLiveness('blink', fooled);
    expect(attack.active!.performed, 'the eye measure alone is fooled').toBe(true);
    expect(attack.notFlat).toBe(false);
    expect(attack.report.failures).toContain('planar-motion');
    expect(attack.report.passed).toBe(false);
    const live = await analyse(sequence(renderLiveSequence(holder, 'blink', Prng.of('attack-test', 'live-blink'))));
    const genuine = assessLiveness('blink', observations(live));
    expect(genuine.notFlat).toBe(true);
    expect(genuine.report.passed).toBe(true);
    for (const analysis of [...print, ...live]) analysis.forget();
  }, 60_000);

  it('refuses a print swung and moved for a turn even when the yaw measure is fooled', async () => {
    const cardImage = engine.decoder.decode(cardPhotoOf('face02').bytes);
    const print = await analyse(sequence(renderAttackSequence('moved-print-turn-left', holder, cardImage, stranger, Prng.of('attack-test', 'fooled-turn'))));
    const turn = [0, 0, 0.08, 0.16, 0.24, 0.3, 0.34, 0.36];
    const fooled: FaceObservation[] = observations(print).map((o, k) => ({ ...o, yaw: o.yaw + turn[k]! }));
    const attack = assessLiveness('turn-left', fooled);
    expect(attack.active!.performed, 'the yaw measure alone is fooled').toBe(true);
    expect(attack.notFlat).toBe(false);
    expect(attack.report.failures).toContain('planar-motion');
    for (const analysis of print) analysis.forget();
  }, 60_000);
});
