// The documented, seeded transformations that turn one fixture photo into benchmark images. Each
// variant starts from a normal frame (baseLiveSpec) and changes one thing.
import type { LivenessChallenge } from '../../../flow/ports/face-verifier';
import type { Canvas } from './canvas';
import { canvasFromGray, canvasFromRgb } from './canvas';
import type { Prng } from './prng';
import type { LiveSpec } from './render';
import { baseLiveSpec, renderHeldPhoto, renderLive } from './render';
import { frameHeight, frameWidth, roomBackground } from './scene';
import type { GrayImage } from '../../../face/image/raster';
import type { SourceFace } from './source-faces';

const degrees = Math.PI / 180;

/** Single-frame variants: name → how the normal frame is changed. */
export const frameVariants: Readonly<Record<string, (base: LiveSpec, prng: Prng) => LiveSpec>> = {
  frontal: (b) => b,
  bright: (b, p) => ({ ...b, face: { ...b.face, gain: p.uniform(1.3, 1.5), gamma: p.uniform(0.8, 0.9) } }),
  dim: (b, p) => ({ ...b, face: { ...b.face, gain: p.uniform(0.45, 0.6) }, noise: p.uniform(4, 6) }),
  'side-light': (b, p) => ({ ...b, sideLight: p.uniform(0.45, 0.6), window: 'side' }),
  backlight: (b, p) => ({ ...b, window: 'behind', face: { ...b.face, gain: p.uniform(0.5, 0.62) } }),
  rotated: (b, p) => ({ ...b, roll: p.sign() * p.uniform(8, 12) * degrees }),
  far: (b, p) => ({ ...b, faceWidthPx: p.uniform(95, 110) }),
  near: (b, p) => ({ ...b, faceWidthPx: p.uniform(250, 290), offset: { x: p.uniform(-20, 20), y: p.uniform(-10, 20) } }),
  blur: (b, p) => ({ ...b, blur: p.uniform(1.6, 2.2) }),
  noise: (b, p) => ({ ...b, noise: p.uniform(9, 12) }),
  glasses: (b) => ({ ...b, glasses: true }),
  mask: (b, p) => ({ ...b, mask: p.pick([[232, 236, 240], [190, 212, 232], [214, 214, 214], [60, 62, 68]] as const) }),
};

export const sequenceLength = 8;
export const frameIntervalMs = 100;

/** Small involuntary head motion between frames: a live person is never perfectly still. */
function sway(base: LiveSpec, prng: Prng, frames: number): LiveSpec[] {
  const specs: LiveSpec[] = [];
  let yaw = base.yaw;
  let pitch = base.pitch;
  let dx = 0;
  let dy = 0;
  for (let k = 0; k < frames; k++) {
    yaw += prng.uniform(-1.2, 1.2) * degrees;
    pitch += prng.uniform(-1, 1) * degrees;
    dx += prng.uniform(-1.5, 1.5);
    dy += prng.uniform(-1, 1);
    specs.push({ ...base, yaw, pitch, offset: { x: base.offset.x + dx, y: base.offset.y + dy } });
  }
  return specs;
}

/** A live person performing a challenge: a blink, or a head turn to their own left or right. */
export function renderLiveSequence(source: SourceFace, challenge: LivenessChallenge, prng: Prng): Canvas[] {
  const base = { ...baseLiveSpec(prng), yaw: 0, pitch: 0 };
  const background = roomBackground(prng);
  const specs = sway(base, prng, sequenceLength);
  const closure = [0, 0, 0, 0.55, 1, 0.5, 0, 0];
  const turn = [0, 0, 4, 9, 14, 19, 22, 24];
  const direction = challenge === 'turn-left' ? 1 : -1; // subject's left = nose towards the image's right
  return specs.map((spec, k) =>
    renderLive(
      source,
      challenge === 'blink'
        ? { ...spec, eyeClosure: closure[k] ?? 0 }
        : { ...spec, yaw: spec.yaw + direction * (turn[k] ?? 0) * degrees },
      prng,
      background,
    ),
  );
}

export type AttackKind =
  | 'card-still'
  | 'other-still'
  | 'moved-still'
  | 'tilted-still'
  | 'moved-print-blink'
  | 'moved-print-turn-left'
  | 'moved-print-turn-right';
export const attackKinds: readonly AttackKind[] = [
  'card-still',
  'other-still',
  'moved-still',
  'tilted-still',
  'moved-print-blink',
  'moved-print-turn-left',
  'moved-print-turn-right',
];

