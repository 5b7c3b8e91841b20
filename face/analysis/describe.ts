import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { GrayImage } from '../image/raster';
import { rgbFromGray } from '../image/raster';
import { boxBlurGray, warpGray } from '../image/warp';
import type { FaceModels } from '../model/face-models';
import type { Landmarks68 } from './landmarks68';
import { centroid, distance, eyeCentres, mouthCentre } from './landmarks68';

/** Side of the face chip the recognition net takes. */
export const chipSize = 150;

// The crop face-api uses for descriptors ("dlib alignment"): a square of side eye-to-mouth / 0.45 placed
// at 50 % / 43 % around the centroid of the eyes and mouth. We add one thing: the chip is rotated so
// the eyes are level, which makes tilted heads comparable with the upright card photo.
const relX = 0.5;
const relY = 0.43;
const relScale = 0.45;

/** The aligned 150×150 grey face chip the descriptor is computed from. */
export function alignedChip(image: GrayImage, landmarks: Landmarks68): GrayImage {
  const [eyeA, eyeB] = eyeCentres(landmarks);
  const mouth = mouthCentre(landmarks);
  const eyeToMouth = (distance(eyeA, mouth) + distance(eyeB, mouth)) / 2;
  const size = eyeToMouth / relScale;
  const ref = centroid([eyeA, eyeB, mouth]);
  const angle = Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x);
  const scale = size / chipSize;
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  // Chip pixel (u, v) relative to the chip's reference point, rotated into the image.
  const u0 = relX * chipSize;
  const v0 = relY * chipSize;
  const source = scale > 1.5 ? boxBlurGray(image, Math.floor(scale / 2)) : image;
  return warpGray(
    source,
    { a: cos, b: -sin, c: ref.x - cos * u0 + sin * v0, d: sin, e: cos, f: ref.y - sin * u0 - cos * v0 },
    chipSize,
    chipSize,
  );
}

/** Mirror image (left–right), for test-time augmentation. */
export function mirrored(chip: GrayImage): GrayImage {
  const out = new Uint8Array(chip.data.length);
  for (let y = 0; y < chip.height; y++) {
    const row = y * chip.width;
    for (let x = 0; x < chip.width; x++) out[row + x] = chip.data[row + chip.width - 1 - x]!;
  }
  return { width: chip.width, height: chip.height, data: out };
}

/**
 * 128-d descriptor of an aligned chip, averaged with that of its mirror image (one batch of two).
 * Measured on the benchmark: the average separates genuine from impostor pairs better (smallest
 * impostor distance 0.517 vs 0.497, and fewer genuine pairs above it) for ~40 ms more per frame.
 */
export async function describeChip(models: FaceModels, chip: GrayImage): Promise<Float32Array> {
  const inputs = [chip, mirrored(chip)].map((c) => {
    const rgb = rgbFromGray(c);
    return faceapi.tf.tensor3d(rgb.data, [c.height, c.width, 3], 'int32');
  });
  try {
    const [a, b] = (await models.recognitionNet.computeFaceDescriptor(inputs)) as Float32Array[];
    if (!a || !b) throw new Error('the recognition net returned no descriptor');
    return a.map((v, i) => (v + b[i]!) / 2);
  } finally {
    for (const input of inputs) input.dispose();
  }
}

export function descriptorDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}
