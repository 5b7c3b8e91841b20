import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotoOf, liveFrame, sourceFaces } from '../bench/face/test-support';
import { allQualityCodes, frameFor, goodFrame } from '../bench/face/synth/quality-images';
import type { SourceFace } from '../bench/face/synth/source-faces';
import { FaceModels } from './model/face-models';
import { FaceEngine } from './engine';

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
