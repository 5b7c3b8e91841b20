import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotoOf, liveFrame, sourceFaces } from '../bench/face/test-support';
import { allQualityCodes, frameFor, goodFrame } from '../bench/face/synth/quality-images';
import type { SourceFace } from '../bench/face/synth/source-faces';
import { FaceModels } from './model/face-models';
import { FaceEngine } from './engine';
import type { LiveFaces } from './analysis/live-face';
import type { QualityMeasures } from './quality';
import { qualityCodes } from './quality';

// Each quality gate is triggered by a camera frame made for it (bench/face/synth/quality-images.ts),
// for two people, and a clean frame of each passes every gate.

const ids = ['face01', 'face02'] as const;
let engine: FaceEngine;
let sources: Map<string, SourceFace>;
let sessionId: string;

beforeAll(async () => {
  engine = await FaceEngine.start();
  const models = await FaceModels.load();
  sources = await sourceFaces(models, [...ids, 'face18']);
  models.dispose();
  sessionId = (await engine.openSession(cardPhotoOf('face01'))).sessionId;
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describe('quality gates', () => {
  it('passes a clean frontal frame of each person', async () => {
    for (const id of ids) {
      const check = await engine.checkFrame(sessionId, liveFrame(goodFrame(sources.get(id)!)));
      expect(check, id).toEqual({ usable: true, quality: [] });
    }
  }, 60_000);

  for (const code of allQualityCodes) {
    it(`reports ${code} for a frame made for it`, async () => {
      for (const id of ids) {
        const other = sources.get(id === 'face01' ? 'face18' : 'face01')!;
        const check = await engine.checkFrame(sessionId, liveFrame(frameFor(code, sources.get(id)!, other)));
        expect(check.usable, `${id}: ${code}`).toBe(false);
        expect(check.quality, `${id}: ${code}`).toContain(code);
      }
    }, 60_000);
  }

  it('asks for the right thing first when a verification cannot use any frame', async () => {
    const dark = liveFrame(frameFor('too-dark', sources.get('face01')!, sources.get('face02')!));
    const result = await engine.verify(sessionId, [dark, { ...dark, capturedAtMs: 100 }]);
    expect(result.decision).toBe('no-usable-frame');
    expect(result.instruction).toBe('too-dark');
    expect(result.distance).toBeNull();
  }, 60_000);
});

describe('the face-covered rule', () => {
  // Measures as the benchmark saw them (stored frames and two JPEG decoders); the rule alone, no image.
  const face: LiveFaces = {
    gray: { width: 1, height: 1, data: new Uint8Array(1) },
    rgb: null,
    detections: [{ box: { x: 0, y: 0, width: 160, height: 160 }, score: 0.9 }],
    primary: { detection: { box: { x: 0, y: 0, width: 160, height: 160 }, score: 0.9 }, landmarks: [] },
    stage: 'test',
  };
  const measures = (mouthContrast: number, mouthColourRatio: number | null): QualityMeasures => ({
    faces: 1,
    faceWidth: 160,
    sharpness: 1,
    faceLuma: 120,
    surroundLuma: 120,
    yaw: 0,
    pitch: 0,
    roll: 0,
    eyeOpenness: 0.5,
    mouthContrast,
    mouthColourRatio,
  });
  const covered = (mc: number, colour: number | null) => qualityCodes(face, measures(mc, colour)).includes('face-covered');

  it('does not ask an unmasked face with one weak sign to remove a mask', () => {
    expect(covered(0.49, 0.73), 'pale lips').toBe(false);
    expect(covered(0.28, 0.77), 'pale lips, faint lip line').toBe(false);
    expect(covered(0.25, 1.6), 'faint lip line, rosy mouth').toBe(false);
    expect(covered(0.25, null), 'faint lip line, grey camera').toBe(false);
  });

  it('asks a masked face: both signs together, or one beyond doubt', () => {
    expect(covered(0.3, 0.6), 'faint line and pale').toBe(true);
    expect(covered(0.6, 0.3), 'a grey mask with a pleat').toBe(true);
    expect(covered(0.1, 1.1), 'no lip line at all, a coloured mask').toBe(true);
    expect(covered(0.1, null), 'no lip line, grey camera').toBe(true);
  });
});