/** The challenge a moved-print attack imitates, or null for the other attacks. */
export function imitatedChallenge(kind: AttackKind): LivenessChallenge | null {
  return kind === 'moved-print-blink' ? 'blink' : kind === 'moved-print-turn-left' ? 'turn-left' : kind === 'moved-print-turn-right' ? 'turn-right' : null;
}

/**
 * Still-image attacks, each a sequence held or moved in front of the camera:
 * - card-still: a print of the card photo itself, held by hand (slight tremor);
 * - other-still: a print of another person's photo, held by hand;
 * - moved-still: a print of the card holder's own (colour) photo, moved across the frame and zoomed;
 * - tilted-still: the holder's photo tilted about its vertical axis, to fake a head turn;
 * - moved-print-<challenge>: a print of the card photo held by hand and moved a few pixels between
 *   frames (a random walk of 1.5–4 px a frame, with a little rotation, zoom and tilt), the way someone
 *   would try to make a picture look alive for that challenge: for a blink only the hand's motion
 *   (which makes the eye measure wobble); for a turn the sheet is also swung up to 18–30° about its
 *   vertical axis towards the asked side and slid that way.
 */
export function renderAttackSequence(
  kind: AttackKind,
  target: SourceFace,
  cardPhoto: GrayImage,
  other: SourceFace,
  prng: Prng,
): Canvas[] {
  const background = roomBackground(prng);
  const fromCard = kind === 'card-still' || imitatedChallenge(kind) !== null;
  const photo = fromCard ? canvasFromGray(cardPhoto) : canvasFromRgb(kind === 'other-still' ? other.image : target.image);
  const faceShare = fromCard ? 0.5 : (kind === 'other-still' ? other : target).faceWidth / photo.width;
  const scale = prng.uniform(150, 190) / (faceShare * photo.width);
  const centre = { x: frameWidth / 2 + prng.uniform(-40, 40), y: frameHeight / 2 + prng.uniform(-10, 30) };
  const direction = prng.sign();
  const imitated = imitatedChallenge(kind);
  // The hand's walk for the moved prints: every frame a few pixels away from the last.
  const walk = { x: 0, y: 0, rotation: 0, zoom: 1, tilt: 0 };
  const swing = prng.uniform(18, 30);
  const frames: Canvas[] = [];
  for (let k = 0; k < sequenceLength; k++) {
    const t = k / (sequenceLength - 1);
    const tremor = { x: prng.uniform(-1.5, 1.5), y: prng.uniform(-1.5, 1.5) };
    const base = { centre: { x: centre.x + tremor.x, y: centre.y + tremor.y }, scale, rotation: prng.uniform(-0.5, 0.5) * degrees, tilt: prng.uniform(-1, 1) * degrees };
    let pose = base;
    if (kind === 'moved-still') {
      pose = { ...base, centre: { x: base.centre.x + direction * (t - 0.5) * 160, y: base.centre.y + (t - 0.5) * 30 }, scale: scale * (0.9 + 0.2 * t), rotation: base.rotation + t * 5 * degrees };
    } else if (kind === 'tilted-still') {
      pose = { ...base, tilt: direction * [0, 0, 5, 10, 15, 20, 25, 28][k]! * degrees };
    } else if (imitated) {
      if (k > 0) {
        const step = prng.uniform(1.5, 4);
        const angle = prng.uniform(0, 2 * Math.PI);
        walk.x += step * Math.cos(angle);
        walk.y += step * Math.sin(angle);
        walk.rotation += prng.uniform(-0.8, 0.8) * degrees;
        walk.zoom *= 1 + prng.uniform(-0.012, 0.012);
        walk.tilt += prng.uniform(-1.5, 1.5) * degrees;
      }
      // Subject's left = nose towards the image's right: the sheet swings and slides that way.
      const side = imitated === 'turn-left' ? 1 : -1;
      const turn = imitated === 'blink' ? 0 : side * swing * Math.max(0, Math.min(1, (k - 1) / (sequenceLength - 3)));
      pose = {
        centre: { x: centre.x + walk.x + (imitated === 'blink' ? 0 : side * turn * 0.6), y: centre.y + walk.y },
        scale: scale * walk.zoom,
        rotation: walk.rotation,
        tilt: walk.tilt + turn * degrees,
      };
    }
    frames.push(renderHeldPhoto(photo, pose, background, prng));
  }
  return frames;
}
