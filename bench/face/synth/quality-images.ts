// One camera frame made for each quality gate, from a source face (tests and calibration use these).
import { yaw } from '../../../face/analysis/landmarks68';
import type { FaceQualityCode } from '../../../flow/ports/face-verifier';
import type { Canvas } from './canvas';
import { addNoise, adjust, canvasFromRgb, gaussianBlur } from './canvas';
import { Prng } from './prng';
import type { LiveSpec } from './render';
import { baseLiveSpec, renderLive } from './render';
import { frameHeight, frameWidth, placePerson, roomBackground } from './scene';
import type { SourceFace } from './source-faces';

const degrees = Math.PI / 180;

/** A clean frontal frame, the control every gate must pass. */
export function goodFrame(source: SourceFace, seed = 1): Canvas {
  const prng = Prng.of(seed, source.id, 'good');
  return renderLive(source, { ...baseLiveSpec(prng), yaw: 0, pitch: 0, roll: 0, offset: { x: 0, y: -15 } }, prng);
}

/** A frame that should fail exactly `code` (and the gates it implies, e.g. no-face implies nothing else). */
export function frameFor(code: FaceQualityCode, source: SourceFace, other: SourceFace, seed = 1): Canvas {
  const prng = Prng.of(seed, source.id, 'quality', code);
  const base: LiveSpec = { ...baseLiveSpec(prng), yaw: 0, pitch: 0, roll: 0, offset: { x: 0, y: -15 }, faceWidthPx: 170 };
  switch (code) {
    case 'no-face':
      return addNoise(roomBackground(prng), prng, 3);
    case 'multiple-faces': {
      const room = roomBackground(prng);
      const left = placePerson(room, canvasFromRgb(other.image), other.anchor, { scale: 140 / other.faceWidth, rotation: 0, at: { x: frameWidth * 0.27, y: frameHeight * 0.45 } });
      const both = placePerson(left, canvasFromRgb(source.image), source.anchor, { scale: 150 / source.faceWidth, rotation: 0, at: { x: frameWidth * 0.72, y: frameHeight * 0.45 } });
      return addNoise(gaussianBlur(both, 0.5), prng, 3);
    }
    case 'face-too-small':
      return renderLive(source, { ...base, faceWidthPx: 55 }, prng);
    case 'too-blurred':
      return renderLive(source, { ...base, blur: 5 }, prng);
    case 'too-dark':
      return renderLive(source, { ...base, face: { gain: 0.2 }, noise: 3 }, prng, adjust(roomBackground(prng), { gain: 0.22 }));
    case 'backlit':
      return renderLive(source, { ...base, window: 'behind', face: { gain: 0.4 } }, prng);
    case 'head-turned': {
      // Turn further the way the source photo already faces (several fixture faces are not frontal).
      const away = yaw(source.landmarks) > 0 ? 1 : -1;
      return renderLive(source, { ...base, yaw: away * 45 * degrees }, prng);
    }
    case 'eyes-closed':
      return renderLive(source, { ...base, eyeClosure: 1 }, prng);
    case 'face-covered':
      return renderLive(source, { ...base, mask: [225, 230, 236] }, prng);
  }
}

export const allQualityCodes: readonly FaceQualityCode[] = [
  'no-face',
  'multiple-faces',
  'face-too-small',
  'too-blurred',
  'too-dark',
  'backlit',
  'head-turned',
  'eyes-closed',
  'face-covered',
];
