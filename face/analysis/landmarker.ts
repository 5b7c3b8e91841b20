import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { Rect } from '../image/measure';
import type { GrayImage } from '../image/raster';
import { rgbFromGray } from '../image/raster';
import { cropResizeGray } from '../image/warp';
import type { FaceModels } from '../model/face-models';
import type { Landmarks68, Point } from './landmarks68';
import { bounds } from './landmarks68';

const landmarkInputSize = 112;

/** A square around a face box, which is what the landmark net was trained on (a padded box). */
function squareAround(box: Rect, scale: number): Rect {
  const side = Math.max(box.width, box.height) * scale;
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/** 68 landmarks in image pixels for the face in `box` (a detector box or a previous landmark box). */
export async function locateLandmarks(models: FaceModels, image: GrayImage, box: Rect): Promise<Landmarks68> {
  const square = squareAround(box, 1);
  const crop = rgbFromGray(cropResizeGray(image, square, landmarkInputSize, landmarkInputSize));
  const input = faceapi.tf.tensor3d(crop.data, [landmarkInputSize, landmarkInputSize, 3], 'int32');
  try {
    const result = (await models.landmarkNet.detectLandmarks(input)) as faceapi.FaceLandmarks68;
    const scale = square.width / landmarkInputSize;
    return result.positions.map((p): Point => ({ x: square.x + p.x * scale, y: square.y + p.y * scale }));
  } finally {
    input.dispose();
  }
}

/**
 * The box a second landmark pass should use: the landmarks' bounds, grown to the proportions of a
 * detector box (brows to chin, jaw to jaw, plus a margin), so that the result no longer depends on
 * which detector found the face.
 */
export function boxFromLandmarks(landmarks: Landmarks68): Rect {
  const b = bounds(landmarks);
  const grow = 0.12;
  return { x: b.x - b.width * grow, y: b.y - b.height * grow, width: b.width * (1 + 2 * grow), height: b.height * (1 + 2 * grow) };
}
